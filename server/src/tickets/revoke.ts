import { and, eq } from 'drizzle-orm';
import { appendAudit, type RequestContext } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import { tickets, type TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { TicketDeps } from './deps.js';
import { findTicketById, isOutstanding, ownerOf } from './store.js';

/** Who revokes, why in their own words, and the request that did it. */
export interface RevokeInput {
  actor: string;
  /** Free text from the admin, kept in the audit details. */
  note?: string | undefined;
  context: RequestContext;
}

/** Why a ticket is revoked, by whom, and the request that did it. */
export interface Revocation {
  reason: 'revoked' | 'superseded';
  actor: string;
  note?: string | undefined;
  context: RequestContext;
}

/**
 * Marks one ticket revoked and audits `ticket.revoked` with the reason. Runs inside the caller's
 * immediate transaction; the caller has checked that the ticket is still outstanding.
 */
export function revokeRow(deps: TicketDeps, row: TicketRow, revocation: Revocation): void {
  deps.db.orm
    .update(tickets)
    .set({ revokedAt: deps.clock.now().getTime(), revokeReason: revocation.reason })
    .where(eq(tickets.id, row.id))
    .run();
  appendAudit(deps.db, deps.clock, {
    type: 'ticket.revoked',
    outcome: 'success',
    actor: revocation.actor,
    user: ownerOf(row),
    ticketId: row.id,
    correlationId: row.correlationId,
    reason: revocation.reason,
    details: { note: revocation.note },
    context: revocation.context,
  });
}

function revokeRows(deps: TicketDeps, rows: TicketRow[], input: RevokeInput): string[] {
  const now = deps.clock.now();
  const outstanding = rows.filter((row) => isOutstanding(row, now));
  for (const row of outstanding) revokeRow(deps, row, { ...input, reason: 'revoked' });
  return outstanding.map((row) => row.id);
}

/**
 * Revokes one ticket if it is still outstanding (not redeemed, revoked or expired).
 *
 * @returns the id when it was revoked, nothing when there was nothing left to revoke.
 * @throws AppError `ticket_unknown` when no ticket has this id.
 */
export function revokeTicket(deps: TicketDeps, ticketId: string, input: RevokeInput): string[] {
  return immediate(deps.db, () => {
    const row = findTicketById(deps.db, ticketId);
    if (!row) throw new AppError('ticket_unknown');
    return revokeRows(deps, [row], input);
  });
}

/**
 * Revokes every outstanding ticket of one user, named by email (case-insensitive) or by
 * `iss|sub`.
 */
export function revokeUserTickets(deps: TicketDeps, user: string, input: RevokeInput): string[] {
  return immediate(deps.db, () => {
    const rows = user.includes('|')
      ? userRowsById(deps, user)
      : deps.db.orm.select().from(tickets).where(eq(tickets.ownerEmail, user.toLowerCase())).all();
    return revokeRows(deps, rows, input);
  });
}

function userRowsById(deps: TicketDeps, user: string): TicketRow[] {
  // An issuer URL has no `|`; a subject may (e.g. `auth0|123`), so split at the first one.
  const at = user.indexOf('|');
  const [iss, sub] = [user.slice(0, at), user.slice(at + 1)];
  return deps.db.orm
    .select()
    .from(tickets)
    .where(and(eq(tickets.ownerIss, iss), eq(tickets.ownerSub, sub)))
    .all();
}
