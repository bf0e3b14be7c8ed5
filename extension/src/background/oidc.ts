import type { ConfigResponse } from '@latchkey/shared';
import { isHttpsOrLoopback } from '../lib/server-url.js';
import { FlowError } from './flow-error.js';
import { createAuthorizationSecrets, pkceChallenge, type AuthorizationSecrets } from './pkce.js';

/** The `storage.session` key that holds state, nonce and verifier while a sign-in runs. */
export const SIGNIN_SESSION_KEY = 'signin';

/** The slice of `storage.session` the sign-in uses. */
export interface SessionStore {
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** What the sign-in needs from the browser; the background passes the real APIs. */
export interface SignInDeps {
  fetch: typeof fetch;
  /** `identity.launchWebAuthFlow({ url, interactive: true })`, resolving to the redirect URL. */
  launchWebAuthFlow(url: string): Promise<string>;
  /** `identity.getRedirectURL()`: `https://<extension id>.chromiumapp.org/`. */
  redirectUri: string;
  session: SessionStore;
}

/** What the server needs to exchange the code. Held in memory only until the mint. */
export interface SignInResult {
  code: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
}

/**
 * Signs the user in with Authorization Code + PKCE (S256), state and nonce, and returns the code
 * for the server to exchange. State, nonce and verifier live in `storage.session` only for the
 * duration and are removed afterwards, whether the sign-in succeeds or fails.
 */
export async function signIn(deps: SignInDeps, config: ConfigResponse): Promise<SignInResult> {
  const endpoint = await discoverAuthorizationEndpoint(deps.fetch, config.issuer);
  const secrets = createAuthorizationSecrets();
  await deps.session.set({ [SIGNIN_SESSION_KEY]: secrets });
  try {
    const url = await authorizationUrl(endpoint, config, deps.redirectUri, secrets);
    const redirect = await launch(deps, url);
    const code = parseAuthorizationResponse(redirect, {
      redirectUri: deps.redirectUri,
      state: secrets.state,
      issuer: config.issuer,
    });
    return {
      code,
      codeVerifier: secrets.codeVerifier,
      nonce: secrets.nonce,
      redirectUri: deps.redirectUri,
    };
  } finally {
    await deps.session.remove(SIGNIN_SESSION_KEY);
  }
}

/**
 * Reads the IdP's `authorization_endpoint` from its OpenID discovery document. The issuer the
 * server names and the endpoint must both be https (http only on loopback).
 */
export async function discoverAuthorizationEndpoint(
  fetchFn: typeof fetch,
  issuer: string,
): Promise<string> {
  if (!isHttpsOrLoopback(issuer)) {
    throw new FlowError('idp_unavailable', { detail: 'issuer must use https' });
  }
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let document: { issuer?: unknown; authorization_endpoint?: unknown };
  try {
    const response = await fetchFn(url, { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = (await response.json()) as typeof document;
  } catch (cause) {
    throw new FlowError('idp_unavailable', { cause });
  }

  const endpoint = document.authorization_endpoint;
  if (document.issuer !== issuer || typeof endpoint !== 'string' || !isHttpsOrLoopback(endpoint)) {
    throw new FlowError('idp_unavailable', { detail: 'discovery document not valid' });
  }
  return endpoint;
}

/** Builds the authorization request URL (response_type=code, S256 challenge, state, nonce). */
export async function authorizationUrl(
  endpoint: string,
  config: ConfigResponse,
  redirectUri: string,
  secrets: AuthorizationSecrets,
): Promise<string> {
  const url = new URL(endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', secrets.state);
  url.searchParams.set('nonce', secrets.nonce);
  url.searchParams.set('code_challenge', await pkceChallenge(secrets.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

async function launch(deps: SignInDeps, url: string): Promise<string> {
  try {
    return await deps.launchWebAuthFlow(url);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // Chrome's words when the person closes the sign-in window.
    if (/did not approve|cancel/i.test(message)) throw new FlowError('signin_cancelled', { cause });
    if (/could not be loaded/i.test(message)) throw new FlowError('idp_unavailable', { cause });
    throw new FlowError('signin_refused', { cause });
  }
}

/** What the authorization response must match. */
export interface ExpectedResponse {
  redirectUri: string;
  state: string;
  issuer: string;
}

/**
 * Checks the authorization response and returns its code. A response for another redirect, with
 * another state or (RFC 9207) another issuer is refused as `signin_state_mismatch`; an IdP error
 * (e.g. `access_denied`) becomes `signin_refused` with the IdP's error code as detail.
 */
export function parseAuthorizationResponse(redirect: string, expected: ExpectedResponse): string {
  const url = new URL(redirect);
  if (`${url.origin}${url.pathname}` !== expected.redirectUri) {
    throw new FlowError('signin_state_mismatch');
  }
  const params = url.searchParams;
  if (!sameString(params.get('state') ?? '', expected.state)) {
    throw new FlowError('signin_state_mismatch');
  }
  const iss = params.get('iss');
  if (iss !== null && iss !== expected.issuer) throw new FlowError('signin_state_mismatch');

  const error = params.get('error');
  if (error !== null) throw new FlowError('signin_refused', { detail: idpErrorCode(error) });
  const code = params.get('code');
  if (code === null || code === '') throw new FlowError('signin_refused');
  return code;
}

/** Only the IdP's error code, which is a registered token, is kept as detail. */
function idpErrorCode(error: string): string {
  return /^[a-z_]{1,64}$/.test(error) ? error : 'error';
}

/** Constant-time string comparison. */
function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
