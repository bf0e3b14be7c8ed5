import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import {
  generateTicket,
  generateTicketId,
  type DeviceFacts,
  type MintResponse,
} from '@latchkey/shared';
import { appendAudit, type RequestContext } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import { tickets } from '../db/schema.js';
import { AppError } from '../errors.js';
import { hmacSecret } from '../pepper.js';
import type { TicketDeps } from './deps.js';
import { revokeRow } from './revoke.js';
import { ownerOf } from './store.js';

/** Whom a ticket is for. Self-service tickets always have `iss` and `sub`. */
export interface TicketOwner {
  iss: string | null;
  sub: string | null;
  email: string | null;
}

/** Longest lifetime of each kind of ticket, in seconds: an hour self-service, a week admin. */
export const MAX_TTL_SECONDS = { 'self-service': 3600, admin: 7 * 24 * 3600 } as const;

/** What to mint: for whom, for how long, bound to which key, and who asked. */
export interface MintInput {
  kind: 'self-service' | 'admin';
  owner: TicketOwner;
  /** Whole seconds, 1 to {@link MAX_TTL_SECONDS} for the kind; callers apply their own cap. */
  ttlSeconds: number;
  jkt?: string | undefined;
  device?: DeviceFacts | undefined;
  note?: string | undefined;
  actor: string;
  context: RequestContext;
}

function assertLifetime({ kind, ttlSeconds }: MintInput): void {
  const cap = MAX_TTL_SECONDS[kind];
  if (Number.isInteger(ttlSeconds) && ttlSeconds >= 1 && ttlSeconds <= cap) return;
  throw new AppError('bad_request', { message: `A ${kind} ticket lives 1 to ${cap} seconds.` });
}

function supersede(deps: TicketDeps, input: MintInput, now: number): void {
  const { iss, sub } = input.owner;
  if (input.kind !== 'self-service' || iss === null || sub === null) return;
  const outstanding = deps.db.orm
    .select()
    .from(tickets)
    .where(
      and(
        eq(tickets.kind, 'self-service'),
        eq(tickets.ownerIss, iss),
        eq(tickets.ownerSub, sub),
        isNull(tickets.redeemedAt),
        isNull(tickets.revokedAt),
        gt(tickets.expiresAt, now),
      ),
    )
    .all();
  for (const row of outstanding) {
    revokeRow(deps, row, { reason: 'superseded', actor: input.actor, context: input.context });
  }
}

function newRow(input: MintInput, secretHmac: string, now: number) {
  return {
    id: generateTicketId(),
    secretHmac,
    kind: input.kind,
    ownerIss: input.owner.iss,
    ownerSub: input.owner.sub,
    ownerEmail: input.owner.email?.toLowerCase() ?? null,
    createdBy: input.actor,
    createdAt: now,
    expiresAt: now + input.ttlSeconds * 1000,
    jkt: input.jkt ?? null,
    device: input.device ? JSON.stringify(input.device) : null,
    correlationId: randomUUID(),
  };
}

function auditIssued(deps: TicketDeps, input: MintInput, row: ReturnType<typeof newRow>): void {
  appendAudit(deps.db, deps.clock, {
    type: 'ticket.issued',
    outcome: 'success',
    actor: input.actor,
    user: ownerOf(row),
    ticketId: row.id,
    correlationId: row.correlationId,
    details: {
      kind: input.kind,
      ttlSeconds: input.ttlSeconds,
      jkt: row.jkt,
      device: input.device,
      note: input.note,
    },
    context: input.context,
  });
}

/**
 * Mints a ticket in one immediate transaction: supersedes the owner's outstanding self-service
 * ticket (audited `ticket.revoked`, reason `superseded`), stores only the HMAC of the new
 * secret, and audits `ticket.issued`. The plaintext ticket exists only in the returned value.
 *
 * @throws AppError `bad_request` for a lifetime outside 1 to {@link MAX_TTL_SECONDS}, before any
 * database work.
 */
export function mintTicket(deps: TicketDeps, input: MintInput): MintResponse {
  assertLifetime(input);
  const ticket = generateTicket();
  const secretHmac = hmacSecret(deps.pepper, ticket);
  return immediate(deps.db, () => {
    const now = deps.clock.now().getTime();
    supersede(deps, input, now);
    const row = newRow(input, secretHmac, now);
    deps.db.orm.insert(tickets).values(row).run();
    auditIssued(deps, input, row);
    return {
      ticket,
      ticketId: row.id,
      expiresAt: new Date(row.expiresAt).toISOString(),
      correlationId: row.correlationId,
    };
  });
}
