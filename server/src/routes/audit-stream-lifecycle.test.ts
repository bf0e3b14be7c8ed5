import { describe, expect } from 'vitest';
import { queryAudit } from '../audit/query.js';
import { errorCode } from '../testing/fixtures.js';
import { it, mintLive, postLive, redeemLive, type LiveServer } from '../testing/live-server.js';
import { openStream, type SseReader } from '../testing/sse-reader.js';

function stream(live: LiveServer, query = '') {
  return openStream(live.url, `/v1/audit/stream${query}`, { authorization: live.adminAuth });
}

/** Reads blocks until the server ends the stream; throws if the connection breaks instead. */
async function readToEnd(reader: SseReader): Promise<void> {
  while (await reader.next()) {
    // Every block is already kept in reader.raw.
  }
}

/**
 * Tries `open` until it gets a 200, at most `attempts` times (the server frees a slot once it
 * sees the disconnect).
 */
async function openWhenFree(open: () => Promise<SseReader>, attempts = 100): Promise<SseReader> {
  for (let i = 0; ; i += 1) {
    const reader = await open();
    if (reader.response.status === 200 || i >= attempts) return reader;
    await reader.response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('audit stream lifecycle', () => {
  it('server close ends open streams cleanly and does not wait for them', async ({ live }) => {
    const readers = [await stream(live, '?after=0'), await stream(live)];
    await Promise.all(readers.map((reader) => reader.nextEvent()));

    const ended = Promise.all(readers.map(readToEnd));
    await live.server.close();

    await expect(ended).resolves.toBeDefined();
    for (const reader of readers) expect(reader.raw).toMatch(/\n: closing\n\n$/);
    expect(live.server.runtime.db.sqlite.open).toBe(false);
  });

  it('sends a heartbeat comment while nothing happens', async ({ live }) => {
    const reader = await stream(live);
    await reader.nextEvent();

    let message = await reader.next();
    while (message && message.comment === undefined) message = await reader.next();

    expect(message?.comment).toBe('heartbeat');
    reader.disconnect();
  });

  it('refuses a fifth stream for one admin key with too_many_streams, audited', async ({
    liveWith,
  }) => {
    const live = await liveWith({ maxStreamsPerActor: 4 });
    const open = await Promise.all([1, 2, 3, 4].map(() => stream(live)));
    expect(open.map((reader) => reader.response.status)).toEqual([200, 200, 200, 200]);

    const fifth = await stream(live);
    expect(fifth.response.status).toBe(429);
    expect(await errorCode(fifth.response)).toBe('too_many_streams');
    const refused = queryAudit(live.server.runtime.db, { type: 'admin.audit_streamed' }, {});
    expect(refused.events.map((e) => e.outcome)).toEqual([
      'success',
      'success',
      'success',
      'success',
      'failure',
    ]);
    expect(refused.events.at(-1)?.reason).toBe('too_many_streams');

    open[0]?.disconnect();
    const again = await openWhenFree(() => stream(live));
    expect(again.response.status).toBe(200);
    for (const reader of [...open, again]) reader.disconnect();
  });

  it('never carries a ticket, token or key, while tickets are minted and redeemed', async ({
    live,
    key,
  }) => {
    const reader = await stream(live, '?after=0');
    const adminReply = await postLive(
      live,
      '/v1/admin/tickets',
      { email: 'carol@example.com' },
      { authorization: live.adminAuth },
    );
    const adminTicket = ((await adminReply.json()) as { ticket: string }).ticket;
    const own = await mintLive(live, 'alice', key);
    const redeemed = await redeemLive(live, own.ticket, key, 'upn');
    expect(redeemed.status).toBe(200);
    const released = JSON.stringify(await redeemed.json());
    const { profile } = live.server.runtime;
    expect(released).toContain(profile.tokenSet.authToken);

    const events = await reader.eventsUntil((e) => e.type === 'ticket.redeemed');

    expect(events.map((e) => e.type)).toContain('ticket.issued');
    expect(reader.raw).toContain(own.ticketId);
    const secrets = [
      own.ticket,
      adminTicket,
      live.adminKey,
      profile.tokenSet.authToken,
      profile.tokenSet.encryptionToken,
      profile.orgKey,
    ];
    for (const secret of secrets) expect(reader.raw).not.toContain(secret);
    expect(reader.raw).not.toMatch(/\blkt_[0-9A-Za-z]{28}\b|\blka_[0-9a-f]{48}\b/);
    reader.disconnect();
  });
});
