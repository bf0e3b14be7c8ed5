import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNotNull, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  DeviceFacts,
  MAX_TICKET_PAGE_SIZE,
  ResultStatus,
  type TicketListQuery,
  type TicketPage,
  type TicketStatus,
  type TicketSummary,
} from '@latchkey/shared';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connection.js';
import { tickets, type TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Pepper } from '../pepper.js';
import { ownerOf } from './store.js';

/** Tickets per page when the caller names no limit. */
export const DEFAULT_TICKET_PAGE_SIZE = 100;

/** What {@link listTickets} reads: the database, the clock statuses are judged at, the pepper. */
export interface ListDeps {
  db: Db;
  clock: Clock;
  /** Signs cursors, so a changed one is refused rather than silently followed. */
  pepper: Pepper;
}

/** Where a ticket stands at `now`. A ticket expires at `expiresAt` exactly, as redemption holds. */
export function ticketStatus(row: TicketRow, now: Date): TicketStatus {
  if (row.redeemedAt !== null) return 'redeemed';
  if (row.revokedAt !== null) return 'revoked';
  return row.expiresAt <= now.getTime() ? 'expired' : 'outstanding';
}

function statusCondition(status: TicketStatus, now: number): SQL | undefined {
  const unused = and(isNull(tickets.redeemedAt), isNull(tickets.revokedAt));
  switch (status) {
    case 'redeemed':
      return isNotNull(tickets.redeemedAt);
    case 'revoked':
      return and(isNull(tickets.redeemedAt), isNotNull(tickets.revokedAt));
    case 'expired':
      return and(unused, lte(tickets.expiresAt, now));
    case 'outstanding':
      return and(unused, gt(tickets.expiresAt, now));
  }
}

function userCondition(user: string): SQL | undefined {
  if (!user.includes('|')) return eq(tickets.ownerEmail, user.toLowerCase());
  // An issuer URL has no `|`; a subject may (e.g. `auth0|123`), so split at the first one.
  const at = user.indexOf('|');
  return and(eq(tickets.ownerIss, user.slice(0, at)), eq(tickets.ownerSub, user.slice(at + 1)));
}

/** A position in the newest-first order: the last ticket a page showed. */
interface Position {
  createdAt: number;
  id: string;
}

function conditions(query: TicketListQuery, after: Position | undefined, now: number) {
  const parts: (SQL | undefined)[] = [];
  if (query.user !== undefined) parts.push(userCondition(query.user));
  if (query.status !== undefined) parts.push(statusCondition(query.status, now));
  if (query.kind !== undefined) parts.push(eq(tickets.kind, query.kind));
  if (after !== undefined) {
    parts.push(
      or(
        lt(tickets.createdAt, after.createdAt),
        and(eq(tickets.createdAt, after.createdAt), lt(tickets.id, after.id)),
      ),
    );
  }
  return and(...parts);
}

const CursorBody = z.object({ c: z.number().int().nonnegative(), i: z.string().max(64) });

function cursorTag(pepper: Pepper, body: string): Buffer {
  // A key of its own, so a cursor tag can never double as a ticket or key HMAC.
  return createHmac('sha256', pepper).update(`ticket-cursor\0${body}`).digest().subarray(0, 16);
}

/** Cursors are opaque to clients: base64url JSON of the last position, and a tag over it. */
export function encodeTicketCursor(pepper: Pepper, position: Position): string {
  const body = Buffer.from(JSON.stringify({ c: position.createdAt, i: position.id }));
  const encoded = body.toString('base64url');
  return `${encoded}.${cursorTag(pepper, encoded).toString('base64url')}`;
}

/**
 * The position a cursor names; no cursor means the newest ticket.
 *
 * @throws AppError `bad_request` for anything {@link encodeTicketCursor} did not make.
 */
export function decodeTicketCursor(pepper: Pepper, cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const refuse = (cause?: unknown) =>
    new AppError('bad_request', { message: 'The cursor is not valid.', cause });
  const [encoded = '', tag = '', ...rest] = cursor.split('.');
  const presented = Buffer.from(tag, 'base64url');
  const expected = cursorTag(pepper, encoded);
  if (rest.length > 0 || presented.length !== expected.length) throw refuse();
  if (!timingSafeEqual(presented, expected)) throw refuse();
  try {
    const body = CursorBody.parse(JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')));
    return { createdAt: body.c, id: body.i };
  } catch (error) {
    throw refuse(error);
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The platform and hostname the device stated at mint; nothing when it stated none. */
function mintDevice(device: string | null): TicketSummary['device'] {
  if (device === null) return null;
  const facts = DeviceFacts.partial().safeParse(JSON.parse(device));
  if (!facts.success) return { platform: null, hostname: null };
  return { platform: facts.data.platform ?? null, hostname: facts.data.hostname ?? null };
}

/** A ticket row as the API shows it: never its HMAC (nor, being unstored, the ticket). */
export function toTicketSummary(row: TicketRow, now: Date): TicketSummary {
  const result = ResultStatus.safeParse(row.resultStatus);
  return {
    ticketId: row.id,
    owner: ownerOf(row),
    kind: row.kind,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    status: ticketStatus(row, now),
    redeemedAt: iso(row.redeemedAt),
    revokedAt: iso(row.revokedAt),
    revokeReason: row.revokeReason,
    bound: row.jkt !== null,
    jkt: row.jkt,
    correlationId: row.correlationId,
    device: mintDevice(row.device),
    resultStatus: result.success ? result.data : null,
  };
}

/**
 * One page of tickets matching `query`, newest first (by creation time, then id), with a cursor
 * when more may follow. Statuses are judged at the clock's `now`. Paging is by position, so a
 * ticket minted or changed meanwhile never makes a page repeat or skip one that still matches.
 *
 * @throws AppError `bad_request` for a cursor the server did not make or a limit out of range.
 */
export function listTickets(deps: ListDeps, query: TicketListQuery): TicketPage {
  const limit = query.limit ?? DEFAULT_TICKET_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TICKET_PAGE_SIZE) {
    throw new AppError('bad_request', { message: 'The limit must be 1 to 1000.' });
  }
  const after = decodeTicketCursor(deps.pepper, query.cursor);
  const now = deps.clock.now();
  const rows = deps.db.orm
    .select()
    .from(tickets)
    .where(conditions(query, after, now.getTime()))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit + 1)
    .all();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    tickets: page.map((row) => toTicketSummary(row, now)),
    nextCursor: rows.length > limit && last ? encodeTicketCursor(deps.pepper, last) : null,
  };
}
