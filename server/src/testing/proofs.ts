import { base64url, SignJWT, type JWK } from 'jose';
import { PROOF_TYPE, proofUrl, publicJwk, ticketHash, type DeviceKey } from '@latchkey/shared';

/** Claims and header a test may bend to make a proof that must be refused. */
export interface ProofShape {
  htm?: string;
  htu?: string;
  ath?: string;
  iat?: number;
  jti?: string;
  typ?: string;
  /** The signing algorithm; must fit the key. */
  alg?: string;
  /** The key the header embeds, in place of the signer's public key. */
  jwk?: JWK;
}

/**
 * Signs a proof like `createProof` does, but with any field overridden, so each check can be
 * shown to refuse on its own.
 */
export async function bentProof(
  key: DeviceKey,
  target: { url: string; ticket: string; now: number },
  shape: ProofShape = {},
): Promise<string> {
  return new SignJWT({
    htm: shape.htm ?? 'POST',
    htu: shape.htu ?? proofUrl(target.url),
    ath: shape.ath ?? (await ticketHash(target.ticket)),
    jti: shape.jti ?? base64url.encode(crypto.getRandomValues(new Uint8Array(18))),
  })
    .setProtectedHeader({
      alg: shape.alg ?? 'ES256',
      typ: shape.typ ?? PROOF_TYPE,
      jwk: shape.jwk ?? (await publicJwk(key)),
    })
    .setIssuedAt(shape.iat ?? target.now)
    .sign(key.privateKey);
}
