import { createHash } from 'node:crypto';
import type { AuditRow } from '../db/schema.js';

/** The `prevHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** Everything in a row except its own hash. */
export type AuditContent = Omit<AuditRow, 'hash'>;

/**
 * SHA-256 (hex) over the canonical JSON of a row's content, which includes `seq` and the
 * previous row's hash: changing, removing or reordering a row breaks every hash after it.
 */
export function auditHash(content: AuditContent): string {
  const fields: AuditContent = {
    seq: content.seq,
    time: content.time,
    type: content.type,
    actor: content.actor,
    userEmail: content.userEmail,
    userId: content.userId,
    ticketId: content.ticketId,
    correlationId: content.correlationId,
    outcome: content.outcome,
    reason: content.reason,
    requestId: content.requestId,
    sourceIp: content.sourceIp,
    userAgent: content.userAgent,
    details: content.details,
    prevHash: content.prevHash,
  };
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}
