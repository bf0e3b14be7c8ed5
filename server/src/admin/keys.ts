import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { crc32 } from '@latchkey/shared';
import { appendAudit, type RequestContext } from '../audit/record.js';
import type { Clock } from '../clock.js';
import { immediate, type Db } from '../db/connection.js';
import { adminKeys } from '../db/schema.js';
import { hmacSecret, sameDigest, type Pepper } from '../pepper.js';

/**
 * Admin API key format: `lka_` + 40 hex digits (160 CSPRNG bits) + 8 hex digits of CRC-32 over
 * what precedes them. Secret scanners can match {@link ADMIN_KEY_PATTERN}.
 */
export const ADMIN_KEY_REGEX = /^lka_[0-9a-f]{48}$/;
export const ADMIN_KEY_PATTERN = String.raw`\blka_[0-9a-f]{48}\b`;

function checksum(body: string): string {
  return crc32(body).toString(16).padStart(8, '0');
}

/** True when `key` has the shape and checksum of an admin key; proves nothing else. */
export function isWellFormedAdminKey(key: string): boolean {
  return ADMIN_KEY_REGEX.test(key) && checksum(key.slice(0, -8)) === key.slice(-8);
}

/** An admin key as listed: never the key or its HMAC. */
export interface AdminKeyInfo {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface KeyDeps {
  db: Db;
  clock: Clock;
  pepper: Pepper;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Creates an admin key, stores only its HMAC under the pepper, audits `admin.key_created`.
 *
 * @returns the key (shown once; it cannot be recovered) and its public id.
 */
export function createAdminKey(
  deps: KeyDeps,
  input: { name: string; actor: string; context: RequestContext },
): { id: string; key: string } {
  const body = `lka_${randomBytes(20).toString('hex')}`;
  const key = body + checksum(body);
  const id = `key_${randomBytes(8).toString('hex')}`;
  immediate(deps.db, () => {
    deps.db.orm
      .insert(adminKeys)
      .values({
        id,
        name: input.name,
        keyHmac: hmacSecret(deps.pepper, key),
        scopes: JSON.stringify(['admin']),
        createdAt: deps.clock.now().getTime(),
      })
      .run();
    appendAudit(deps.db, deps.clock, {
      type: 'admin.key_created',
      outcome: 'success',
      actor: input.actor,
      details: { keyId: id, name: input.name },
      context: input.context,
    });
  });
  return { id, key };
}

/** Every admin key, oldest first, without secrets. */
export function listAdminKeys(db: Db): AdminKeyInfo[] {
  return db.orm
    .select()
    .from(adminKeys)
    .orderBy(asc(adminKeys.createdAt))
    .all()
    .map((row) => ({
      id: row.id,
      name: row.name,
      scopes: JSON.parse(row.scopes) as string[],
      createdAt: new Date(row.createdAt).toISOString(),
      lastUsedAt: iso(row.lastUsedAt),
      revokedAt: iso(row.revokedAt),
    }));
}

/**
 * Revokes a key by id and audits `admin.key_revoked`.
 *
 * @returns false when no live key has this id.
 */
export function revokeAdminKey(
  deps: KeyDeps,
  id: string,
  input: { actor: string; context: RequestContext },
): boolean {
  return immediate(deps.db, () => {
    const row = deps.db.orm.select().from(adminKeys).where(eq(adminKeys.id, id)).get();
    if (!row || row.revokedAt !== null) return false;
    deps.db.orm
      .update(adminKeys)
      .set({ revokedAt: deps.clock.now().getTime() })
      .where(eq(adminKeys.id, id))
      .run();
    appendAudit(deps.db, deps.clock, {
      type: 'admin.key_revoked',
      outcome: 'success',
      actor: input.actor,
      details: { keyId: id, name: row.name },
      context: input.context,
    });
    return true;
  });
}

/**
 * Finds the live key a bearer value names and records its use.
 *
 * @returns the key's id, or undefined for a malformed, unknown or revoked key.
 */
export function useAdminKey(deps: KeyDeps, key: string): string | undefined {
  if (!isWellFormedAdminKey(key)) return undefined;
  const hmac = hmacSecret(deps.pepper, key);
  const row = deps.db.orm.select().from(adminKeys).where(eq(adminKeys.keyHmac, hmac)).get();
  if (!row || !sameDigest(row.keyHmac, hmac) || row.revokedAt !== null) return undefined;
  deps.db.orm
    .update(adminKeys)
    .set({ lastUsedAt: deps.clock.now().getTime() })
    .where(eq(adminKeys.id, row.id))
    .run();
  return row.id;
}
