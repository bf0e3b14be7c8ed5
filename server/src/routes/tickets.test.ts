import { describe, expect } from 'vitest';
import { MintResponse } from '@latchkey/shared';
import { auditEvents, errorCode, it, mintAs, postJson } from '../testing/fixtures.js';

const device = { platform: 'linux', hostname: 'host-1' };

describe('minting', () => {
  it('mints for a signed-in user in an allowed group, for the configured lifetime', async ({
    ctx,
  }) => {
    const minted = await mintAs(ctx, 'alice');
    const lifetime = Date.parse(minted.expiresAt) - ctx.clock.now().getTime();
    expect(lifetime).toBe(ctx.config.ticketTtlSeconds * 1000);
  });

  it('mints from an authorization code, which the server exchanges', async ({ ctx }) => {
    const res = await postJson(ctx, '/v1/tickets', {
      code: 'code-alice',
      codeVerifier: 'v'.repeat(43),
      redirectUri: 'https://blhigabkoiaiikkjiiciomkhdmmlekoj.chromiumapp.org/',
      device,
    });
    expect(res.status).toBe(201);
    MintResponse.parse(await res.json());
  });

  it('refuses without sign-in, with a bad token, and with a code that fails', async ({ ctx }) => {
    expect(await errorCode(await postJson(ctx, '/v1/tickets', { device }))).toBe('unauthenticated');
    const forged = await postJson(ctx, '/v1/tickets', { device }, { authorization: 'Bearer nope' });
    expect(await errorCode(forged)).toBe('id_token_invalid');
    const badCode = await postJson(ctx, '/v1/tickets', {
      code: 'stolen',
      codeVerifier: 'v'.repeat(43),
      redirectUri: 'https://x.chromiumapp.org/',
      device,
    });
    expect(await errorCode(badCode)).toBe('code_exchange_failed');
    expect(auditEvents(ctx, { type: 'signin.refused' })).toHaveLength(3);
  });

  it('refuses a user outside the allowed groups and audits it', async ({ ctx }) => {
    const res = await postJson(
      ctx,
      '/v1/tickets',
      { device },
      { authorization: 'Bearer token-bob' },
    );
    expect(await errorCode(res)).toBe('not_in_allowed_group');
    const refused = auditEvents(ctx, { type: 'signin.refused' })[0];
    expect(refused?.userEmail).toBe('bob@example.com');
    expect(refused?.reason).toBe('not_in_allowed_group');
  });

  it('keeps one outstanding self-service ticket per user, auditing the superseded one', async ({
    ctx,
  }) => {
    const first = await mintAs(ctx, 'alice');
    const second = await mintAs(ctx, 'alice');

    const revoked = auditEvents(ctx, { type: 'ticket.revoked' });
    expect(revoked.map((e) => [e.ticketId, e.reason])).toEqual([[first.ticketId, 'superseded']]);
    expect(second.ticketId).not.toBe(first.ticketId);
  });
});
