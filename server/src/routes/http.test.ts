import { describe, expect } from 'vitest';
import { ConfigResponse, EXTENSION_ID, extensionOrigin } from '@latchkey/shared';
import { AppError } from '../errors.js';
import { auditEvents, errorCode, it, postJson, testIdentity } from '../testing/fixtures.js';

const extension = extensionOrigin(EXTENSION_ID).replace(/\/$/, '');

describe('the HTTP surface', () => {
  it('answers health and config', async ({ ctx }) => {
    expect(await (await ctx.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const config = ConfigResponse.parse(await (await ctx.app.request('/v1/config')).json());
    expect(config).toMatchObject({ issuer: 'https://idp.test', clientId: 'latchkey' });
    expect(config.scopes).toEqual(['openid', 'email', 'profile', 'groups']);
    expect(config.helper.hostName).toBe('dev.latchkey.helper');
  });

  it('lets the extension origin call from a browser and refuses any other origin', async ({
    contextWith,
  }) => {
    const ctx = contextWith({
      env: { LATCHKEY_EXTENSION_IDS: 'abcdefghijklmnopabcdefghijklmnop' },
    });
    const allowed = await ctx.app.request('/v1/config', { headers: { origin: extension } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(extension);
    const extra = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const second = await ctx.app.request('/healthz', { headers: { origin: extra } });
    expect(second.status).toBe(200);

    const evil = await ctx.app.request('/v1/config', { headers: { origin: 'https://evil.test' } });
    expect(await errorCode(evil)).toBe('forbidden');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from the extension with the proof header allowed', async ({ ctx }) => {
    const res = await ctx.app.request('/v1/tickets/redeem', {
      method: 'OPTIONS',
      headers: {
        origin: extension,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,latchkey-proof',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Latchkey-Proof/i);
  });

  it('refuses a body over 64 KiB as payload_too_large', async ({ ctx }) => {
    const res = await postJson(ctx, '/v1/tickets/redeem', { ticket: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('payload_too_large');
  });

  it('answers unknown paths with not_found in the error shape', async ({ ctx }) => {
    const res = await ctx.app.request('/v2/nothing');
    const body = (await res.json()) as {
      error: { code: string; message: string; requestId: string };
    };
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toBe(res.headers.get('latchkey-request-id'));
  });

  it('turns an unexpected failure into internal, leaking nothing', async ({ contextWith }) => {
    const identity = {
      ...testIdentity(),
      metadata: () => Promise.reject(new Error('db password hunter2 at 10.0.0.5')),
    };
    const ctx = contextWith({ identity });
    const res = await ctx.app.request('/v1/config');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text).error.code).toBe('internal');
    expect(text).not.toContain('hunter2');
  });

  it('passes an IdP outage through as idp_unavailable', async ({ contextWith }) => {
    const identity = {
      ...testIdentity(),
      metadata: () => Promise.reject(new AppError('idp_unavailable')),
    };
    const ctx = contextWith({ identity });
    expect(await errorCode(await ctx.app.request('/v1/config'))).toBe('idp_unavailable');
  });

  it('rate limits mint and redeem per source address', async ({ contextWith }) => {
    const ctx = contextWith({ env: { LATCHKEY_RATE_LIMIT_PER_MINUTE: '3' } });
    const codes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      codes.push(await errorCode(await postJson(ctx, '/v1/tickets/redeem', { ticket: 'x' })));
    }
    expect(codes).toEqual(['bad_request', 'bad_request', 'bad_request', 'rate_limited']);
    ctx.clock.advance(60_000);
    expect(await errorCode(await postJson(ctx, '/v1/tickets/redeem', { ticket: 'x' }))).toBe(
      'bad_request',
    );
  });

  it('behind a proxy, takes the address the proxy saw, not one the client wrote', async ({
    contextWith,
  }) => {
    const env = { LATCHKEY_TRUST_PROXY: 'true', LATCHKEY_RATE_LIMIT_PER_MINUTE: '2' };
    const ctx = contextWith({ env });
    const redeemFrom = (claimed: string) =>
      postJson(
        ctx,
        '/v1/tickets/redeem',
        { ticket: 'x', platform: 'linux' },
        { 'x-forwarded-for': `${claimed}, 203.0.113.7` },
      );

    const codes: string[] = [];
    for (const claimed of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      codes.push(await errorCode(await redeemFrom(claimed)));
    }

    expect(codes).toEqual(['ticket_malformed', 'ticket_malformed', 'rate_limited']);
    const rejected = auditEvents(ctx, { type: 'ticket.rejected' });
    expect(rejected.map((e) => e.sourceIp)).toEqual(['203.0.113.7', '203.0.113.7']);
  });

  it('an address over its limit stays limited however many other addresses arrive', async ({
    contextWith,
  }) => {
    const env = { LATCHKEY_TRUST_PROXY: 'true', LATCHKEY_RATE_LIMIT_PER_MINUTE: '2' };
    const ctx = contextWith({ env });
    const redeemFrom = async (address: string) => {
      const headers = { 'x-forwarded-for': address };
      return errorCode(await postJson(ctx, '/v1/tickets/redeem', { ticket: 'x' }, headers));
    };
    for (let i = 0; i < 2; i += 1) expect(await redeemFrom('203.0.113.7')).toBe('bad_request');
    expect(await redeemFrom('203.0.113.7')).toBe('rate_limited');

    // More addresses than the limiter tracks, all within the same minute.
    for (let i = 0; i < 10_001; i += 1) {
      await redeemFrom(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    }

    expect(await redeemFrom('203.0.113.7')).toBe('rate_limited');
    ctx.clock.advance(60_000);
    expect(await redeemFrom('203.0.113.7')).toBe('bad_request');
  }, 60_000);

  it('writes one structured log line per request with route, status and code', async ({ ctx }) => {
    await ctx.app.request('/v1/tickets/tid_00000000000000000000/result', { method: 'POST' });
    const line = ctx.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['route'] === '/v1/tickets/:id/result');
    expect(line).toMatchObject({ status: 400, code: 'bad_request', method: 'POST' });
    expect(typeof line?.['requestId']).toBe('string');
    expect(typeof line?.['durationMs']).toBe('number');
  });
});
