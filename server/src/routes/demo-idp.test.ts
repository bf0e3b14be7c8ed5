import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { extensionRedirectUri, MintResponse, RedeemResponse } from '@latchkey/shared';
import { systemClock } from '../clock.js';
import {
  authorizeAtDemoIdp,
  DEMO_PASSWORD,
  DEMO_USERS,
  pkcePair,
  startDemoIdp,
  type DemoIdp,
} from '../identity/demo-idp/index.js';
import { createOidcIdentity } from '../identity/index.js';
import {
  errorCode,
  it,
  postJson,
  redeemWith,
  thumbprintOf,
  type TestContext,
  type TestContextOptions,
} from '../testing/fixtures.js';

const CLIENT_ID = 'latchkey-route-test';
const REDIRECT_URI = extensionRedirectUri();

let idp: DemoIdp;
beforeAll(async () => {
  idp = await startDemoIdp({
    clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }],
    users: Object.values(DEMO_USERS),
  });
});
afterAll(() => idp.close());

/** The app signed in through the demo IdP, with its own group names. */
function contextAtDemoIdp(contextWith: (options: TestContextOptions) => TestContext): TestContext {
  return contextWith({
    identity: createOidcIdentity({ issuer: idp.issuer, clientId: CLIENT_ID, clock: systemClock }),
    env: {
      LATCHKEY_OIDC_ISSUER: idp.issuer,
      LATCHKEY_OIDC_CLIENT_ID: CLIENT_ID,
      LATCHKEY_ALLOWED_GROUPS: 'netskope-enrollers',
      LATCHKEY_ADMIN_GROUP: 'latchkey-admins',
    },
  });
}

/** Signs in at the demo IdP as a browser would and returns what the extension would send. */
async function signIn(login: string) {
  const { verifier, challenge } = pkcePair();
  const nonce = randomBytes(16).toString('hex');
  const landed = await authorizeAtDemoIdp(
    {
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      codeChallenge: challenge,
      nonce,
    },
    { login, password: DEMO_PASSWORD },
  );
  const code = landed.searchParams.get('code') ?? '';
  return { code, codeVerifier: verifier, redirectUri: REDIRECT_URI, nonce };
}

describe('sign-in through the real demo IdP', () => {
  it.override('ctx', ({ contextWith }) => contextAtDemoIdp(contextWith));

  it('alice signs in, gets a bound ticket, and her device redeems it', async ({ ctx, key }) => {
    const grant = await signIn('alice');

    const res = await postJson(ctx, '/v1/tickets', {
      ...grant,
      device: { platform: 'linux' },
      jkt: await thumbprintOf(key),
    });

    expect(res.status).toBe(201);
    const minted = MintResponse.parse(await res.json());
    const redeemed = RedeemResponse.parse(await (await redeemWith(ctx, minted.ticket, key)).json());
    expect(redeemed.user.email).toBe(DEMO_USERS.alice.email);
  });

  it('an authorization code works once only', async ({ ctx }) => {
    const grant = await signIn('alice');
    const body = { ...grant, device: { platform: 'linux' } };
    expect((await postJson(ctx, '/v1/tickets', body)).status).toBe(201);

    expect(await errorCode(await postJson(ctx, '/v1/tickets', body))).toBe('code_exchange_failed');
  });

  it('bob, outside the allowed group, is refused', async ({ ctx }) => {
    const grant = await signIn('bob');
    const res = await postJson(ctx, '/v1/tickets', { ...grant, device: { platform: 'mac' } });
    expect(await errorCode(res)).toBe('not_in_allowed_group');
  });

  it('an admin-group ID token opens the audit; an ordinary user token does not', async ({
    ctx,
  }) => {
    const admin = await idp.signIdToken({ user: DEMO_USERS.admin, clientId: CLIENT_ID });
    const alice = await idp.signIdToken({ user: DEMO_USERS.alice, clientId: CLIENT_ID });
    const audit = (token: string) =>
      ctx.app.request('/v1/audit/verify', { headers: { authorization: `Bearer ${token}` } });

    expect((await audit(admin)).status).toBe(200);
    expect(await errorCode(await audit(alice))).toBe('forbidden');
  });
});
