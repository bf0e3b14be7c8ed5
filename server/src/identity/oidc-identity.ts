import { redeemCode, chooseClientAuth } from './code-exchange.js';
import { createDiscovery, type DiscoveryDocument } from './discovery.js';
import {
  assertAsymmetricAlgs,
  DEFAULT_ALLOWED_ALGS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  verifyIdTokenClaims,
} from './id-token.js';
import type { FetchLike } from './idp-fetch.js';
import { assertIssuerUrlAllowed } from './issuer-url.js';
import { createJwksCache } from './jwks-cache.js';
import { DEFAULT_GROUPS_CLAIM, principalFromClaims } from './principal.js';
import type { Identity, IdentityMetadata } from './types.js';

/** Options of {@link createOidcIdentity}. */
export interface OidcIdentityOptions {
  /** The issuer exactly as the IdP names it; https, or http on a loopback host. */
  issuer: string;
  clientId: string;
  /** Makes the server a confidential client at the token endpoint; public client without. */
  clientSecret?: string | undefined;
  /** Default RS256, ES256, PS256, EdDSA. `none` and HS* are refused at construction. */
  allowedAlgs?: readonly string[];
  /** Applied to `exp`, `nbf` and `iat`. Default 60. */
  clockToleranceSeconds?: number;
  /** The ID token claim holding group names. Default `groups`. */
  groupsClaim?: string;
  /** Default `globalThis.fetch`. */
  fetch?: FetchLike;
  clock: { now(): Date };
  /** Least time between JWKS refetches caused by unknown key ids. Default 30 s. */
  jwksCooldownMs?: number;
}

/**
 * The server's sign-in against one OpenID Connect issuer: it exchanges authorization codes at
 * the token endpoint (found by discovery, cached) and verifies ID tokens against the issuer's
 * cached JWKS. Both ways end in a fully verified ID token and yield the Principal (`iss` +
 * `sub`, with email and groups as attributes). Throws at construction on an unsafe issuer or
 * algorithm list; at run time only AppError with `code_exchange_failed`, `id_token_invalid` or
 * `idp_unavailable`, never holding a code, verifier or token.
 *
 * @example
 * const identity = createOidcIdentity({ issuer, clientId, clock: { now: () => new Date() } });
 * const principal = await identity.verifyIdToken(bearerToken);
 */
export function createOidcIdentity(options: OidcIdentityOptions): Identity {
  assertIssuerUrlAllowed(options.issuer);
  const allowedAlgs = options.allowedAlgs ?? DEFAULT_ALLOWED_ALGS;
  assertAsymmetricAlgs(allowedAlgs);
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const discovery = createDiscovery({ ...options, fetch: fetchImpl });
  const keys = createJwksCache({
    jwksUri: async () => (await discovery.get()).jwksUri,
    fetch: fetchImpl,
    clock: options.clock,
    cooldownMs: options.jwksCooldownMs,
  });

  const verifyIdToken: Identity['verifyIdToken'] = async (idToken, { nonce } = {}) => {
    const claims = await verifyIdTokenClaims(idToken, {
      issuer: options.issuer,
      clientId: options.clientId,
      allowedAlgs,
      clockToleranceSeconds: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
      clock: options.clock,
      keys,
      nonce,
    });
    return principalFromClaims(claims, options.groupsClaim ?? DEFAULT_GROUPS_CLAIM);
  };

  return {
    verifyIdToken,
    async exchangeCode(grant) {
      const document = await discovery.get();
      const auth = chooseClientAuth(document, options.clientSecret);
      const { clientId } = options;
      const idToken = await redeemCode({ fetch: fetchImpl, document, clientId, auth, grant });
      return verifyIdToken(idToken, grant.nonce === undefined ? {} : { nonce: grant.nonce });
    },
    metadata: async () => metadataOf(await discovery.get()),
  };
}

function metadataOf(document: DiscoveryDocument): IdentityMetadata {
  return {
    issuer: document.issuer,
    deviceAuthorizationEndpoint: document.deviceAuthorizationEndpoint,
    authorizationEndpoint: document.authorizationEndpoint,
    tokenEndpoint: document.tokenEndpoint,
  };
}
