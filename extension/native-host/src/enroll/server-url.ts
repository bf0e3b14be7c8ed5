const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * True for `https:` URLs, and for `http:` only on loopback (tests and a local demo): tickets,
 * proofs and tokens never cross a network in the clear.
 */
export function isSafeServerUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // Not a URL at all.
  }
  if (parsed.username || parsed.password) return false;
  return (
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))
  );
}

/** Resolves an API path (`v1/...`) under the server's base URL, keeping any path prefix. */
export function apiUrl(serverUrl: string, path: string): string {
  const base = serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`;
  return new URL(path, base).toString();
}
