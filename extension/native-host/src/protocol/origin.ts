import { extensionOrigin } from '@latchkey/shared';

/** Chrome extension ids: 32 letters a-p. */
export const EXTENSION_ID_REGEX = /^[a-p]{32}$/;

/** The origins the helper answers: the Latchkey extension plus any configured extra ids. */
export function allowedOrigins(extraIds: readonly string[] = []): string[] {
  const ids = extraIds.filter((id) => EXTENSION_ID_REGEX.test(id));
  return [extensionOrigin(), ...ids.map((id) => extensionOrigin(id))];
}

/**
 * Whether Chrome's caller origin (its first argument to the host, `chrome-extension://<id>/`) is
 * allowed. The comparison is exact: no prefix, case or trailing-slash tolerance.
 *
 * This is a second fence behind the manifest's `allowed_origins`, not a security boundary: any
 * local program can start the helper with any arguments. The server's key-bound tickets are the
 * real control.
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return allowed.includes(origin);
}

/** True when an argument looks like the origin Chrome passes, allowed or not. */
export function looksLikeOrigin(arg: string): boolean {
  return /^chrome-extension:\/\//.test(arg);
}
