import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { proofIds, tickets, type TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { sameDigest } from '../pepper.js';
import type { VerifiedProof } from './proof.js';

function prepareQueries(db: Db) {
  const upsertProof = db.orm
    .insert(proofIds)
    .values({ jti: sql.placeholder('jti'), expiresAt: sql.placeholder('expiresAt') })
    .onConflictDoUpdate({ target: proofIds.jti, set: { expiresAt: sql`excluded.expires_at` } });
  return {
    byHmac: db.orm
      .select()
      .from(tickets)
      .where(eq(tickets.secretHmac, sql.placeholder('hmac')))
      .prepare(),
    proofSeen: db.orm
      .select({ jti: proofIds.jti })
      .from(proofIds)
      .where(
        and(
          eq(proofIds.jti, sql.placeholder('jti')),
          gt(proofIds.expiresAt, sql.placeholder('now')),
        ),
      )
      .prepare(),
    forgetProofs: db.orm
      .delete(proofIds)
      .where(lt(proofIds.expiresAt, sql.placeholder('now')))
      .prepare(),
    upsertProof: upsertProof.prepare(),
  };
}

// Redemption runs these on every request; they are prepared once per connection.
const prepared = new WeakMap<Db, ReturnType<typeof prepareQueries>>();

function queries(db: Db) {
  let found = prepared.get(db);
  if (!found) {
    found = prepareQueries(db);
    prepared.set(db, found);
  }
  return found;
}

/** Finds a ticket by the HMAC of its secret; the index finds it, a constant-time check confirms. */
export function findTicketByHmac(db: Db, hmac: string): TicketRow | undefined {
  const row = queries(db).byHmac.get({ hmac });
  return row && sameDigest(row.secretHmac, hmac) ? row : undefined;
}

/** Finds a ticket by its public id. */
export function findTicketById(db: Db, id: string): TicketRow | undefined {
  return db.orm.select().from(tickets).where(eq(tickets.id, id)).get();
}

/** Throws the code that says why a ticket cannot be redeemed now, if it cannot. */
export function assertRedeemable(row: TicketRow, now: Date): void {
  if (row.redeemedAt !== null) throw new AppError('ticket_already_used', { detail: row.id });
  if (row.revokedAt !== null) {
    const code = row.revokeReason === 'superseded' ? 'ticket_superseded' : 'ticket_revoked';
    throw new AppError(code, { detail: row.id });
  }
  if (row.expiresAt <= now.getTime()) throw new AppError('ticket_expired', { detail: row.id });
}

/** True while a ticket can still be redeemed or revoked. */
export function isOutstanding(row: TicketRow, now: Date): boolean {
  return row.redeemedAt === null && row.revokedAt === null && row.expiresAt > now.getTime();
}

/** Throws `proof_replayed` when the proof's `jti` was seen before and has not yet lapsed. */
export function assertProofUnseen(db: Db, proof: VerifiedProof, now: Date): void {
  const seen = queries(db).proofSeen.get({ jti: proof.jti, now: now.getTime() });
  if (seen) throw new AppError('proof_replayed');
}

/** Records a proof's `jti` as spent and forgets lapsed ones. */
export function spendProof(db: Db, proof: VerifiedProof, now: Date): void {
  const { forgetProofs, upsertProof } = queries(db);
  forgetProofs.run({ now: now.getTime() });
  upsertProof.run({ jti: proof.jti, expiresAt: proof.expiresAt });
}

/** The columns that name a ticket's owner. */
type TicketOwnerColumns = Pick<TicketRow, 'ownerIss' | 'ownerSub' | 'ownerEmail'>;

/** The user a ticket belongs to, as the audit names them. */
export function ownerOf(row: TicketOwnerColumns): { email: string | null; id: string | null } {
  const id =
    row.ownerIss !== null && row.ownerSub !== null ? `${row.ownerIss}|${row.ownerSub}` : null;
  return { email: row.ownerEmail, id };
}
