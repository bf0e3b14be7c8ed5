/**
 * PKCE (RFC 7636, S256) and the random values of an authorization request.
 *
 * The verifier is 32 CSPRNG bytes in base64url (43 characters, inside the 43-128 the RFC
 * allows); state and nonce are made the same way.
 */

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random base64url string from `bytes` CSPRNG bytes (default 32). */
export function randomToken(bytes = 32): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge: base64url(SHA-256(ASCII(verifier))). */
export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(verifier),
  );
  return base64url(new Uint8Array(digest));
}

/** The values one sign-in needs. Kept in `storage.session` only while the sign-in runs. */
export interface AuthorizationSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Makes fresh state, nonce and code verifier. */
export function createAuthorizationSecrets(): AuthorizationSecrets {
  return { state: randomToken(), nonce: randomToken(), codeVerifier: randomToken() };
}
