import { describe, expect } from 'vitest';
import { RedeemResponse } from '@latchkey/shared';
import { auditEvents, codeOf, errorCode, it, mintAs, redeemWith } from '../testing/fixtures.js';
import { demoProfile, parseProfile, type EnrollmentProfile } from './profile.js';
import { releaseMaterial, resolveMode } from './release.js';

function profileWith(change: (p: EnrollmentProfile) => void): EnrollmentProfile {
  const profile = demoProfile();
  change(profile);
  return parseProfile(profile);
}

const SECRETS = ['demo-org-key', 'demo-auth-token', 'demo-encryption-token'];

describe('material release', () => {
  it('IdP mode without an enforced encryption token releases no token at all', () => {
    const profile = profileWith((p) => (p.tokenSet.encryptionEnforced = false));
    const release = releaseMaterial(profile, 'idp', 'linux', 'a@example.com');
    expect(release.released).toEqual(['tenant', 'domain', 'tenantHost']);
    expect(JSON.stringify(release.material)).not.toMatch(/token|org-key/);
  });

  it('IdP mode with an enforced encryption token adds that token only', () => {
    const release = releaseMaterial(demoProfile(), 'idp', 'mac', 'a@example.com');
    expect(release.released).toEqual(['tenant', 'domain', 'tenantHost', 'encryptionToken']);
    expect(release.material.authToken).toBeUndefined();
  });

  it('UPN mode adds org key, add-on host and authentication token', () => {
    const release = releaseMaterial(demoProfile(), 'upn', 'win', 'a@example.com');
    expect(release.released.sort()).toEqual(
      [
        'addonHost',
        'authToken',
        'domain',
        'encryptionToken',
        'orgKey',
        'tenant',
        'tenantHost',
      ].sort(),
    );
    expect(release.tokenSetId).toBe('demo-token-set');
  });

  it('email mode adds the owner email to the UPN set', () => {
    const release = releaseMaterial(demoProfile(), 'email', 'linux', 'a@example.com');
    expect(release.material.email).toBe('a@example.com');
    expect(release.released).toContain('authToken');
  });

  it('refuses a mode the admin did not allow', () => {
    const profile = profileWith((p) => (p.modes = ['idp']));
    expect(codeOf(() => resolveMode(profile, 'linux', 'upn'))).toBe('mode_not_allowed');
    expect(codeOf(() => resolveMode(profile, 'linux', 'email'))).toBe('mode_not_allowed');
    expect(resolveMode(profile, 'linux', undefined)).toBe('idp');
  });

  it('ChromeOS gets tenant, domain and the filled enrollment URL, never a secret', () => {
    const release = releaseMaterial(demoProfile(), 'idp', 'cros', 'a+b@example.com');
    expect(release.released).toEqual(['tenant', 'domain', 'enrollUrl']);
    expect(release.material.enrollUrl).toBe(
      'https://nsauth-demo.goskope.com/nsauth/client/authenticate?email=a%2Bb%40example.com',
    );
    for (const secret of SECRETS) expect(JSON.stringify(release)).not.toContain(secret);
    expect(codeOf(() => resolveMode(demoProfile(), 'cros', 'upn'))).toBe('mode_not_allowed');
  });

  it('refuses a profile that enforces an encryption token it does not hold', () => {
    const broken = {
      ...demoProfile(),
      tokenSet: { id: 't', authToken: 'a', encryptionEnforced: true },
    };
    expect(() => parseProfile(broken)).toThrow(/LATCHKEY_PROFILE_FILE/);
  });
});

describe('redemption through the API', () => {
  it('audits the token set and item names, never their values', async ({ ctx, key }) => {
    const { ticket } = await mintAs(ctx, 'alice', key);

    const res = await redeemWith(ctx, ticket, key, { mode: 'upn' });

    const body = RedeemResponse.parse(await res.json());
    expect(body.material.authToken).toBe('demo-auth-token');
    const event = auditEvents(ctx, { type: 'ticket.redeemed' })[0];
    expect(event?.details['tokenSetId']).toBe('demo-token-set');
    expect(event?.details['released']).toEqual(body.released);
    for (const secret of SECRETS) expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('refuses UPN when not allowed and leaves the ticket unredeemed', async ({
    contextWith,
    key,
  }) => {
    const ctx = contextWith({ profile: profileWith((p) => (p.modes = ['idp'])) });
    const { ticket } = await mintAs(ctx, 'alice', key);

    expect(await errorCode(await redeemWith(ctx, ticket, key, { mode: 'upn' }))).toBe(
      'mode_not_allowed',
    );
    expect((await redeemWith(ctx, ticket, key)).status).toBe(200);
  });
});
