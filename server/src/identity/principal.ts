import type { JWTPayload } from 'jose';
import type { Principal } from './types.js';

/** The claim that carries group names unless configured otherwise. */
export const DEFAULT_GROUPS_CLAIM = 'groups';

/**
 * Builds the Principal from verified ID token claims. `email` is kept only when present and not
 * marked `email_verified: false`; groups come from `groupsClaim` as an array of strings (other
 * entries are dropped) or a single string.
 */
export function principalFromClaims(
  claims: JWTPayload & { iss: string; sub: string },
  groupsClaim: string = DEFAULT_GROUPS_CLAIM,
): Principal {
  return {
    iss: claims.iss,
    sub: claims.sub,
    email: verifiedEmail(claims),
    groups: groupsFrom(claims[groupsClaim]),
  };
}

function verifiedEmail(claims: JWTPayload): string | undefined {
  const email = claims['email'];
  if (typeof email !== 'string' || email === '') return undefined;
  return claims['email_verified'] === false ? undefined : email;
}

function groupsFrom(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (!Array.isArray(value)) return [];
  return value.filter((group): group is string => typeof group === 'string' && group !== '');
}
