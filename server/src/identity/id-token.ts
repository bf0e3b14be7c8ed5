import { timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, type JWTPayload, type JWTVerifyResult } from 'jose';
import { AppError } from '../errors.js';
import type { JwksCache } from './jwks-cache.js';

/** Signature algorithms accepted unless configured otherwise. */
export const DEFAULT_ALLOWED_ALGS = ['RS256', 'ES256', 'PS256', 'EdDSA'] as const;

/** The tolerance applied to `exp`, `nbf` and `iat`, in seconds, unless configured otherwise. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

/** What an ID token is checked against. */
export interface IdTokenCheck {
  issuer: string;
  clientId: string;
  allowedAlgs: readonly string[];
  clockToleranceSeconds: number;
  clock: { now(): Date };
  keys: JwksCache;
  /** When the flow sent a nonce, the token must carry the same one. */
  nonce: string | undefined;
}

/** Claims every verified ID token has. */
export type VerifiedClaims = JWTPayload & { iss: string; sub: string };

/**
 * Refuses `none` and symmetric (HS*) algorithms in an allow-list: a public client id is no
 * secret, so an HMAC key derived from it would let anyone mint tokens.
 */
export function assertAsymmetricAlgs(algs: readonly string[]): void {
  if (algs.length === 0) throw new Error('allowedAlgs must name at least one algorithm');
  const bad = algs.filter((alg) => alg.toLowerCase() === 'none' || /^HS/i.test(alg));
  if (bad.length > 0) throw new Error(`allowedAlgs must not contain ${bad.join(', ')}`);
}

/**
 * Verifies an ID token: signature against the issuer's JWKS, algorithm allow-list, `iss` exact,
 * `aud` containing the client id, `azp` equal to the client id when present or when `aud` has
 * several entries, `exp`/`nbf`/`iat` within the tolerance of the injected clock, `sub` present
 * and the nonce when one is expected. Any failure is `id_token_invalid` (or `idp_unavailable`
 * when the keys cannot be fetched); the error never holds the token.
 */
export async function verifyIdTokenClaims(
  token: string,
  check: IdTokenCheck,
): Promise<VerifiedClaims> {
  const { payload } = await verifySignatureAndTimes(token, check);
  assertSubject(payload);
  assertAuthorizedParty(payload, check.clientId);
  assertIssuedInPast(payload, check);
  assertNonce(payload, check.nonce);
  return payload as VerifiedClaims;
}

async function verifySignatureAndTimes(
  token: string,
  check: IdTokenCheck,
): Promise<JWTVerifyResult> {
  const options = {
    issuer: check.issuer,
    audience: check.clientId,
    algorithms: [...check.allowedAlgs],
    clockTolerance: check.clockToleranceSeconds,
    currentDate: check.clock.now(),
    requiredClaims: ['exp', 'iat'],
  };
  try {
    return await jwtVerify(token, check.keys.getKey, options);
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw toIdTokenError(error);
    return verifyWithCandidates(token, error, options);
  }
}

/** A token without `kid` may match several keys of the set: the first that verifies wins. */
async function verifyWithCandidates(
  token: string,
  candidates: errors.JWKSMultipleMatchingKeys,
  options: Parameters<typeof jwtVerify>[2],
): Promise<JWTVerifyResult> {
  let lastError: unknown = candidates;
  for await (const key of candidates) {
    try {
      return await jwtVerify(token, key, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw toIdTokenError(lastError);
}

function toIdTokenError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JOSEError) {
    const claim = error instanceof errors.JWTClaimValidationFailed ? ` (${error.claim})` : '';
    // The jose error is not kept as cause: its payload carries the token's claims.
    return new AppError('id_token_invalid', { detail: `${error.code}${claim}` });
  }
  return new AppError('id_token_invalid', { detail: 'the token could not be read' });
}

function refuse(detail: string): AppError {
  return new AppError('id_token_invalid', { detail });
}

function assertSubject(payload: JWTPayload): void {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw refuse('sub missing');
}

function assertAuthorizedParty(payload: JWTPayload, clientId: string): void {
  const multipleAudiences = Array.isArray(payload.aud) && payload.aud.length > 1;
  if (payload['azp'] === undefined && !multipleAudiences) return;
  if (payload['azp'] !== clientId) throw refuse('azp is not this client');
}

function assertIssuedInPast(payload: JWTPayload, check: IdTokenCheck): void {
  const now = Math.floor(check.clock.now().getTime() / 1000);
  if (typeof payload.iat !== 'number' || payload.iat > now + check.clockToleranceSeconds) {
    throw refuse('iat is in the future');
  }
}

function assertNonce(payload: JWTPayload, expected: string | undefined): void {
  if (expected === undefined) return;
  const actual = payload['nonce'];
  if (typeof actual !== 'string' || !constantTimeEqual(actual, expected)) {
    throw refuse('nonce missing or not the one the flow sent');
  }
}

/** Compares two strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
