import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Enrollment tickets. The secret is never stored: only its HMAC under the pepper. Times are
 * milliseconds since the epoch. Owner email is kept lower-cased.
 */
export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    secretHmac: text('secret_hmac').notNull().unique(),
    kind: text('kind', { enum: ['self-service', 'admin'] }).notNull(),
    ownerIss: text('owner_iss'),
    ownerSub: text('owner_sub'),
    ownerEmail: text('owner_email'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    redeemedAt: integer('redeemed_at'),
    revokedAt: integer('revoked_at'),
    revokeReason: text('revoke_reason'),
    jkt: text('jkt'),
    device: text('device'),
    correlationId: text('correlation_id').notNull(),
    mode: text('mode'),
    platform: text('platform'),
    resultStatus: text('result_status'),
    resultAt: integer('result_at'),
  },
  (t) => [
    index('tickets_owner_idx').on(t.ownerIss, t.ownerSub),
    index('tickets_email_idx').on(t.ownerEmail),
    index('tickets_created_idx').on(t.createdAt, t.id),
  ],
);

/**
 * The append-only audit log. Triggers (migration 0001) refuse UPDATE and DELETE. `seq` is
 * assigned by the writer inside the same immediate transaction that reads the previous hash.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey(),
    time: text('time').notNull(),
    type: text('type').notNull(),
    actor: text('actor'),
    userEmail: text('user_email'),
    userId: text('user_id'),
    ticketId: text('ticket_id'),
    correlationId: text('correlation_id'),
    outcome: text('outcome', { enum: ['success', 'failure', 'alert'] }).notNull(),
    reason: text('reason'),
    requestId: text('request_id'),
    sourceIp: text('source_ip'),
    userAgent: text('user_agent'),
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_ticket_idx').on(t.ticketId),
    index('audit_type_idx').on(t.type),
    index('audit_user_email_idx').on(t.userEmail),
    index('audit_user_id_idx').on(t.userId),
    index('audit_time_idx').on(t.time),
  ],
);

/** Admin API keys, stored as HMAC under the pepper; the key itself is shown once. */
export const adminKeys = sqliteTable('admin_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  keyHmac: text('key_hmac').notNull().unique(),
  scopes: text('scopes').notNull(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
});

/** `jti`s of device proofs the server has seen, kept until the proof could no longer pass. */
export const proofIds = sqliteTable(
  'proof_ids',
  {
    jti: text('jti').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('proof_ids_expires_idx').on(t.expiresAt)],
);

export type TicketRow = typeof tickets.$inferSelect;
export type AuditRow = typeof auditEvents.$inferSelect;
export type AdminKeyRow = typeof adminKeys.$inferSelect;

/**
 * Admin console sessions. The session id lives only in the admin's cookie; the table holds its
 * HMAC under the pepper. Times are milliseconds since the epoch.
 */
export const consoleSessions = sqliteTable(
  'console_sessions',
  {
    idHmac: text('id_hmac').primaryKey(),
    /** The audit actor, `admin:<email>` (or `admin:iss|sub` without an email). */
    actor: text('actor').notNull(),
    userEmail: text('user_email'),
    userId: text('user_id').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('console_sessions_created_idx').on(t.createdAt)],
);

/**
 * Console sign-ins under way, keyed by the HMAC of their random `state`. The PKCE verifier and
 * the nonce are derived from the state under the pepper, so no secret is stored here. A row is
 * deleted by the callback that uses it, so a callback cannot be replayed.
 */
export const consoleLogins = sqliteTable(
  'console_logins',
  {
    stateHmac: text('state_hmac').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('console_logins_expires_idx').on(t.expiresAt)],
);

export type ConsoleSessionRow = typeof consoleSessions.$inferSelect;
