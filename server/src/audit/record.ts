import type { Statement } from 'better-sqlite3';
import type { AuditType } from '@latchkey/shared';
import type { Clock } from '../clock.js';
import { immediate, type Db } from '../db/connection.js';
import { auditHash, canonicalJson, GENESIS_HASH } from './chain.js';

/** Where a request came from; every audit event carries it. */
export interface RequestContext {
  requestId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
}

/** A context for work started outside HTTP (the CLI, tests). */
export function localContext(requestId: string | null = null): RequestContext {
  return { requestId, sourceIp: null, userAgent: 'latchkey-cli' };
}

/** One event to append. `details` must never hold a secret: item names, ids and codes only. */
export interface AuditInput {
  type: AuditType;
  outcome: 'success' | 'failure' | 'alert';
  actor: string | null;
  /** The user the event concerns: lower-cased email and/or `iss|sub`. */
  user?: { email: string | null; id: string | null };
  ticketId?: string | null;
  correlationId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
  context: RequestContext;
}

/**
 * Appends one event to the hash chain. Runs inside the caller's transaction when there is one
 * (better-sqlite3 nests it as a savepoint), otherwise in its own immediate transaction; either
 * way the previous hash is read under the write lock. Throws if the row cannot be written, so
 * the change it records fails with it.
 *
 * @returns the new event's sequence number.
 */
export function appendAudit(db: Db, clock: Clock, input: AuditInput): number {
  const statements = statementsFor(db);
  return immediate(db, () => {
    const last = statements.last.get() as { seq: number; hash: string } | undefined;
    const content = {
      seq: (last?.seq ?? 0) + 1,
      time: clock.now().toISOString(),
      type: input.type,
      actor: input.actor,
      userEmail: input.user?.email ?? null,
      userId: input.user?.id ?? null,
      ticketId: input.ticketId ?? null,
      correlationId: input.correlationId ?? null,
      outcome: input.outcome,
      reason: input.reason ?? null,
      requestId: input.context.requestId,
      sourceIp: input.context.sourceIp,
      userAgent: input.context.userAgent?.slice(0, 512) ?? null,
      details: canonicalJson(input.details ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    statements.insert.run({ ...content, hash: auditHash(content) });
    return content.seq;
  });
}

interface AuditStatements {
  last: Statement;
  insert: Statement;
}

// Every request appends at least one event, so its two statements are prepared once per
// connection rather than rebuilt by the query builder each time.
const prepared = new WeakMap<Db, AuditStatements>();

function statementsFor(db: Db): AuditStatements {
  let statements = prepared.get(db);
  if (!statements) {
    statements = {
      last: db.sqlite.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
      insert: db.sqlite.prepare(
        `INSERT INTO audit_events (seq, time, type, actor, user_email, user_id, ticket_id,
           correlation_id, outcome, reason, request_id, source_ip, user_agent, details,
           prev_hash, hash)
         VALUES (@seq, @time, @type, @actor, @userEmail, @userId, @ticketId, @correlationId,
           @outcome, @reason, @requestId, @sourceIp, @userAgent, @details, @prevHash, @hash)`,
      ),
    };
    prepared.set(db, statements);
  }
  return statements;
}
