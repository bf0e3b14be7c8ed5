import type { JWTPayload } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcIdentity } from './oidc-identity.js';
import { startTestIssuer, type TestIssuer, type TestKey } from './test-issuer.js';
import { epochSeconds, expectRefused, testClock } from './test-support.js';
import type { Identity } from './types.js';

const CLIENT_ID = 'latchkey';

let issuer: TestIssuer;
let original: TestKey;
let clock: ReturnType<typeof testClock>;
let identity: Identity;

beforeEach(async () => {
  issuer = await startTestIssuer();
  original = await issuer.createKey('ES256');
  issuer.publish(original);
  clock = testClock();
  identity = createOidcIdentity({ issuer: issuer.issuer, clientId: CLIENT_ID, clock });
});
afterEach(() => issuer.close());

function claims(): JWTPayload {
  const now = epochSeconds(clock);
  return { iss: issuer.issuer, aud: CLIENT_ID, sub: 'user-1', iat: now, exp: now + 300 };
}

async function signInOnce(): Promise<void> {
  await identity.verifyIdToken(await issuer.sign(claims(), original));
}

describe('the issuer key set', () => {
  it('is fetched once and reused for later tokens', async () => {
    await signInOnce();
    await signInOnce();
    expect(issuer.jwksFetches()).toBe(1);
  });

  it('is fetched again for an unknown kid, and a rotated key is then accepted', async () => {
    await signInOnce();
    const rotated = await issuer.createKey('RS256');
    issuer.publish(original, rotated);
    clock.advanceSeconds(31);
    const principal = await identity.verifyIdToken(await issuer.sign(claims(), rotated));
    expect(principal.sub).toBe('user-1');
    expect(issuer.jwksFetches()).toBe(2);
  });

  it('refuses a kid that stays unknown after the refetch', async () => {
    await signInOnce();
    clock.advanceSeconds(31);
    const unpublished = await issuer.createKey('ES256');
    const token = await issuer.sign(claims(), unpublished);
    await expectRefused(identity.verifyIdToken(token), 'id_token_invalid', [token]);
    expect(issuer.jwksFetches()).toBe(2);
  });

  it('is not refetched again within the cooldown, however many unknown kids arrive', async () => {
    await signInOnce();
    clock.advanceSeconds(31);
    const unpublished = await issuer.createKey('ES256');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const token = await issuer.sign(claims(), unpublished, { kid: `made-up-${attempt}` });
      await expectRefused(identity.verifyIdToken(token), 'id_token_invalid');
    }
    expect(issuer.jwksFetches()).toBe(2);
  });

  it('fails closed with idp_unavailable when the JWKS answers with an error', async () => {
    issuer.setJwksAvailable(false);
    const token = await issuer.sign(claims(), original);
    await expectRefused(identity.verifyIdToken(token), 'idp_unavailable', [token]);
  });

  it('fails closed with idp_unavailable when the IdP cannot be reached at all', async () => {
    const token = await issuer.sign(claims(), original);
    await issuer.close();
    await expectRefused(identity.verifyIdToken(token), 'idp_unavailable', [token]);
  });

  it('fails closed when an unknown kid needs a refetch and the JWKS is down', async () => {
    await signInOnce();
    issuer.setJwksAvailable(false);
    clock.advanceSeconds(31);
    const rotated = await issuer.createKey('ES256');
    const token = await issuer.sign(claims(), rotated);
    await expectRefused(identity.verifyIdToken(token), 'idp_unavailable', [token]);
  });
});
