import { SignJWT, base64url, calculateJwkThumbprint, exportJWK, type JWK } from 'jose';

/**
 * Device key proofs: a short ES256 JWT, in the spirit of DPoP (RFC 9449), that shows the caller
 * holds the private key whose RFC 7638 thumbprint a ticket is bound to.
 *
 * Claims: `htm` (HTTP method), `htu` (the request URL without query or fragment), `iat`, a
 * unique `jti` (the server refuses a second use) and `ath`, the base64url SHA-256 of the ticket,
 * so a proof made for one ticket cannot be replayed for another. The public key travels in the
 * protected header as `jwk`.
 */
export const PROOF_HEADER = 'Latchkey-Proof';
export const PROOF_TYPE = 'latchkey-proof+jwt';
export const PROOF_ALG = 'ES256';
/** How far a proof's `iat` may be from the server's clock, in seconds. */
export const PROOF_MAX_AGE_SECONDS = 60;

/** A device key pair as WebCrypto keys; the private key may be non-extractable. */
export interface DeviceKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Makes a P-256 key pair. Pass `extractable: false` where the key never leaves the device. */
export async function generateDeviceKey(extractable: boolean): Promise<DeviceKey> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    extractable,
    ['sign', 'verify'],
  );
  return { privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** The public half as a minimal JWK (`kty`, `crv`, `x`, `y`). */
export async function publicJwk(key: DeviceKey): Promise<JWK> {
  const { kty, crv, x, y } = await exportJWK(key.publicKey);
  return { kty, crv, x, y };
}

/** RFC 7638 SHA-256 thumbprint of a public JWK, base64url. */
export function jwkThumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256');
}

/** base64url SHA-256 of a ticket: the `ath` claim. The ticket itself never enters a proof. */
export async function ticketHash(ticket: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(ticket));
  return base64url.encode(new Uint8Array(digest));
}

/** Strips query and fragment, as both sides must when comparing `htu`. */
export function proofUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** What a proof is made for. */
export interface ProofTarget {
  method: string;
  url: string;
  ticket: string;
  /** Seconds since the epoch; defaults to now. */
  now?: number;
}

/** Signs a proof for one request. */
export async function createProof(key: DeviceKey, target: ProofTarget): Promise<string> {
  const jti = base64url.encode(globalThis.crypto.getRandomValues(new Uint8Array(18)));
  return new SignJWT({
    htm: target.method.toUpperCase(),
    htu: proofUrl(target.url),
    ath: await ticketHash(target.ticket),
    jti,
  })
    .setProtectedHeader({ alg: PROOF_ALG, typ: PROOF_TYPE, jwk: await publicJwk(key) })
    .setIssuedAt(target.now ?? Math.floor(Date.now() / 1000))
    .sign(key.privateKey);
}
