export { createOidcIdentity, type OidcIdentityOptions } from './oidc-identity.js';
export { assertIssuerUrlAllowed, isIssuerUrlAllowed, isLoopbackHost } from './issuer-url.js';
export { assertInAllowedGroup, groupPolicy, isAdmin, type GroupPolicy } from './group-policy.js';
export { DEFAULT_ALLOWED_ALGS, DEFAULT_CLOCK_TOLERANCE_SECONDS } from './id-token.js';
export { DEFAULT_GROUPS_CLAIM } from './principal.js';
export type { FetchLike } from './idp-fetch.js';
export type { CodeGrant, Identity, IdentityMetadata, Principal } from './types.js';
