import { describe, expect, it } from 'vitest';
import { FlowError } from './flow-error.js';
import {
  authorizationUrl,
  discoverAuthorizationEndpoint,
  parseAuthorizationResponse,
} from './oidc.js';
import { pkceChallenge } from './pkce.js';
import { CONFIG, ISSUER, REDIRECT_URI, json } from './test-fakes.js';

const expected = { redirectUri: REDIRECT_URI, state: 'state-1234567890', issuer: ISSUER };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof FlowError) return error.code;
    throw error;
  }
  return undefined;
}

describe('the authorization request', () => {
  it('asks for a code with an S256 challenge, state and nonce', async () => {
    const secrets = { state: 's'.repeat(43), nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43) };
    const url = new URL(await authorizationUrl(`${ISSUER}/auth`, CONFIG, REDIRECT_URI, secrets));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CONFIG.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'openid email profile groups',
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await pkceChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
    });
    expect(url.toString()).not.toContain(secrets.codeVerifier);
  });

  it('refuses a discovery document for another issuer', async () => {
    const fetchFn = async () =>
      json(200, { issuer: 'https://evil.test', authorization_endpoint: 'https://evil.test/a' });
    await expect(discoverAuthorizationEndpoint(fetchFn, ISSUER)).rejects.toMatchObject({
      code: 'idp_unavailable',
    });
  });

  it('refuses a plain-http issuer off loopback without fetching its discovery', async () => {
    const fetched: string[] = [];
    const fetchFn = async (url: string | URL | Request) => {
      fetched.push(String(url));
      return json(200, { issuer: 'http://idp.test', authorization_endpoint: 'https://idp.test/a' });
    };
    await expect(discoverAuthorizationEndpoint(fetchFn, 'http://idp.test')).rejects.toMatchObject({
      code: 'idp_unavailable',
    });
    expect(fetched).toEqual([]);
  });

  it('refuses a plain-http authorization endpoint off loopback', async () => {
    const fetchFn = async () =>
      json(200, { issuer: ISSUER, authorization_endpoint: 'http://idp.test/a' });
    await expect(discoverAuthorizationEndpoint(fetchFn, ISSUER)).rejects.toMatchObject({
      code: 'idp_unavailable',
    });
  });
});

describe('the authorization response', () => {
  it('yields the code when state, issuer and redirect match', () => {
    const code = parseAuthorizationResponse(
      `${REDIRECT_URI}?code=abc&state=${expected.state}&iss=${ISSUER}`,
      expected,
    );
    expect(code).toBe('abc');
  });

  it.each([
    ['another state', `${REDIRECT_URI}?code=abc&state=state-0000000000`],
    ['no state', `${REDIRECT_URI}?code=abc`],
    ['another issuer', `${REDIRECT_URI}?code=abc&state=${expected.state}&iss=https://evil.test`],
    ['another redirect', `https://evil.test/?code=abc&state=${expected.state}`],
    ['an error with another state', `${REDIRECT_URI}?error=access_denied&state=other`],
  ])('refuses a response with %s as signin_state_mismatch', (_name, url) => {
    expect(codeOf(() => parseAuthorizationResponse(url, expected))).toBe('signin_state_mismatch');
  });

  it('turns an IdP error into signin_refused, keeping only its code', () => {
    let caught: unknown;
    try {
      parseAuthorizationResponse(
        `${REDIRECT_URI}?error=access_denied&error_description=no&state=${expected.state}`,
        expected,
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'signin_refused', info: { detail: 'access_denied' } });
  });

  it('refuses a response with neither code nor error', () => {
    expect(
      codeOf(() => parseAuthorizationResponse(`${REDIRECT_URI}?state=${expected.state}`, expected)),
    ).toBe('signin_refused');
  });
});
