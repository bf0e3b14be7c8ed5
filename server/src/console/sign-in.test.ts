import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../audit/query.js';
import { consoleSessions } from '../db/schema.js';
import { CONSOLE_CSP } from './guard.js';
import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from './settings.js';
import {
  CONSOLE_BASE,
  ConsoleBrowser,
  consoleContext,
  HTTPS_BASE,
  pageErrorCode,
  useConsole,
} from './test-support.js';

const suite = useConsole({ signedIn: false });

const eventsOf = (type: string) => queryAudit(suite.ctx.db, { type }, {}).events;
const sessionCookie = (res: Response) =>
  res.headers.getSetCookie().find((cookie) => cookie.includes('latchkey_console='));

describe('console sign-in', () => {
  it('an admin signs in through the IdP and sees the audit', async () => {
    const { response } = await suite.admin.signIn('admin');
    expect(response.status).toBe(200);

    const audit = await suite.admin.get('/console/audit');
    expect(audit.status).toBe(200);
    const page = await audit.text();
    expect(page).toContain('admin.signed_in');
    expect(eventsOf('admin.signed_in')[0]?.actor).toBe('admin:admin@example.com');
  });

  it('neither the code nor the state reaches a log line', async () => {
    const { callback } = await suite.admin.signIn('admin');
    const query = new URL(callback, CONSOLE_BASE).searchParams;

    const logs = suite.ctx.logs.join('\n');
    expect(query.get('code')?.length).toBeGreaterThan(10);
    expect(logs).not.toContain(query.get('code'));
    expect(logs).not.toContain(query.get('state'));
    expect(logs).toContain('/console/callback');
  });

  it('a user outside the admin group is refused, audited, and gets no session', async () => {
    const { response } = await suite.admin.signIn('alice');

    expect(response.status).toBe(403);
    expect(pageErrorCode(await response.text())).toBe('forbidden');
    expect(sessionCookie(response)).toBeUndefined();
    const denied = eventsOf('admin.denied');
    expect(denied.map((event) => [event.actor, event.reason])).toEqual([
      ['user:alice@example.com', 'not_in_admin_group'],
    ]);
    expect((await suite.admin.get('/console/audit')).headers.get('location')).toBe(
      '/console/login',
    );
  });

  it('a request without a session is sent to sign in', async () => {
    for (const path of ['/console', '/console/audit', '/console/tickets', '/console/keys']) {
      const res = await suite.admin.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/console/login');
    }
  });

  it('the sign-in request uses PKCE S256, state and nonce; state is all it carries', async () => {
    const res = await suite.admin.get('/console/login');
    const url = new URL(res.headers.get('location') ?? '');

    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe('http://127.0.0.1:8787/console/callback');
    expect(url.searchParams.has('code_verifier')).toBe(false);
  });

  it('a callback cannot be replayed, even with the login cookie it came with', async () => {
    const callback = await suite.admin.authorize('admin');
    const loginCookie = suite.admin.jar.header(new URL(callback, CONSOLE_BASE)) ?? '';
    expect((await suite.admin.get(callback)).status).toBe(200);

    const replayed = await suite.ctx.app.request(`${CONSOLE_BASE}${callback}`, {
      headers: { cookie: loginCookie },
    });

    expect(replayed.status).toBe(401);
    const page = await replayed.text();
    expect(pageErrorCode(page)).toBe('unauthenticated');
    expect(replayed.headers.getSetCookie().join()).not.toMatch(/latchkey_console=[^;]/);
    expect(eventsOf('admin.denied').map((event) => event.reason)).toEqual([
      'console_login_state_refused',
    ]);
    expect(suite.ctx.db.orm.select().from(consoleSessions).all()).toHaveLength(1);
  });

  it('a callback is refused in a browser that did not start the sign-in', async () => {
    const callback = await suite.admin.authorize('admin');

    const other = new ConsoleBrowser(suite.ctx, suite.idp);
    const res = await other.get(callback);

    expect(res.status).toBe(401);
    expect(sessionCookie(res)).toBeUndefined();
    // The state was not used up by the stranger: the right browser still completes.
    expect((await suite.admin.get(callback)).status).toBe(200);
  });

  it('the session cookie is HttpOnly, SameSite=Strict, Path=/, kept only as an HMAC', async () => {
    const { response } = await suite.admin.signIn('admin');
    const cookie = sessionCookie(response) ?? '';

    expect(cookie).toMatch(/^latchkey_console=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    const id = /=([^;]+)/.exec(cookie)?.[1] ?? '';
    const rows = suite.ctx.db.orm.select().from(consoleSessions).all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(id);
    suite.ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(suite.ctx.config.databasePath).includes(id)).toBe(false);
  });

  it('on https the cookie is __Host- prefixed and Secure', async () => {
    const httpsCtx = consoleContext(suite.idp, { LATCHKEY_PUBLIC_URL: HTTPS_BASE });
    try {
      const browser = new ConsoleBrowser(httpsCtx, suite.idp, HTTPS_BASE);
      const { response } = await browser.signIn('admin');
      const cookie = response.headers.getSetCookie().find((c) => c.includes('latchkey_console='));

      expect(cookie).toMatch(/^__Host-latchkey_console=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect((await browser.get('/console/audit')).status).toBe(200);
    } finally {
      httpsCtx.close();
    }
  });

  it('every console page carries the strict CSP and is not cached', async () => {
    await suite.admin.signIn('admin');
    for (const path of ['/console/audit', '/console/login', '/console/signed-out']) {
      const res = await suite.admin.get(path);
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // `no-referrer` would make browsers send `Origin: null` on the console's own forms.
      expect(res.headers.get('referrer-policy')).toBe('strict-origin');
    }
    const css = await suite.admin.get('/console/style.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('console session lifetime', () => {
  it('ends after 30 idle minutes, but not while in use', async () => {
    await suite.admin.signIn('admin');
    suite.ctx.clock.advance(IDLE_TIMEOUT_MS - 1000);
    expect((await suite.admin.get('/console/audit')).status).toBe(200);
    suite.ctx.clock.advance(IDLE_TIMEOUT_MS - 1000);
    expect((await suite.admin.get('/console/audit')).status).toBe(200);

    suite.ctx.clock.advance(IDLE_TIMEOUT_MS);

    const res = await suite.admin.get('/console/audit');
    expect(res.status).toBe(303);
    expect(suite.ctx.db.orm.select().from(consoleSessions).all()).toHaveLength(0);
  });

  it('ends 8 hours after sign-in however busy it is', async () => {
    await suite.admin.signIn('admin');
    const step = IDLE_TIMEOUT_MS / 2;
    for (let at = step; at < ABSOLUTE_TIMEOUT_MS; at += step) {
      suite.ctx.clock.advance(step);
      expect((await suite.admin.get('/console/audit')).status).toBe(200);
    }

    suite.ctx.clock.advance(step);

    expect((await suite.admin.get('/console/audit')).status).toBe(303);
  });

  it('sign-out deletes the session, so the old cookie no longer works', async () => {
    const { response } = await suite.admin.signIn('admin');
    const cookie = /latchkey_console=([^;]+)/.exec(sessionCookie(response) ?? '')?.[1] ?? '';
    const csrf = await suite.admin.csrf();

    const out = await suite.admin.post('/console/logout', { csrf });

    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/signed-out');
    expect(suite.ctx.db.orm.select().from(consoleSessions).all()).toHaveLength(0);
    const stale = await suite.ctx.app.request('http://127.0.0.1:8787/console/audit', {
      headers: { cookie: `latchkey_console=${cookie}` },
    });
    expect(stale.status).toBe(303);
    expect(eventsOf('admin.signed_out')[0]?.actor).toBe('admin:admin@example.com');
  });
});
