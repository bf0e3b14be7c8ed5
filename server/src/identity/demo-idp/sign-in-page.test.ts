import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupPolicy } from '../group-policy.js';
import { createOidcIdentity } from '../oidc-identity.js';
import { expectRefused } from '../test-support.js';
import { authorizationUrl } from './demo-sign-in.js';
import { IdpBrowser, parseForm, pkcePair } from './sign-in-driver.js';
import { startDemoIdp, type DemoIdp } from './start-demo-idp.js';
import { DEMO_ADMIN_GROUP, DEMO_ENROLLERS_GROUP, DEMO_PASSWORD, DEMO_USERS } from './users.js';

const CLIENT_ID = 'latchkey';
const REDIRECT_URI = 'https://example.chromiumapp.org/';

let idp: DemoIdp;

beforeAll(async () => {
  idp = await startDemoIdp({ clients: [{ clientId: CLIENT_ID, redirectUris: [REDIRECT_URI] }] });
});
afterAll(() => idp.close());

async function openSignIn(browser: IdpBrowser) {
  const request = { issuer: idp.issuer, clientId: CLIENT_ID, redirectUri: REDIRECT_URI };
  const landing = await browser.open(
    authorizationUrl({ ...request, codeChallenge: pkcePair().challenge }),
  );
  if (landing.kind !== 'page') throw new Error('expected the sign-in page');
  return landing;
}

describe('the demo sign-in page', () => {
  it('is a labelled form with Username, Password, "Sign in" and "Cancel"', async () => {
    const page = await openSignIn(new IdpBrowser(idp.issuer));
    expect(page.status).toBe(200);
    expect(page.html).toMatch(
      /<label for="login">Username<\/label>\s*<input id="login" name="login"/,
    );
    const passwordField = new RegExp(
      /<label for="password">Password<\/label>\s*/.source +
        /<input id="password" name="password" type="password"/.source,
    );
    expect(page.html).toMatch(passwordField);
    expect(page.html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(page.html).toMatch(
      /<button type="submit" formaction="[^"]+\/abort" formnovalidate>Cancel<\/button>/,
    );
  });

  it('shows the form with an error on a wrong password, then accepts the right one', async () => {
    const browser = new IdpBrowser(idp.issuer);
    const page = await openSignIn(browser);
    const form = parseForm(page.html, page.url);
    const retry = await browser.submit(form, { login: 'alice', password: 'wrong' });
    expect(retry.kind === 'page' && retry.html.includes('id="login-error"')).toBe(true);
    const landing = await browser.submit(form, { login: 'alice', password: DEMO_PASSWORD });
    expect(landing.kind).toBe('left');
    expect(landing.url.searchParams.has('code')).toBe(true);
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = authorizationUrl({
      issuer: idp.issuer,
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      codeChallenge: 'x',
    });
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const landing = await new IdpBrowser(idp.issuer).open(url);
    expect(landing.kind).toBe('left');
    expect(landing.url.searchParams.get('error')).toBe('invalid_request');
  });
});

describe('the demo users', () => {
  const clock = { now: () => new Date() };
  const policy = groupPolicy({
    allowedGroups: [DEMO_ENROLLERS_GROUP],
    adminGroup: DEMO_ADMIN_GROUP,
  });

  it('sign ID tokens the identity layer accepts, with their groups', async () => {
    const identity = createOidcIdentity({ issuer: idp.issuer, clientId: CLIENT_ID, clock });
    const token = await idp.signIdToken({
      user: DEMO_USERS.admin,
      clientId: CLIENT_ID,
      nonce: 'n',
    });
    const admin = await identity.verifyIdToken(token, { nonce: 'n' });
    expect(policy.isAdmin(admin)).toBe(true);
    expect(() => policy.assertMayEnroll(admin)).not.toThrow();
  });

  it('include bob, who is outside the allowed group', async () => {
    const identity = createOidcIdentity({ issuer: idp.issuer, clientId: CLIENT_ID, clock });
    const token = await idp.signIdToken({ user: DEMO_USERS.bob, clientId: CLIENT_ID });
    const bob = await identity.verifyIdToken(token);
    expect(policy.isAdmin(bob)).toBe(false);
    await expectRefused(
      Promise.resolve().then(() => policy.assertMayEnroll(bob)),
      'not_in_allowed_group',
    );
  });
});
