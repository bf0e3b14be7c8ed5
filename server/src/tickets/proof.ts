import { EmbeddedJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import {
  PROOF_ALG,
  PROOF_MAX_AGE_SECONDS,
  PROOF_TYPE,
  jwkThumbprint,
  proofUrl,
  ticketHash,
} from '@latchkey/shared';
import { AppError } from '../errors.js';

/** A proof whose signature and claims all held. */
export interface VerifiedProof {
  /** RFC 7638 thumbprint of the key that signed it. */
  jkt: string;
  jti: string;
  /** When its `jti` may be forgotten: after this, `iat` is too old to pass anyway. */
  expiresAt: number;
}

/** The outcome of {@link checkProof}; a failure is carried, not thrown, so it can be audited. */
export type ProofCheck = { ok: true; proof: VerifiedProof } | { ok: false; error: AppError };

/** What the proof must have been made for. */
export interface ProofTarget {
  method: string;
  /** The request URL as the server sees it (the public URL behind a proxy). */
  url: string;
  ticket: string;
}

const MAX_PROOF_LENGTH = 4096;

function invalid(detail: string, cause?: unknown): ProofCheck {
  return { ok: false, error: new AppError('proof_invalid', { detail, cause }) };
}

function claimsProblem(claims: JWTPayload, target: ProofTarget, ath: string, now: number) {
  if (claims.htm !== target.method.toUpperCase()) return 'htm';
  if (claims.htu !== proofUrl(target.url)) return 'htu';
  if (claims.ath !== ath) return 'ath';
  if (typeof claims.iat !== 'number' || Math.abs(now - claims.iat) > PROOF_MAX_AGE_SECONDS) {
    return 'iat';
  }
  if (typeof claims.jti !== 'string' || claims.jti.length < 8 || claims.jti.length > 128) {
    return 'jti';
  }
  return undefined;
}

/**
 * Checks a `Latchkey-Proof` header: an ES256 JWT (no other algorithm) of type
 * `latchkey-proof+jwt` signed by the public P-256 key in its own `jwk` header (jose's EmbeddedJWK
 * refuses one that carries its private part), with `htm`, `htu`, `ath` = SHA-256 of the ticket,
 * `iat` within {@link PROOF_MAX_AGE_SECONDS} of `now`, and a `jti`. Does not look at replays or
 * the ticket's binding: the caller does that inside its transaction.
 */
export async function checkProof(
  header: string | undefined,
  target: ProofTarget,
  now: Date,
): Promise<ProofCheck> {
  if (header === undefined || header === '') {
    return { ok: false, error: new AppError('proof_required') };
  }
  if (header.length > MAX_PROOF_LENGTH) return invalid('too long');
  let verified;
  try {
    verified = await jwtVerify(header, EmbeddedJWK, {
      algorithms: [PROOF_ALG],
      typ: PROOF_TYPE,
      currentDate: now,
    });
  } catch (error) {
    return invalid('signature or header', error);
  }
  const jwk = verified.protectedHeader.jwk as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') return invalid('key type');
  const seconds = Math.floor(now.getTime() / 1000);
  const problem = claimsProblem(verified.payload, target, await ticketHash(target.ticket), seconds);
  if (problem) return invalid(`claim ${problem}`);
  const iat = verified.payload.iat as number;
  return {
    ok: true,
    proof: {
      jkt: await jwkThumbprint(jwk),
      jti: verified.payload.jti as string,
      expiresAt: (iat + PROOF_MAX_AGE_SECONDS + 1) * 1000,
    },
  };
}
