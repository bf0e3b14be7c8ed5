interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * A minimal cookie jar for driving one host's pages with fetch, as a browser would: it keeps
 * cookies by name and path, honours deletion (`Max-Age=0` or a past `Expires`) and sends the
 * cookies whose path matches. Domains are ignored: one jar talks to one host.
 */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores every `Set-Cookie` of a response. */
  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) this.#storeOne(header);
  }

  /** The `Cookie` header value for `url`, or undefined when no cookie applies. */
  header(url: URL): string | undefined {
    const matching = [...this.#cookies.values()].filter((cookie) =>
      pathMatches(url.pathname, cookie.path),
    );
    if (matching.length === 0) return undefined;
    return matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
  }

  #storeOne(header: string): void {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const cookie = { name: pair.slice(0, separator), value: pair.slice(separator + 1), path: '/' };
    let expired = false;
    for (const attribute of attributes) {
      const [key = '', value = ''] = attribute.split('=', 2);
      const lower = key.toLowerCase();
      if (lower === 'path' && value.startsWith('/')) cookie.path = value;
      if (lower === 'max-age' && Number(value) <= 0) expired = true;
      if (lower === 'expires' && Date.parse(value) <= Date.now()) expired = true;
    }
    const key = `${cookie.name};${cookie.path}`;
    if (expired) this.#cookies.delete(key);
    else this.#cookies.set(key, cookie);
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
