import { describe, expect } from 'vitest';
import { generateTicket, RedeemResponse } from '@latchkey/shared';
import {
  auditEvents,
  errorCode,
  generateDeviceKey,
  it,
  mintAs,
  postJson,
  redeemWith,
  type TestContext,
} from '../testing/fixtures.js';

function auditTypes(ctx: TestContext, ticketId: string): string[] {
  return auditEvents(ctx, { ticket: ticketId }).map((e) => e.type);
}

describe('redemption', () => {
  it('a minted ticket redeems once and releases material for its mode', async ({ ctx, key }) => {
    const minted = await mintAs(ctx, 'alice', key);

    const res = await redeemWith(ctx, minted.ticket, key);

    expect(res.status).toBe(200);
    const body = RedeemResponse.parse(await res.json());
    expect(body.ticketId).toBe(minted.ticketId);
    expect(body.correlationId).toBe(minted.correlationId);
    expect(body.user.email).toBe('alice@example.com');
    expect(auditTypes(ctx, minted.ticketId)).toEqual(['ticket.issued', 'ticket.redeemed']);
  });

  it('a redeemed ticket cannot be redeemed again; the second try is audited as a replay', async ({
    ctx,
    key,
  }) => {
    const minted = await mintAs(ctx, 'alice', key);
    expect((await redeemWith(ctx, minted.ticket, key)).status).toBe(200);

    const again = await redeemWith(ctx, minted.ticket, key);

    expect(await errorCode(again)).toBe('ticket_already_used');
    const replay = auditEvents(ctx, { type: 'ticket.replayed' });
    expect(replay).toHaveLength(1);
    expect(replay[0]?.ticketId).toBe(minted.ticketId);
    expect(replay[0]?.outcome).toBe('alert');
  });

  it('a malformed ticket is refused before any lookup and audited without its value', async ({
    ctx,
    key,
  }) => {
    const minted = await mintAs(ctx, 'alice', key);
    const typo = minted.ticket.slice(0, -1) + (minted.ticket.endsWith('a') ? 'b' : 'a');

    const res = await redeemWith(ctx, typo, key);

    expect(await errorCode(res)).toBe('ticket_malformed');
    const rejected = auditEvents(ctx, { type: 'ticket.rejected' });
    expect(rejected[0]?.reason).toBe('ticket_malformed');
    expect(JSON.stringify(rejected)).not.toContain(typo);
  });

  it('an unknown well-formed ticket is refused as unknown', async ({ ctx, key }) => {
    const res = await redeemWith(ctx, generateTicket(), key);

    expect(await errorCode(res)).toBe('ticket_unknown');
  });

  it('an expired ticket is refused as expired and stays unredeemed', async ({ ctx, key }) => {
    const minted = await mintAs(ctx, 'alice', key);
    ctx.clock.advance(ctx.config.ticketTtlSeconds * 1000);

    expect(await errorCode(await redeemWith(ctx, minted.ticket, key))).toBe('ticket_expired');
    expect(auditTypes(ctx, minted.ticketId)).toEqual(['ticket.issued', 'ticket.rejected']);
  });

  it('a superseded ticket is refused as superseded', async ({ ctx, key }) => {
    const first = await mintAs(ctx, 'alice', key);
    const second = await mintAs(ctx, 'alice', key);

    expect(await errorCode(await redeemWith(ctx, first.ticket, key))).toBe('ticket_superseded');
    expect((await redeemWith(ctx, second.ticket, key)).status).toBe(200);
    expect(auditTypes(ctx, first.ticketId)).toContain('ticket.revoked');
  });

  it('a refused request changes nothing: the ticket still redeems afterwards', async ({
    ctx,
    key,
  }) => {
    const minted = await mintAs(ctx, 'alice', key);
    const other = await generateDeviceKey(false);

    expect(await errorCode(await redeemWith(ctx, minted.ticket, other))).toBe('key_mismatch');
    expect((await redeemWith(ctx, minted.ticket, key)).status).toBe(200);
  });

  it('a body that is not JSON is a bad request', async ({ ctx }) => {
    const res = await ctx.app.request('/v1/tickets/redeem', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(await errorCode(res)).toBe('bad_request');
    expect(await errorCode(await postJson(ctx, '/v1/tickets/redeem', { ticket: 'x' }))).toBe(
      'bad_request',
    );
  });
});
