import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedeemResponse } from '@latchkey/shared';
import { queryAudit } from '../audit/query.js';
import {
  errorCode,
  generateDeviceKey,
  mintAs,
  postJson,
  redeemWith,
  testContext,
  type TestContext,
} from '../testing/fixtures.js';

let ctx: TestContext;
beforeEach(() => {
  ctx = testContext();
});
afterEach(() => ctx.close());

function auditTypes(ticketId: string): string[] {
  return queryAudit(ctx.db, { ticket: ticketId }, {}).events.map((e) => e.type);
}

describe('redemption', () => {
  it('a minted ticket redeems once and releases material for its mode', async () => {
    const key = await generateDeviceKey(false);
    const minted = await mintAs(ctx, 'alice', key);

    const res = await redeemWith(ctx, minted.ticket, key);

    expect(res.status).toBe(200);
    const body = RedeemResponse.parse(await res.json());
    expect(body.ticketId).toBe(minted.ticketId);
    expect(body.correlationId).toBe(minted.correlationId);
    expect(body.user.email).toBe('alice@example.com');
    expect(auditTypes(minted.ticketId)).toEqual(['ticket.issued', 'ticket.redeemed']);
  });

  it('a redeemed ticket cannot be redeemed again, and the second try is audited as a replay', async () => {
    const key = await generateDeviceKey(false);
    const minted = await mintAs(ctx, 'alice', key);
    expect((await redeemWith(ctx, minted.ticket, key)).status).toBe(200);

    const again = await redeemWith(ctx, minted.ticket, key);

    expect(await errorCode(again)).toBe('ticket_already_used');
    const replay = queryAudit(ctx.db, { type: 'ticket.replayed' }, {}).events;
    expect(replay).toHaveLength(1);
    expect(replay[0]?.ticketId).toBe(minted.ticketId);
    expect(replay[0]?.outcome).toBe('alert');
  });

  it('a malformed ticket is refused before any lookup and audited without its value', async () => {
    const key = await generateDeviceKey(false);
    const minted = await mintAs(ctx, 'alice', key);
    const typo = minted.ticket.slice(0, -1) + (minted.ticket.endsWith('a') ? 'b' : 'a');

    const res = await redeemWith(ctx, typo, key);

    expect(await errorCode(res)).toBe('ticket_malformed');
    const rejected = queryAudit(ctx.db, { type: 'ticket.rejected' }, {}).events;
    expect(rejected[0]?.reason).toBe('ticket_malformed');
    expect(JSON.stringify(rejected)).not.toContain(typo);
  });

  it('an unknown well-formed ticket is refused as unknown', async () => {
    const key = await generateDeviceKey(false);
    const { generateTicket } = await import('@latchkey/shared');

    const res = await redeemWith(ctx, generateTicket(), key);

    expect(await errorCode(res)).toBe('ticket_unknown');
  });

  it('an expired ticket is refused as expired and stays unredeemed', async () => {
    const key = await generateDeviceKey(false);
    const minted = await mintAs(ctx, 'alice', key);
    ctx.clock.advance(ctx.config.ticketTtlSeconds * 1000);

    expect(await errorCode(await redeemWith(ctx, minted.ticket, key))).toBe('ticket_expired');
    expect(auditTypes(minted.ticketId)).toEqual(['ticket.issued', 'ticket.rejected']);
  });

  it('a superseded ticket is refused as superseded', async () => {
    const key = await generateDeviceKey(false);
    const first = await mintAs(ctx, 'alice', key);
    const second = await mintAs(ctx, 'alice', key);

    expect(await errorCode(await redeemWith(ctx, first.ticket, key))).toBe('ticket_superseded');
    expect((await redeemWith(ctx, second.ticket, key)).status).toBe(200);
    expect(auditTypes(first.ticketId)).toContain('ticket.revoked');
  });

  it('a refused request changes nothing: the ticket still redeems afterwards', async () => {
    const key = await generateDeviceKey(false);
    const minted = await mintAs(ctx, 'alice', key);
    const other = await generateDeviceKey(false);

    expect(await errorCode(await redeemWith(ctx, minted.ticket, other))).toBe('key_mismatch');
    expect((await redeemWith(ctx, minted.ticket, key)).status).toBe(200);
  });

  it('a body that is not JSON is a bad request', async () => {
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
