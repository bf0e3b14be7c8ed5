import type { Config } from '../config.js';
import { isLoopbackHost } from '../identity/issuer-url.js';

/** An idle session ends after 30 minutes without a request. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
/** Any session ends 8 hours after sign-in. */
export const ABSOLUTE_TIMEOUT_MS = 8 * 60 * 60_000;
/** A sign-in must come back from the IdP within 10 minutes. */
export const LOGIN_TIMEOUT_MS = 10 * 60_000;

/** Where the console lives and how its cookies are set; see {@link consoleSettings}. */
export type ConsoleSettings =
  | {
      enabled: true;
      /** The public base URL, e.g. `https://latchkey.example.com` (no trailing slash). */
      base: string;
      /** The base's origin; a console POST must carry it as `Origin`. */
      origin: string;
      /** `<base>/console/callback`, to register at the IdP. */
      redirectUri: string;
      /** Cookies are `Secure` and `__Host-` prefixed on https. */
      secure: boolean;
      sessionCookie: string;
      loginCookie: string;
    }
  | { enabled: false; base: string };

/** The server's public base URL: `LATCHKEY_PUBLIC_URL`, else `http://<listen host>:<port>`. */
export function publicBase(config: Pick<Config, 'publicUrl' | 'listen'>): string {
  if (config.publicUrl !== undefined) return config.publicUrl;
  const { host, port } = config.listen;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The console's settings. It is served only over https, or plain http on a loopback host:
 * anywhere else its cookies would travel in the clear, so it stays off until
 * `LATCHKEY_PUBLIC_URL` names an https address.
 */
export function consoleSettings(config: Pick<Config, 'publicUrl' | 'listen'>): ConsoleSettings {
  const base = publicBase(config);
  const url = new URL(base);
  const secure = url.protocol === 'https:';
  if (!secure && !isLoopbackHost(url.hostname)) return { enabled: false, base };
  const prefix = secure ? '__Host-' : '';
  return {
    enabled: true,
    base,
    origin: url.origin,
    redirectUri: `${base}/console/callback`,
    secure,
    sessionCookie: `${prefix}latchkey_console`,
    loginCookie: `${prefix}latchkey_console_login`,
  };
}
