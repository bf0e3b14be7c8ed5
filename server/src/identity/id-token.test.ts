import { UnsecuredJWT, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOidcIdentity } from './oidc-identity.js';
import { startTestIssuer, type TestIssuer, type TestKey } from './test-issuer.js';
import { epochSeconds, expectRefused, testClock } from './test-support.js';
import type { Identity } from './types.js';

const CLIENT_ID = 'latchkey';
const NONCE = 'nonce-from-the-flow';

let issuer: TestIssuer;
let key: TestKey;
let clock: ReturnType<typeof testClock>;
let identity: Identity;

beforeAll(async () => {
  issuer = await startTestIssuer();
  key = await issuer.createKey('ES256');
});
afterAll(() => issuer.close());

beforeEach(() => {
  issuer.publish(key);
  issuer.setJwksAvailable(true);
  clock = testClock();
  identity = createOidcIdentity({ issuer: issuer.issuer, clientId: CLIENT_ID, clock });
});

/** A token that passes every check; each test changes one thing. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const now = epochSeconds(clock);
  const base: Record<string, unknown> = {
    iss: issuer.issuer,
    aud: CLIENT_ID,
    sub: 'user-1',
    iat: now,
    exp: now + 300,
    nonce: NONCE,
    email: 'user@example.com',
    groups: ['netskope-enrollers'],
    ...overrides,
  };
  for (const [name, value] of Object.entries(base)) if (value === undefined) delete base[name];
  return base;
}

async function refusedToken(token: string, nonce: string | undefined = NONCE) {
  const options = nonce === undefined ? {} : { nonce };
  const secrets = [token, token.split('.')[2] ?? ''].filter((secret) => secret !== '');
  return expectRefused(identity.verifyIdToken(token, options), 'id_token_invalid', secrets);
}

describe('an ID token', () => {
  it('is accepted when every check passes, and yields iss, sub, email and groups', async () => {
    const principal = await identity.verifyIdToken(await issuer.sign(claims(), key), {
      nonce: NONCE,
    });
    expect(principal).toEqual({
      iss: issuer.issuer,
      sub: 'user-1',
      email: 'user@example.com',
      groups: ['netskope-enrollers'],
    });
  });

  it('is refused when signed by a key other than the published one with that kid', async () => {
    const impostor = await issuer.createKey('ES256');
    const token = await issuer.sign(claims(), impostor, { kid: key.kid });
    await refusedToken(token);
  });

  it('is refused when the issuer is not exactly the configured one', async () => {
    await refusedToken(await issuer.sign(claims({ iss: `${issuer.issuer}/` }), key));
  });

  it('is refused when the audience does not contain the client id', async () => {
    await refusedToken(await issuer.sign(claims({ aud: 'another-client' }), key));
  });

  it('is refused when several audiences are named and azp is another client', async () => {
    const token = await issuer.sign(claims({ aud: [CLIENT_ID, 'other'], azp: 'other' }), key);
    await refusedToken(token);
  });

  it('is refused when several audiences are named and azp is missing', async () => {
    await refusedToken(await issuer.sign(claims({ aud: [CLIENT_ID, 'other'] }), key));
  });

  it('is accepted with several audiences when azp is the client id', async () => {
    const token = await issuer.sign(claims({ aud: [CLIENT_ID, 'other'], azp: CLIENT_ID }), key);
    await expect(identity.verifyIdToken(token, { nonce: NONCE })).resolves.toMatchObject({
      sub: 'user-1',
    });
  });

  it('is refused when an azp names another client, even with one audience', async () => {
    await refusedToken(await issuer.sign(claims({ azp: 'other' }), key));
  });

  it('is refused when signed with HS256, even with the client id as secret', async () => {
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: key.kid })
      .sign(new TextEncoder().encode(CLIENT_ID.padEnd(32, '-')));
    await refusedToken(token);
  });

  it('is refused when unsigned (alg none)', async () => {
    await refusedToken(new UnsecuredJWT(claims()).encode());
  });

  it('is refused when signed with an algorithm outside the allow-list', async () => {
    const strict = createOidcIdentity({
      issuer: issuer.issuer,
      clientId: CLIENT_ID,
      clock,
      allowedAlgs: ['RS256'],
    });
    const token = await issuer.sign(claims(), key);
    await expectRefused(strict.verifyIdToken(token, { nonce: NONCE }), 'id_token_invalid', [token]);
  });

  it('is refused when expired by more than the 60 s tolerance', async () => {
    const token = await issuer.sign(claims({ exp: epochSeconds(clock) - 61 }), key);
    await refusedToken(token);
  });

  it('is accepted when expired by less than the 60 s tolerance', async () => {
    const token = await issuer.sign(claims({ exp: epochSeconds(clock) - 59 }), key);
    await expect(identity.verifyIdToken(token, { nonce: NONCE })).resolves.toMatchObject({
      sub: 'user-1',
    });
  });

  it('is refused when nbf is beyond the tolerance in the future', async () => {
    await refusedToken(await issuer.sign(claims({ nbf: epochSeconds(clock) + 120 }), key));
  });

  it('is refused when iat is beyond the tolerance in the future', async () => {
    await refusedToken(await issuer.sign(claims({ iat: epochSeconds(clock) + 120 }), key));
  });

  it('is refused without exp', async () => {
    await refusedToken(await issuer.sign(claims({ exp: undefined }), key));
  });

  it('is refused without a nonce when the flow used one', async () => {
    await refusedToken(await issuer.sign(claims({ nonce: undefined }), key));
  });

  it('is refused with a nonce other than the one the flow used', async () => {
    await refusedToken(await issuer.sign(claims({ nonce: 'another-nonce' }), key));
  });

  it('is refused without sub', async () => {
    await refusedToken(await issuer.sign(claims({ sub: undefined }), key));
  });

  it('is refused when it is not a JWT at all', async () => {
    await refusedToken('not-a-token');
  });
});

describe('the principal', () => {
  it('has no email when email_verified is false', async () => {
    const token = await issuer.sign(claims({ email_verified: false }), key);
    const principal = await identity.verifyIdToken(token, { nonce: NONCE });
    expect(principal.email).toBeUndefined();
  });

  it('reads groups from a configured claim holding a single string', async () => {
    const custom = createOidcIdentity({
      issuer: issuer.issuer,
      clientId: CLIENT_ID,
      clock,
      groupsClaim: 'roles',
    });
    const token = await issuer.sign(claims({ roles: 'latchkey-admins' }), key);
    const principal = await custom.verifyIdToken(token, { nonce: NONCE });
    expect(principal.groups).toEqual(['latchkey-admins']);
  });
});

describe('configuration', () => {
  it.each([['none'], ['HS256']])('refuses %s in the algorithm allow-list', (alg) => {
    expect(() =>
      createOidcIdentity({ issuer: issuer.issuer, clientId: CLIENT_ID, clock, allowedAlgs: [alg] }),
    ).toThrow();
  });

  it('refuses an http issuer that is not on loopback', () => {
    expect(() =>
      createOidcIdentity({ issuer: 'http://idp.example.com', clientId: CLIENT_ID, clock }),
    ).toThrow();
  });
});
