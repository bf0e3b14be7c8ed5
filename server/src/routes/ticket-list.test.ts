import { describe, expect } from 'vitest';
import {
  createProof,
  PROOF_HEADER,
  TICKET_PATTERN,
  TicketPage,
  type MintResponse,
} from '@latchkey/shared';
import { createAdminKey } from '../admin/keys.js';
import { localContext } from '../audit/record.js';
import { tickets } from '../db/schema.js';
import { mintTicket } from '../tickets/mint.js';
import {
  it as base,
  localUrl,
  mintAs,
  postJson,
  redeemWith,
  TEST_ISSUER,
  thumbprintOf,
} from '../testing/fixtures.js';

/** Every test here may list tickets as an admin with `list(query)`. */
const it = base
  .extend('adminKey', ({ ctx }) =>
    createAdminKey(ctx, { name: 'ops', actor: 'test', context: localContext() }),
  )
  .extend('list', ({ ctx, adminKey }) => async (query = '') => {
    const res = await ctx.app.request(`/v1/tickets${query}`, {
      headers: { authorization: `Bearer ${adminKey.key}` },
    });
    return { status: res.status, text: await res.text() };
  });

/** The error code of a listing reply's text. */
function codeIn(text: string): string | undefined {
  return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
}

/** The ids a listing reply holds, in order. */
function ids(text: string): string[] {
  return TicketPage.parse(JSON.parse(text)).tickets.map((t) => t.ticketId);
}

describe('GET /v1/tickets', () => {
  it('shows owner, kind, times, device and binding, never a ticket or its HMAC', async ({
    ctx,
    key,
    adminKey,
    list,
  }) => {
    const own = await mintAs(ctx, 'alice', key);
    ctx.clock.advance(1000);
    const minted = await postJson(
      ctx,
      '/v1/admin/tickets',
      { email: 'Carol@Example.com', note: 'lost laptop' },
      { authorization: `Bearer ${adminKey.key}` },
    );
    const admin = (await minted.json()) as MintResponse;
    expect((await redeemWith(ctx, own.ticket, key)).status).toBe(200);

    const { status, text } = await list();

    expect(status).toBe(200);
    const page = TicketPage.parse(JSON.parse(text));
    expect(page.nextCursor).toBeNull();
    expect(page.tickets).toEqual([
      expect.objectContaining({
        ticketId: admin.ticketId,
        owner: { email: 'carol@example.com', id: null },
        kind: 'admin',
        status: 'outstanding',
        expiresAt: admin.expiresAt,
        bound: false,
        jkt: null,
        device: null,
        correlationId: admin.correlationId,
      }),
      expect.objectContaining({
        ticketId: own.ticketId,
        owner: { email: 'alice@example.com', id: `${TEST_ISSUER}|alice-sub` },
        kind: 'self-service',
        status: 'redeemed',
        redeemedAt: ctx.clock.now().toISOString(),
        bound: true,
        jkt: await thumbprintOf(key),
        device: { platform: 'linux', hostname: 'host-1' },
        resultStatus: null,
      }),
    ]);
    const hmacs = ctx.db.orm.select({ hmac: tickets.secretHmac }).from(tickets).all();
    for (const secret of [own.ticket, admin.ticket, adminKey.key, ...hmacs.map((r) => r.hmac)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(new RegExp(TICKET_PATTERN));
    expect(text).not.toMatch(/hmac|secret/i);
  });

  it("shows the device's result once it has reported", async ({ ctx, key, list }) => {
    const minted = await mintAs(ctx, 'alice', key);
    expect((await redeemWith(ctx, minted.ticket, key)).status).toBe(200);
    const path = `/v1/tickets/${minted.ticketId}/result`;
    const proof = await createProof(key, {
      method: 'POST',
      url: localUrl(path),
      ticket: minted.ticket,
      now: Math.floor(ctx.clock.now().getTime() / 1000),
    });

    const before = TicketPage.parse(JSON.parse((await list()).text)).tickets[0];
    const body = { ticket: minted.ticket, outcome: 'handed-off' };
    expect((await postJson(ctx, path, body, { [PROOF_HEADER]: proof })).status).toBe(200);
    const after = TicketPage.parse(JSON.parse((await list()).text)).tickets[0];

    expect(before?.resultStatus).toBeNull();
    expect(after).toMatchObject({ status: 'redeemed', resultStatus: 'handed-off' });
  });

  it('filters by user (email in any case, or iss|sub), status and kind', async ({
    ctx,
    adminKey,
    list,
  }) => {
    const alice = await mintAs(ctx, 'alice');
    const carol = await postJson(
      ctx,
      '/v1/admin/tickets',
      { email: 'carol@example.com' },
      { authorization: `Bearer ${adminKey.key}` },
    ).then(async (res) => ((await res.json()) as MintResponse).ticketId);

    expect(ids((await list('?user=ALICE%40example.com')).text)).toEqual([alice.ticketId]);
    const byId = `?user=${encodeURIComponent(`${TEST_ISSUER}|alice-sub`)}`;
    expect(ids((await list(byId)).text)).toEqual([alice.ticketId]);
    expect(ids((await list('?user=bob%40example.com')).text)).toEqual([]);
    expect(ids((await list('?kind=admin')).text)).toEqual([carol]);
    expect(ids((await list('?kind=self-service&status=outstanding')).text)).toEqual([
      alice.ticketId,
    ]);
    expect(ids((await list('?status=redeemed')).text)).toEqual([]);
  });

  it('pages with the cursor it gave, and refuses a tampered one', async ({ ctx, list }) => {
    const minted = [];
    for (let n = 0; n < 5; n += 1) {
      ctx.clock.advance(1000);
      minted.unshift((await mintAs(ctx, 'alice')).ticketId);
    }

    const first = TicketPage.parse(JSON.parse((await list('?limit=3')).text));
    const next = `?limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`;
    const second = TicketPage.parse(JSON.parse((await list(next)).text));
    const tampered = `?cursor=${encodeURIComponent(`x${first.nextCursor ?? ''}`)}`;

    expect([...first.tickets, ...second.tickets].map((t) => t.ticketId)).toEqual(minted);
    expect(second.nextCursor).toBeNull();
    expect(codeIn((await list(tampered)).text)).toBe('bad_request');
  });

  it.for([
    '?status=pending',
    '?kind=robot',
    '?limit=0',
    '?limit=1001',
    '?limit=ten',
    '?user=',
    `?user=${'a'.repeat(513)}`,
    '?stauts=revoked',
    '?cursor=',
  ])('refuses %s with bad_request', async (query, { list }) => {
    const { status, text } = await list(query);

    expect(status).toBe(400);
    expect(codeIn(text)).toBe('bad_request');
  });

  it('takes limits 1 and 1000 and defaults to 100', async ({ ctx, list }) => {
    for (let n = 0; n < 101; n += 1) {
      mintTicket(ctx, {
        kind: 'admin',
        owner: { iss: null, sub: null, email: `user${n}@example.com` },
        ttlSeconds: 60,
        actor: 'test',
        context: localContext(),
      });
    }

    expect(ids((await list('?limit=1')).text)).toHaveLength(1);
    expect(ids((await list('?limit=1000')).text)).toHaveLength(101);
    expect(ids((await list()).text)).toHaveLength(100);
  });
});
