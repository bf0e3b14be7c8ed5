import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { devicePages } from './device-pages.js';
import { messagePage } from './html.js';
import type { DemoUser } from './users.js';

/** A client registered at the demo IdP; without a secret it is public and must use PKCE. */
export interface DemoClient {
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
}

/** The signing algorithm of the demo IdP's ID tokens. */
export const DEMO_SIGNING_ALG = 'ES256';

/** Where the IdP sends the browser for sign-in and consent. */
export const INTERACTION_PATH = '/interaction';

/** Lifetimes of the demo IdP's artifacts, in seconds. */
const DEMO_TTL_SECONDS = {
  AccessToken: 600,
  AuthorizationCode: 60,
  DeviceCode: 600,
  Grant: 3600,
  IdToken: 600,
  Interaction: 600,
  Session: 3600,
};

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * The oidc-provider configuration of the demo IdP: Authorization Code with PKCE (always
 * required), the device flow, `openid email profile groups` scopes with email and groups in the
 * ID token itself, and cookies that work on plain http (they are marked secure only on https).
 */
export function demoConfiguration(options: {
  clients: readonly DemoClient[];
  users: readonly DemoUser[];
  signingKey: JWK;
}): Configuration {
  return {
    clients: options.clients.map(toClientMetadata),
    clientDefaults: { id_token_signed_response_alg: DEMO_SIGNING_ALG },
    jwks: { keys: [options.signingKey as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    // Put scope claims into the ID token too, so the server reads them without userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true, ...devicePages },
      rpInitiatedLogout: { enabled: false },
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    ttl: DEMO_TTL_SECONDS,
    findAccount: (_ctx, sub) => findDemoAccount(options.users, sub),
    renderError: renderError,
  };
}

function toClientMetadata(client: DemoClient): ClientMetadata {
  return {
    client_id: client.clientId,
    ...(client.clientSecret === undefined ? {} : { client_secret: client.clientSecret }),
    redirect_uris: client.redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code', DEVICE_CODE_GRANT],
    token_endpoint_auth_method: client.clientSecret === undefined ? 'none' : 'client_secret_basic',
  };
}

function findDemoAccount(users: readonly DemoUser[], sub: string) {
  const user = users.find((candidate) => candidate.sub === sub);
  if (user === undefined) return undefined;
  return {
    accountId: user.sub,
    claims: () => ({
      sub: user.sub,
      email: user.email,
      email_verified: true,
      name: user.login,
      preferred_username: user.login,
      groups: [...user.groups],
    }),
  };
}

function renderError(ctx: KoaContextWithOIDC, out: { error?: string }) {
  ctx.type = 'html';
  ctx.body = messagePage('Sign-in error', `The request was refused: ${out.error ?? 'error'}.`);
}
