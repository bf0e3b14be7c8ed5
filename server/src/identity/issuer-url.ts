import { isIPv4 } from 'node:net';

/**
 * True when `url` may name an OpenID issuer or one of its endpoints: `https://`, or `http://` on
 * a loopback host (127.0.0.0/8, ::1, localhost) for development and tests. Credentials, a query
 * or a fragment in the URL are refused, as OpenID Connect Discovery requires for issuers.
 *
 * @example isIssuerUrlAllowed('http://127.0.0.1:9000') // true
 * @example isIssuerUrlAllowed('http://idp.example.com') // false
 */
export function isIssuerUrlAllowed(url: string): boolean {
  return issuerUrlProblem(url) === undefined;
}

/**
 * Throws a plain `Error` saying why `url` cannot be an issuer (see {@link isIssuerUrlAllowed}).
 * The configuration layer calls it at start and names the variable in its own message.
 */
export function assertIssuerUrlAllowed(url: string): void {
  const problem = issuerUrlProblem(url);
  if (problem !== undefined) throw new Error(problem);
}

/** Whether `hostname` (as `URL.hostname` gives it) is a loopback host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  return isIPv4(host) && host.startsWith('127.');
}

function issuerUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the issuer is not an absolute URL';
  }
  if (parsed.username !== '' || parsed.password !== '')
    return 'the issuer must not carry credentials';
  if (parsed.search !== '' || parsed.hash !== '') {
    return 'the issuer must not have a query or a fragment';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:') {
    return isLoopbackHost(parsed.hostname)
      ? undefined
      : 'an http:// issuer is allowed only on a loopback host; use https://';
  }
  return 'the issuer must use https://';
}
