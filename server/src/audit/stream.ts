import type { Db } from '../db/connection.js';
import type { AuditRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { AuditSubscription } from './feed.js';
import { lastAuditSeq, readAuditRows, toAuditEvent, type AuditFilter } from './query.js';

/** Rows read from the database, and so written to the client, per step of a stream. */
export const STREAM_BATCH = 200;

/** The reconnection delay a stream asks EventSource clients for, in ms. */
export const STREAM_RETRY_MS = 5000;

/** Where a stream starts: after a sequence number the client names, or at the current end. */
export type StreamStart = { after: number } | { from: 'now' };

/**
 * The sequence number a stream sends rows after. `after` may be 0 (from the first event) up to
 * the newest event; a larger one means the client has seen rows this database no longer holds
 * (a restored backup, rows cut off the end), so it is refused rather than silently followed.
 *
 * @throws AppError `bad_request` when `after` is beyond the newest event.
 */
export function streamStartSeq(db: Db, start: StreamStart): number {
  const last = lastAuditSeq(db);
  if ('from' in start) return last;
  if (start.after > last) {
    throw new AppError('bad_request', {
      message: `Sequence ${start.after} is beyond the newest audit event (${last}).`,
    });
  }
  return start.after;
}

/**
 * Reads up to `limit` matching rows after `after`, and how far the log has been scanned: past
 * the last row returned and, when the batch was not full, past every row that existed when the
 * read began, so a filter that matches nothing does not rescan the same rows at every wake-up.
 */
export function readStreamBatch(
  db: Db,
  filter: AuditFilter,
  after: number,
  limit: number,
): { rows: AuditRow[]; scannedTo: number } {
  const last = lastAuditSeq(db);
  const rows = readAuditRows(db, filter, after, limit);
  const lastRow = rows.at(-1)?.seq ?? after;
  return { rows, scannedTo: rows.length === limit ? lastRow : Math.max(after, last, lastRow) };
}

/** One Server-Sent Event: `id` the sequence number, `event` the type, `data` the API's JSON. */
export function sseEvent(row: AuditRow): string {
  // JSON.stringify escapes line breaks; the type is stripped of them in case a row was forged.
  const type = row.type.replace(/[\r\n]/g, '');
  return `id: ${row.seq}\nevent: ${type}\ndata: ${JSON.stringify(toAuditEvent(row))}\n\n`;
}

/** What {@link auditEventStream} reads from and waits on. */
export interface EventStreamSource {
  db: Db;
  filter: AuditFilter;
  /** Rows after this sequence number are sent. */
  after: number;
  subscription: AuditSubscription;
  heartbeatMs: number;
}

/**
 * The body of `GET /v1/audit/stream`: every matching row after `after`, in sequence order, then
 * each new one as it commits, as Server-Sent Events, with a `: heartbeat` comment after
 * `heartbeatMs` of quiet, and a `: closing` comment when the server ends it. It produces a batch
 * only when the reader asks for one, so a slow client holds at most one batch in memory; rows
 * wait in the database, not in a buffer. Ends when the subscription closes (server shutdown)
 * and leaves the feed when the client goes away.
 */
export function auditEventStream(source: EventStreamSource): ReadableStream<Uint8Array> {
  const { db, filter, subscription, heartbeatMs } = source;
  const encoder = new TextEncoder();
  let after = source.after;
  let cancelled = false;
  let lastWrite = performance.now();
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    controller.enqueue(encoder.encode(text));
    lastWrite = performance.now();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      send(controller, `retry: ${STREAM_RETRY_MS}\n\n`);
    },
    async pull(controller) {
      for (;;) {
        if (subscription.closed) {
          if (cancelled) return;
          // Tells the client the end was the server's doing, not a broken connection.
          send(controller, ': closing\n\n');
          controller.close();
          return;
        }
        const batch = readStreamBatch(db, filter, after, STREAM_BATCH);
        after = batch.scannedTo;
        if (batch.rows.length > 0) {
          send(controller, batch.rows.map(sseEvent).join(''));
          return;
        }
        // Wake-ups for rows the filter skips do not postpone the heartbeat.
        const quiet = Math.max(0, lastWrite + heartbeatMs - performance.now());
        if ((await subscription.wait(quiet)) === 'timeout') {
          send(controller, ': heartbeat\n\n');
          return;
        }
      }
    },
    cancel() {
      cancelled = true;
      subscription.end();
    },
  });
}
