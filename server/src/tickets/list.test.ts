import { randomBytes } from 'node:crypto';
import { describe, expect } from 'vitest';
import { localContext } from '../audit/record.js';
import { codeOf, it, mintAs, redeemWith, type TestContext } from '../testing/fixtures.js';
import { encodeTicketCursor, listTickets } from './list.js';
import { mintTicket } from './mint.js';
import { revokeTicket } from './revoke.js';

/** Mints an admin ticket for `email` that lives `ttlSeconds`, at the context's clock. */
function mintFor(ctx: TestContext, email: string, ttlSeconds = 3600): string {
  return mintTicket(ctx, {
    kind: 'admin',
    owner: { iss: null, sub: null, email },
    ttlSeconds,
    actor: 'test',
    context: localContext(),
  }).ticketId;
}

function statusOf(ctx: TestContext, ticketId: string): string | undefined {
  return listTickets(ctx, {}).tickets.find((t) => t.ticketId === ticketId)?.status;
}

function idsWith(ctx: TestContext, status: 'outstanding' | 'expired' | 'redeemed' | 'revoked') {
  return listTickets(ctx, { status }).tickets.map((t) => t.ticketId);
}

/** Every page of `listTickets` at page size `limit`, ids in the order the pages gave them. */
function allPages(ctx: TestContext, limit: number, user?: string): string[] {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = listTickets(ctx, { limit, cursor, user });
    expect(page.tickets.length).toBeLessThanOrEqual(limit);
    ids.push(...page.tickets.map((t) => t.ticketId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return ids;
}

describe('ticket status at the server clock', () => {
  it('a ticket is outstanding until the instant it expires, then expired', ({ ctx }) => {
    const id = mintFor(ctx, 'carol@example.com', 60);

    ctx.clock.advance(60_000 - 1);
    expect(statusOf(ctx, id)).toBe('outstanding');
    expect(idsWith(ctx, 'outstanding')).toEqual([id]);
    expect(idsWith(ctx, 'expired')).toEqual([]);

    ctx.clock.advance(1);
    expect(statusOf(ctx, id)).toBe('expired');
    expect(idsWith(ctx, 'outstanding')).toEqual([]);
    expect(idsWith(ctx, 'expired')).toEqual([id]);
  });

  it('a redeemed or revoked ticket keeps that status past its expiry', async ({ ctx, key }) => {
    const redeemed = await mintAs(ctx, 'alice', key);
    expect((await redeemWith(ctx, redeemed.ticket, key)).status).toBe(200);
    const revoked = mintFor(ctx, 'carol@example.com', 60);
    revokeTicket(ctx, revoked, { actor: 'test', context: localContext() });

    for (const step of [0, 59_999, 1, 7 * 24 * 3600_000]) {
      ctx.clock.advance(step);
      expect(statusOf(ctx, redeemed.ticketId)).toBe('redeemed');
      expect(statusOf(ctx, revoked)).toBe('revoked');
      expect(idsWith(ctx, 'redeemed')).toEqual([redeemed.ticketId]);
      expect(idsWith(ctx, 'revoked')).toEqual([revoked]);
      expect(idsWith(ctx, 'expired')).toEqual([]);
    }
  });

  it('a superseded self-service ticket is revoked, with the reason', async ({ ctx }) => {
    const first = await mintAs(ctx, 'alice');
    ctx.clock.advance(1000);
    const second = await mintAs(ctx, 'alice');

    const [newest, oldest] = listTickets(ctx, {}).tickets;
    expect(newest).toMatchObject({ ticketId: second.ticketId, status: 'outstanding' });
    expect(oldest).toMatchObject({
      ticketId: first.ticketId,
      status: 'revoked',
      revokeReason: 'superseded',
    });
  });
});

describe('ticket paging', () => {
  it('pages newest first with no duplicate or gap, ties broken by id', ({ ctx }) => {
    const minted: { id: string; at: number }[] = [];
    for (let n = 0; n < 23; n += 1) {
      // Three tickets share each instant, so the order must not rest on time alone.
      if (n % 3 === 0) ctx.clock.advance(1000);
      minted.push({ id: mintFor(ctx, `user${n % 4}@example.com`), at: ctx.clock.now().getTime() });
    }
    const expected = minted
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((entry) => entry.id);

    for (const limit of [1, 2, 5, 7, 22, 23, 24, 1000]) {
      expect(allPages(ctx, limit)).toEqual(expected);
    }
    const user1 = allPages(ctx, 2, 'USER1@example.com');
    expect(user1).toHaveLength(6);
    expect(new Set(user1).size).toBe(6);
  });

  it('a ticket minted between two pages neither repeats nor shifts one', ({ ctx }) => {
    const older = [mintFor(ctx, 'a@example.com'), mintFor(ctx, 'b@example.com')];
    ctx.clock.advance(1000);
    const newer = [mintFor(ctx, 'c@example.com'), mintFor(ctx, 'd@example.com')];

    const first = listTickets(ctx, { limit: 2 });
    ctx.clock.advance(1000);
    mintFor(ctx, 'late@example.com');
    const second = listTickets(ctx, { limit: 2, cursor: first.nextCursor ?? undefined });

    expect(first.tickets.map((t) => t.ticketId).sort()).toEqual(newer.sort());
    expect(second.tickets.map((t) => t.ticketId).sort()).toEqual(older.sort());
    expect(second.nextCursor).toBeNull();
  });

  it('a changed, cut, foreign or hand-made cursor is bad_request', ({ ctx }) => {
    for (let n = 0; n < 3; n += 1) mintFor(ctx, `u${n}@example.com`);
    const cursor = listTickets(ctx, { limit: 1 }).nextCursor ?? '';
    const [body = '', tag = ''] = cursor.split('.');
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const handMade = Buffer.from(JSON.stringify({ c: Date.now(), i: 'tid_' })).toString(
      'base64url',
    );
    const foreign = encodeTicketCursor(randomBytes(32), { createdAt: 0, id: 'tid_x' });

    const refused = [
      `${flip(body, 5)}.${tag}`,
      `${body}.${flip(tag, 3)}`,
      body,
      `${body}.`,
      `${body}.${tag}.${tag}`,
      cursor.slice(0, -1),
      handMade,
      foreign,
      'not-a-cursor',
    ];
    expect(codeOf(() => listTickets(ctx, { cursor }))).toBeUndefined();
    for (const bad of refused) {
      expect(
        codeOf(() => listTickets(ctx, { cursor: bad })),
        bad,
      ).toBe('bad_request');
    }
  });
});
