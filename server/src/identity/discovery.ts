import { z } from 'zod';
import { AppError } from '../errors.js';
import { fetchIdpJson, type FetchLike } from './idp-fetch.js';
import { isIssuerUrlAllowed } from './issuer-url.js';

/** The parts of an OpenID Provider's discovery document the server relies on. */
export interface DiscoveryDocument {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  deviceAuthorizationEndpoint: string | undefined;
  /** Defaults to `['client_secret_basic']` when the document is silent, as the spec says. */
  tokenEndpointAuthMethods: string[];
}

/** A cached discovery document; concurrent callers share one request. */
export interface Discovery {
  get(): Promise<DiscoveryDocument>;
}

const endpoint = z.string().refine(isIssuerUrlAllowed);

const documentSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: endpoint,
  token_endpoint: endpoint,
  jwks_uri: endpoint,
  device_authorization_endpoint: endpoint.optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
});

/** How long a fetched discovery document is trusted before it is fetched again. */
export const DISCOVERY_MAX_AGE_MS = 60 * 60 * 1000;

/** `<issuer>/.well-known/openid-configuration`, with any trailing slash of the issuer removed. */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Fetches and caches the issuer's discovery document. The document's `issuer` must equal the
 * configured one exactly, and its endpoints must be https (or http on loopback); otherwise, or
 * when it cannot be fetched, `get` throws `idp_unavailable`. Failures are not cached.
 */
export function createDiscovery(options: {
  issuer: string;
  fetch: FetchLike;
  clock: { now(): Date };
}): Discovery {
  let cached: { document: DiscoveryDocument; fetchedAt: number } | undefined;
  let pending: Promise<DiscoveryDocument> | undefined;

  async function load(): Promise<DiscoveryDocument> {
    const body = await fetchIdpJson(options.fetch, discoveryUrl(options.issuer), 'discovery');
    const document = parseDocument(body, options.issuer);
    cached = { document, fetchedAt: options.clock.now().getTime() };
    return document;
  }

  return {
    get() {
      const now = options.clock.now().getTime();
      if (cached !== undefined && now - cached.fetchedAt < DISCOVERY_MAX_AGE_MS) {
        return Promise.resolve(cached.document);
      }
      pending ??= load().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

function parseDocument(body: Record<string, unknown>, issuer: string): DiscoveryDocument {
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new AppError('idp_unavailable', { detail: `discovery: unusable fields: ${fields}` });
  }
  const doc = parsed.data;
  if (doc.issuer !== issuer) {
    throw new AppError('idp_unavailable', {
      detail: 'discovery: the document names another issuer than the configured one',
    });
  }
  return {
    issuer: doc.issuer,
    authorizationEndpoint: doc.authorization_endpoint,
    tokenEndpoint: doc.token_endpoint,
    jwksUri: doc.jwks_uri,
    deviceAuthorizationEndpoint: doc.device_authorization_endpoint,
    tokenEndpointAuthMethods: doc.token_endpoint_auth_methods_supported ?? ['client_secret_basic'],
  };
}
