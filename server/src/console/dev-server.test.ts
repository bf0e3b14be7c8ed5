import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CookieJar } from '../identity/demo-idp/cookie-jar.js';
import { answerSignIn } from '../identity/demo-idp/demo-sign-in.js';
import { DEMO_PASSWORD, IdpBrowser } from '../identity/demo-idp/index.js';
import { createLogger } from '../log.js';
import { startServer, type RunningServer } from '../server.js';

let dir: string;
let server: RunningServer;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-console-dev-'));
  const config = loadConfig({
    LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
    LATCHKEY_LISTEN: '127.0.0.1:0',
    LATCHKEY_DEMO_IDP_PORT: '0',
  });
  server = await startServer(config, { log: createLogger('silent') });
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(jar: CookieJar, url: string): Promise<Response> {
  const cookie = jar.header(new URL(url));
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  jar.store(res);
  return res;
}

describe('the console in development', () => {
  it('the demo IdP accepts the console redirect URI on the real port; admin gets in', async () => {
    const jar = new CookieJar();

    const start = await get(jar, `${server.url}/console/login`);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${server.url}/console/callback`);
    const idp = new IdpBrowser(server.issuer);
    const signIn = await idp.open(authorize);
    if (signIn.kind !== 'page') throw new Error('no sign-in page at the demo IdP');
    const back = await answerSignIn(idp, signIn, { login: 'admin', password: DEMO_PASSWORD });
    if (back.kind !== 'left') throw new Error(`stopped at ${back.url.pathname}`);
    const callback = await get(jar, back.url.href);
    const audit = await get(jar, `${server.url}/console/audit`);

    expect(callback.status).toBe(200);
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain('admin.signed_in');
  });
});
