/** Why a server URL was refused. */
export type ServerUrlProblem = 'empty' | 'invalid' | 'insecure' | 'credentials';

export type ServerUrlCheck = { ok: true; url: string } | { ok: false; problem: ServerUrlProblem };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/**
 * Checks a Latchkey server URL: `https://` anywhere, `http://` only on loopback, no user info,
 * no query or fragment. Returns the URL normalised without a trailing slash.
 *
 * @example
 * checkServerUrl('https://latchkey.example.com/');
 * // { ok: true, url: 'https://latchkey.example.com' }
 */
export function checkServerUrl(input: string): ServerUrlCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, problem: 'empty' };

  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { ok: false, problem: 'invalid' };
  }

  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, problem: 'invalid' };
  }
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    return { ok: false, problem: 'insecure' };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, problem: 'credentials' };
  }
  if (parsed.search !== '' || parsed.hash !== '') return { ok: false, problem: 'invalid' };

  return { ok: true, url: `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '') };
}

/**
 * The host permission pattern that covers a server URL, e.g. `https://latchkey.example.com/*`.
 * Chrome match patterns without a port match every port.
 */
export function hostPermissionFor(serverUrl: string): string {
  const { protocol, hostname } = new URL(serverUrl);
  return `${protocol}//${hostname}/*`;
}

/** True for an `https:` URL, or `http:` on loopback: the only links the extension shows. */
export function isHttpsOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
    );
  } catch {
    return false;
  }
}
