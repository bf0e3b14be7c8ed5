import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizeAtDemoIdp,
  DEMO_PASSWORD,
  DEMO_USERS,
  pkcePair,
  startDemoIdp,
  type DemoIdp,
  type DemoUser,
} from './demo-idp/index.js';
import { createOidcIdentity } from './oidc-identity.js';
import { startTestIssuer } from './test-issuer.js';
import { expectRefused } from './test-support.js';
import type { CodeGrant, Identity } from './types.js';

const PUBLIC_CLIENT = 'latchkey';
const CONFIDENTIAL_CLIENT = 'latchkey-server';
const CLIENT_SECRET = randomBytes(24).toString('base64url');
const REDIRECT_URI = 'https://blhigabkoiaiikkjiiciomkhdmmlekoj.chromiumapp.org/';

let idp: DemoIdp;
let identity: Identity;
const clock = { now: () => new Date() };

beforeAll(async () => {
  idp = await startDemoIdp({
    clients: [
      { clientId: PUBLIC_CLIENT, redirectUris: [REDIRECT_URI] },
      { clientId: CONFIDENTIAL_CLIENT, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] },
    ],
  });
  identity = createOidcIdentity({ issuer: idp.issuer, clientId: PUBLIC_CLIENT, clock });
});
afterAll(() => idp.close());

/** Signs `user` in through the browser part of the flow and returns what the server receives. */
async function signIn(user: DemoUser, clientId = PUBLIC_CLIENT): Promise<CodeGrant> {
  const pkce = pkcePair();
  const nonce = randomBytes(16).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const request = {
    issuer: idp.issuer,
    clientId,
    redirectUri: REDIRECT_URI,
    codeChallenge: pkce.challenge,
    nonce,
    state,
  };
  const landing = await authorizeAtDemoIdp(request, { login: user.login, password: DEMO_PASSWORD });
  expect(landing.origin + landing.pathname).toBe(REDIRECT_URI);
  expect(landing.searchParams.get('state')).toBe(state);
  const code = landing.searchParams.get('code');
  if (code === null) throw new Error('the IdP returned no code');
  return { code, codeVerifier: pkce.verifier, redirectUri: REDIRECT_URI, nonce };
}

function secretsOf(grant: CodeGrant): string[] {
  return [grant.code, grant.codeVerifier];
}

describe('the Authorization Code + PKCE flow', () => {
  it('exchanges the code for a verified principal with iss, sub, email and groups', async () => {
    const principal = await identity.exchangeCode(await signIn(DEMO_USERS.alice));
    expect(principal).toEqual({
      iss: idp.issuer,
      sub: DEMO_USERS.alice.sub,
      email: 'alice@example.com',
      groups: ['netskope-enrollers'],
    });
  });

  it('carries every group of an admin', async () => {
    const principal = await identity.exchangeCode(await signIn(DEMO_USERS.admin));
    expect(principal.groups).toEqual(['latchkey-admins', 'netskope-enrollers']);
  });

  it('refuses a code presented with another PKCE verifier', async () => {
    const grant = await signIn(DEMO_USERS.alice);
    const wrong = { ...grant, codeVerifier: pkcePair().verifier };
    await expectRefused(identity.exchangeCode(wrong), 'code_exchange_failed', [
      ...secretsOf(grant),
      wrong.codeVerifier,
    ]);
  });

  it('refuses a code presented with another redirect URI', async () => {
    const grant = await signIn(DEMO_USERS.alice);
    const wrong = { ...grant, redirectUri: 'https://attacker.example/callback' };
    await expectRefused(identity.exchangeCode(wrong), 'code_exchange_failed', secretsOf(grant));
  });

  it('refuses a code that was already exchanged', async () => {
    const grant = await signIn(DEMO_USERS.alice);
    await identity.exchangeCode(grant);
    await expectRefused(identity.exchangeCode(grant), 'code_exchange_failed', secretsOf(grant));
  });

  it('refuses the ID token when the nonce is not the one the flow sent', async () => {
    const grant = await signIn(DEMO_USERS.alice);
    const wrong = { ...grant, nonce: randomBytes(16).toString('base64url') };
    await expectRefused(identity.exchangeCode(wrong), 'id_token_invalid', secretsOf(grant));
  });

  it('redirects with error=access_denied and no code when the user cancels', async () => {
    const pkce = pkcePair();
    const landing = await authorizeAtDemoIdp(
      {
        issuer: idp.issuer,
        clientId: PUBLIC_CLIENT,
        redirectUri: REDIRECT_URI,
        codeChallenge: pkce.challenge,
        state: 's1',
      },
      'cancel',
    );
    expect(landing.searchParams.get('error')).toBe('access_denied');
    expect(landing.searchParams.get('state')).toBe('s1');
    expect(landing.searchParams.has('code')).toBe(false);
  });
});

describe('a confidential client', () => {
  it('exchanges the code with its secret', async () => {
    const confidential = createOidcIdentity({
      issuer: idp.issuer,
      clientId: CONFIDENTIAL_CLIENT,
      clientSecret: CLIENT_SECRET,
      clock,
    });
    const principal = await confidential.exchangeCode(
      await signIn(DEMO_USERS.bob, CONFIDENTIAL_CLIENT),
    );
    expect(principal.sub).toBe(DEMO_USERS.bob.sub);
    expect(principal.groups).toEqual([]);
  });

  it('is refused with a wrong secret, which never appears in the error', async () => {
    const wrongSecret = randomBytes(24).toString('base64url');
    const confidential = createOidcIdentity({
      issuer: idp.issuer,
      clientId: CONFIDENTIAL_CLIENT,
      clientSecret: wrongSecret,
      clock,
    });
    const grant = await signIn(DEMO_USERS.alice, CONFIDENTIAL_CLIENT);
    await expectRefused(confidential.exchangeCode(grant), 'code_exchange_failed', [
      ...secretsOf(grant),
      wrongSecret,
    ]);
  });
});

describe('an IdP that fails', () => {
  const grant: CodeGrant = {
    code: 'code-that-must-not-leak',
    codeVerifier: 'verifier-that-must-not-leak-0123456789abcdefghijk',
    redirectUri: REDIRECT_URI,
    nonce: 'n',
  };

  it('answering 5xx at the token endpoint is idp_unavailable', async () => {
    const issuer = await startTestIssuer();
    try {
      issuer.setTokenResponse(503, { error: 'temporarily_unavailable' });
      const failing = createOidcIdentity({ issuer: issuer.issuer, clientId: PUBLIC_CLIENT, clock });
      await expectRefused(failing.exchangeCode(grant), 'idp_unavailable', secretsOf(grant));
    } finally {
      await issuer.close();
    }
  });

  it('that cannot be reached is idp_unavailable', async () => {
    const issuer = await startTestIssuer();
    const unreachable = createOidcIdentity({
      issuer: issuer.issuer,
      clientId: PUBLIC_CLIENT,
      clock,
    });
    await issuer.close();
    await expectRefused(unreachable.exchangeCode(grant), 'idp_unavailable', secretsOf(grant));
  });

  it('answering 200 without an ID token is code_exchange_failed', async () => {
    const issuer = await startTestIssuer();
    try {
      issuer.setTokenResponse(200, { access_token: 'at', token_type: 'Bearer' });
      const odd = createOidcIdentity({ issuer: issuer.issuer, clientId: PUBLIC_CLIENT, clock });
      await expectRefused(odd.exchangeCode(grant), 'code_exchange_failed', secretsOf(grant));
    } finally {
      await issuer.close();
    }
  });
});
