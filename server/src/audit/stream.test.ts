import { describe, expect } from 'vitest';
import { it, type TestContext } from '../testing/fixtures.js';
import { createAuditFeed } from './feed.js';
import { appendAudit, localContext } from './record.js';
import { auditEventStream, readStreamBatch, sseEvent, STREAM_BATCH } from './stream.js';

function append(ctx: TestContext, count: number, type: 'ticket.issued' | 'ticket.rejected') {
  for (let i = 0; i < count; i += 1) {
    appendAudit(ctx.db, ctx.clock, {
      type,
      outcome: 'success',
      actor: 'test',
      context: localContext(),
    });
  }
}

const decoder = new TextDecoder();
const eventIds = (chunk: string) => [...chunk.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe('audit stream reads', () => {
  it('hands out one batch per read, so a reader that stops holds no more than that', async ({
    ctx,
  }) => {
    append(ctx, STREAM_BATCH * 2 + 50, 'ticket.issued');
    const feed = createAuditFeed(ctx.db);
    const subscription = feed.open('admin');
    if (!subscription) throw new Error('no subscription');
    const reader = auditEventStream({
      db: ctx.db,
      filter: {},
      after: 0,
      subscription,
      heartbeatMs: 60_000,
    }).getReader();

    const retry = decoder.decode((await reader.read()).value);
    const first = eventIds(decoder.decode((await reader.read()).value));
    const second = eventIds(decoder.decode((await reader.read()).value));
    const third = eventIds(decoder.decode((await reader.read()).value));
    feed.close();
    const closing = decoder.decode((await reader.read()).value);

    expect(retry).toMatch(/^retry: \d+\n\n$/);
    expect(first).toHaveLength(STREAM_BATCH);
    expect([...first, ...second, ...third]).toEqual(
      Array.from({ length: STREAM_BATCH * 2 + 50 }, (_, i) => i + 1),
    );
    expect(closing).toBe(': closing\n\n');
    expect((await reader.read()).done).toBe(true);
    expect(feed.size).toBe(0);
  });

  it('a filter that matches nothing still moves the scan to the end of the log', ({ ctx }) => {
    append(ctx, 30, 'ticket.rejected');

    const batch = readStreamBatch(ctx.db, { type: 'ticket.issued' }, 0, STREAM_BATCH);

    expect(batch).toEqual({ rows: [], scannedTo: 30 });
  });

  it('writes each row as one event whose data is the query API JSON', ({ ctx }) => {
    append(ctx, 1, 'ticket.issued');
    const [row] = readStreamBatch(ctx.db, {}, 0, 1).rows;
    if (!row) throw new Error('no row');

    const [id, event, data, ...rest] = sseEvent(row).split('\n');

    expect([id, event]).toEqual(['id: 1', 'event: ticket.issued']);
    expect(JSON.parse(data?.replace(/^data: /, '') ?? '')).toMatchObject({ seq: 1, details: {} });
    expect(rest).toEqual(['', '']);
  });
});

describe('the audit feed', () => {
  it('gives each actor at most its share of streams and frees a slot when one ends', ({ ctx }) => {
    const feed = createAuditFeed(ctx.db, { maxStreamsPerActor: 2 });

    const [a, b, c] = [
      feed.open('admin-key:one'),
      feed.open('admin-key:one'),
      feed.open('admin-key:one'),
    ];
    const other = feed.open('admin-key:two');
    a?.end();
    const reopened = feed.open('admin-key:one');

    expect([a, b, other, reopened].every(Boolean)).toBe(true);
    expect(c).toBeUndefined();
    expect(feed.size).toBe(3);
    feed.close();
    expect(feed.size).toBe(0);
    expect([b, other, reopened].every((s) => s?.closed)).toBe(true);
  });

  it('wakes a waiting stream when the log grows, and not when it does not', async ({ ctx }) => {
    const feed = createAuditFeed(ctx.db);
    const subscription = feed.open('admin');
    if (!subscription) throw new Error('no subscription');

    feed.wake();
    const quiet = await subscription.wait(0);
    const waiting = subscription.wait(60_000);
    append(ctx, 1, 'ticket.issued');
    feed.wake();

    expect(quiet).toBe('timeout');
    expect(await waiting).toBe('changed');
    feed.close();
    expect(await subscription.wait(60_000)).toBe('closed');
  });
});
