import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { testContext, type TestContext } from '../testing/fixtures.js';
import { pageErrorCode } from './test-support.js';
import { consoleSettings } from './settings.js';

const configFor = (env: Record<string, string>) =>
  loadConfig({ LATCHKEY_OIDC_ISSUER: 'https://idp.test', LATCHKEY_OIDC_CLIENT_ID: 'c', ...env });

let ctx: TestContext | undefined;
afterEach(() => ctx?.close());

describe('where the console runs', () => {
  it('on loopback http it uses the listen address and plain cookie names', () => {
    const settings = consoleSettings(configFor({ LATCHKEY_LISTEN: '127.0.0.1:9000' }));

    expect(settings).toMatchObject({
      enabled: true,
      redirectUri: 'http://127.0.0.1:9000/console/callback',
      secure: false,
      sessionCookie: 'latchkey_console',
    });
  });

  it('behind an https public URL it uses that URL and __Host- cookies', () => {
    const config = configFor({ LATCHKEY_PUBLIC_URL: 'https://latchkey.example.com/' });

    expect(consoleSettings(config)).toMatchObject({
      enabled: true,
      origin: 'https://latchkey.example.com',
      redirectUri: 'https://latchkey.example.com/console/callback',
      secure: true,
      sessionCookie: '__Host-latchkey_console',
    });
  });

  it('on plain http beyond loopback it stays off', async () => {
    expect(consoleSettings(configFor({ LATCHKEY_LISTEN: '0.0.0.0:8787' })).enabled).toBe(false);

    ctx = testContext({ env: { LATCHKEY_LISTEN: '0.0.0.0:8787' } });
    const res = await ctx.app.request('/console/login');

    expect(res.status).toBe(404);
    expect(pageErrorCode(await res.text())).toBe('not_found');
  });
});
