import { AppError } from '../errors.js';
import type { DiscoveryDocument } from './discovery.js';
import { idpRequest, readJsonObject, type FetchLike } from './idp-fetch.js';
import type { CodeGrant } from './types.js';

/** How the server authenticates itself at the token endpoint. */
export type ClientAuth =
  { method: 'none' } | { method: 'client_secret_basic' | 'client_secret_post'; secret: string };

/**
 * Picks the client authentication: a public client (`none`) without a secret; with one,
 * `client_secret_basic` when the IdP supports it, else `client_secret_post`.
 */
export function chooseClientAuth(
  document: DiscoveryDocument,
  clientSecret: string | undefined,
): ClientAuth {
  if (clientSecret === undefined || clientSecret === '') return { method: 'none' };
  for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
    if (document.tokenEndpointAuthMethods.includes(method)) return { method, secret: clientSecret };
  }
  throw new AppError('idp_unavailable', {
    detail: 'token endpoint supports neither client_secret_basic nor client_secret_post',
  });
}

/**
 * Redeems an authorization code at the token endpoint (with its PKCE verifier) and returns the
 * ID token, still unverified. An IdP refusal (4xx, e.g. `invalid_grant`) is
 * `code_exchange_failed`; a network failure or 5xx is `idp_unavailable`. Neither the code, the
 * verifier nor any token is put into an error.
 */
export async function redeemCode(options: {
  fetch: FetchLike;
  document: DiscoveryDocument;
  clientId: string;
  auth: ClientAuth;
  grant: CodeGrant;
}): Promise<string> {
  const { auth, grant } = options;
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
    client_id: options.clientId,
  });
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
  };
  if (auth.method === 'client_secret_post') form.set('client_secret', auth.secret);
  if (auth.method === 'client_secret_basic') {
    headers['authorization'] = basicAuthorization(options.clientId, auth.secret);
  }
  const response = await idpRequest(
    options.fetch,
    options.document.tokenEndpoint,
    { method: 'POST', headers, body: form },
    'token endpoint',
  );
  return idTokenFrom(response);
}

/** RFC 6749 section 2.3.1: both parts are form-encoded before base64. */
function basicAuthorization(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

async function idTokenFrom(response: Response): Promise<string> {
  if (response.status >= 500) {
    throw new AppError('idp_unavailable', { detail: `token endpoint: HTTP ${response.status}` });
  }
  if (!response.ok) {
    const error = await oauthErrorCode(response);
    throw new AppError('code_exchange_failed', {
      detail: `token endpoint: HTTP ${response.status}, error ${error}`,
    });
  }
  const body = await readJsonObject(response, 'token endpoint');
  const idToken = body['id_token'];
  if (typeof idToken !== 'string' || idToken === '') {
    throw new AppError('code_exchange_failed', { detail: 'token endpoint: no id_token' });
  }
  return idToken;
}

/** A refusal's OAuth `error` code, reduced to its safe alphabet; the description is dropped. */
async function oauthErrorCode(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string' && /^[a-z0-9_.:-]{1,64}$/i.test(body.error)) {
      return body.error;
    }
  } catch {
    // A refusal without a JSON body is still a refusal; its text is not worth keeping.
  }
  return 'unknown';
}
