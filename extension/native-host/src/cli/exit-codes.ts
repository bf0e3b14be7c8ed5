import type { HelperErrorCode } from '@latchkey/shared';

/**
 * `latchkey-host` exit codes. Scripts may rely on them; they are listed in the README.
 */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  originRefused: 3,
  serverUnreachable: 4,
  serverRefused: 5,
  installerFailed: 6,
  tokenRequired: 7,
  elevationRefused: 8,
  unconfirmed: 9,
  busy: 10,
  unsupported: 11,
  signInFailed: 12,
  mismatch: 13,
} as const;

const BY_CODE: Record<HelperErrorCode, number> = {
  origin_refused: EXIT.originRefused,
  message_malformed: EXIT.usage,
  message_too_large: EXIT.usage,
  server_unreachable: EXIT.serverUnreachable,
  redeem_refused: EXIT.serverRefused,
  installer_not_found: EXIT.installerFailed,
  installer_failed: EXIT.installerFailed,
  elevation_refused: EXIT.elevationRefused,
  token_required: EXIT.tokenRequired,
  enrollment_unconfirmed: EXIT.unconfirmed,
  platform_unsupported: EXIT.unsupported,
  busy: EXIT.busy,
  internal: EXIT.internal,
};

/** The exit code for a helper error code. */
export function exitCodeFor(code: HelperErrorCode): number {
  return BY_CODE[code];
}
