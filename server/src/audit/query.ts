import { and, asc, eq, gt, gte, lt, max, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AuditOutcome, type AuditEvent, type AuditPage } from '@latchkey/shared';
import { AppError } from '../errors.js';
import type { Db } from '../db/connection.js';
import { auditEvents, type AuditRow } from '../db/schema.js';

/** Filters for `GET /v1/audit` and the exports; all optional, combined with AND. */
export const AuditFilter = z.object({
  /** A lower-cased email, or `iss|sub`. */
  user: z.string().min(1).max(512).optional(),
  ticket: z.string().min(1).max(64).optional(),
  type: z.string().min(1).max(64).optional(),
  outcome: AuditOutcome.optional(),
  /** Inclusive lower bound, ISO 8601. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Exclusive upper bound, ISO 8601. */
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

/** Events per page when the caller names no limit. */
export const DEFAULT_PAGE_SIZE = 100;
/** Most events one page holds, whatever the caller asks. */
export const MAX_PAGE_SIZE = 1000;

function conditions(filter: AuditFilter, afterSeq: number): SQL | undefined {
  const parts: (SQL | undefined)[] = [gt(auditEvents.seq, afterSeq)];
  if (filter.user?.includes('|')) parts.push(eq(auditEvents.userId, filter.user));
  else if (filter.user) parts.push(eq(auditEvents.userEmail, filter.user.toLowerCase()));
  if (filter.ticket) parts.push(eq(auditEvents.ticketId, filter.ticket));
  if (filter.type) parts.push(eq(auditEvents.type, filter.type));
  if (filter.outcome) parts.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.from) parts.push(gte(auditEvents.time, new Date(filter.from).toISOString()));
  if (filter.to) parts.push(lt(auditEvents.time, new Date(filter.to).toISOString()));
  return and(...parts);
}

/** A row as the API shows it. */
export function toAuditEvent(row: AuditRow): AuditEvent {
  return { ...row, details: JSON.parse(row.details) as Record<string, unknown> };
}

/** Cursors are opaque to clients: base64url JSON naming the last sequence seen. */
export function encodeCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

/**
 * The sequence number a cursor names; no cursor means the start.
 *
 * @throws AppError `bad_request` for anything {@link encodeCursor} did not make.
 */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const parsed = z
      .object({ s: z.number().int().nonnegative() })
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.s;
  } catch (error) {
    throw new AppError('bad_request', { message: 'The cursor is not valid.', cause: error });
  }
}

/** Reads up to `limit` rows after sequence `afterSeq` that match `filter`, oldest first. */
export function readAuditRows(db: Db, filter: AuditFilter, afterSeq: number, limit: number) {
  return db.orm
    .select()
    .from(auditEvents)
    .where(conditions(filter, afterSeq))
    .orderBy(asc(auditEvents.seq))
    .limit(limit)
    .all();
}

/** The sequence number of the newest event; 0 while the log is empty. */
export function lastAuditSeq(db: Db): number {
  const row = db.orm
    .select({ seq: max(auditEvents.seq) })
    .from(auditEvents)
    .get();
  return row?.seq ?? 0;
}

/** One page of matching events, oldest first, with a cursor when more may follow. */
export function queryAudit(
  db: Db,
  filter: AuditFilter,
  page: { cursor?: string; limit?: number },
): AuditPage {
  const limit = Math.min(page.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const rows = readAuditRows(db, filter, decodeCursor(page.cursor), limit + 1);
  const events = rows.slice(0, limit).map(toAuditEvent);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
}
