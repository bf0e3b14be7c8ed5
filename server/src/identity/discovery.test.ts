import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOidcIdentity } from './oidc-identity.js';
import { startTestIssuer, type TestIssuer } from './test-issuer.js';
import { expectRefused, testClock } from './test-support.js';

let issuer: TestIssuer;
const clock = testClock();

beforeEach(async () => {
  issuer = await startTestIssuer();
});
afterEach(() => issuer.close());

describe('discovery', () => {
  it('is fetched once and cached', async () => {
    const identity = createOidcIdentity({ issuer: issuer.issuer, clientId: 'c', clock });
    const first = await identity.metadata();
    await identity.metadata();
    expect(first.issuer).toBe(issuer.issuer);
    expect(first.tokenEndpoint).toBe(`${issuer.issuer}/token`);
    expect(issuer.discoveryFetches()).toBe(1);
  });

  it('is refused when the document names another issuer', async () => {
    issuer.overrideDiscovery({ issuer: 'https://elsewhere.example.com' });
    const identity = createOidcIdentity({ issuer: issuer.issuer, clientId: 'c', clock });
    await expectRefused(identity.metadata(), 'idp_unavailable');
  });

  it('is refused when an endpoint is plain http off loopback', async () => {
    issuer.overrideDiscovery({ token_endpoint: 'http://idp.example.com/token' });
    const identity = createOidcIdentity({ issuer: issuer.issuer, clientId: 'c', clock });
    await expectRefused(identity.metadata(), 'idp_unavailable');
  });

  it('is tried again after a failure', async () => {
    issuer.overrideDiscovery({ issuer: 'https://elsewhere.example.com' });
    const identity = createOidcIdentity({ issuer: issuer.issuer, clientId: 'c', clock });
    await expectRefused(identity.metadata(), 'idp_unavailable');
    issuer.overrideDiscovery({});
    await expect(identity.metadata()).resolves.toMatchObject({ issuer: issuer.issuer });
  });
});
