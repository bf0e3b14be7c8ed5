import { and, eq, isNull } from 'drizzle-orm';
import {
  checkTicket,
  type DeviceFacts,
  type EnrollMode,
  type Platform,
  type RedeemResponse,
} from '@latchkey/shared';
import { appendAudit, type RequestContext } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import { tickets, type TicketRow } from '../db/schema.js';
import { AppError, toAppError } from '../errors.js';
import { releaseMaterial, resolveMode, type Release } from '../netskope/release.js';
import { hmacSecret } from '../pepper.js';
import type { TicketDeps } from './deps.js';
import { checkProof, type ProofCheck, type VerifiedProof } from './proof.js';
import { refuse } from './refuse.js';
import {
  assertProofUnseen,
  assertRedeemable,
  findTicketByHmac,
  ownerOf,
  spendProof,
} from './store.js';

export interface RedeemInput {
  ticket: string;
  platform: Platform;
  mode?: EnrollMode | undefined;
  device?: DeviceFacts | undefined;
  /** The `Latchkey-Proof` header, as received. */
  proofHeader: string | undefined;
  /** The request URL as the server sees it, for the proof's `htu`. */
  url: string;
  context: RequestContext;
}

/**
 * Redeems a ticket exactly once. The shape and checksum are checked before any database work;
 * the proof's signature and claims before the transaction; then one immediate transaction finds
 * the ticket by HMAC, checks its state, the proof's `jti` and key binding and the mode, consumes
 * it (binding the proof's key if the ticket was unbound), audits `ticket.redeemed` and computes
 * the release. Any refusal changes nothing but the audit (`ticket.replayed` for a ticket already
 * used, `ticket.rejected` otherwise) and the spent proof `jti`.
 *
 * @throws AppError with the refusal's code.
 */
export async function redeemTicket(deps: TicketDeps, input: RedeemInput): Promise<RedeemResponse> {
  if (checkTicket(input.ticket) !== undefined) {
    const error = new AppError('ticket_malformed');
    refuse(deps, {
      step: 'redeem',
      error,
      hmac: undefined,
      proof: undefined,
      context: input.context,
    });
    throw error;
  }
  const target = { method: 'POST', url: input.url, ticket: input.ticket };
  const proof = await checkProof(input.proofHeader, target, deps.clock.now());
  const hmac = hmacSecret(deps.pepper, input.ticket);
  try {
    return immediate(deps.db, () => consume(deps, input, hmac, proof));
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.code === 'internal') throw error;
    refuse(deps, { step: 'redeem', error, hmac, proof, context: input.context });
    throw error;
  }
}

function consume(deps: TicketDeps, input: RedeemInput, hmac: string, check: ProofCheck) {
  const now = deps.clock.now();
  const row = findTicketByHmac(deps.db, hmac);
  if (!row) throw new AppError('ticket_unknown');
  assertRedeemable(row, now);
  if (!check.ok) throw check.error;
  assertProofUnseen(deps.db, check.proof, now);
  if (row.jkt !== null && row.jkt !== check.proof.jkt) throw new AppError('key_mismatch');
  const mode = resolveMode(deps.profile, input.platform, input.mode);
  const release = releaseMaterial(deps.profile, mode, input.platform, row.ownerEmail);
  spendProof(deps.db, check.proof, now);
  markRedeemed(deps, row, input, check.proof, release);
  auditRedeemed(deps, row, input, check.proof, release);
  return {
    ticketId: row.id,
    correlationId: row.correlationId,
    mode: release.mode,
    platform: input.platform,
    tokenSetId: release.tokenSetId,
    user: { email: row.ownerEmail ?? '' },
    material: release.material,
    released: release.released,
  };
}

function markRedeemed(
  deps: TicketDeps,
  row: TicketRow,
  input: RedeemInput,
  proof: VerifiedProof,
  release: Release,
): void {
  const result = deps.db.orm
    .update(tickets)
    .set({
      redeemedAt: deps.clock.now().getTime(),
      jkt: row.jkt ?? proof.jkt,
      mode: release.mode,
      platform: input.platform,
    })
    .where(and(eq(tickets.id, row.id), isNull(tickets.redeemedAt)))
    .run();
  // The immediate transaction already excludes a second writer; this guards the invariant.
  if (result.changes !== 1) throw new AppError('ticket_already_used', { detail: row.id });
}

function auditRedeemed(
  deps: TicketDeps,
  row: TicketRow,
  input: RedeemInput,
  proof: VerifiedProof,
  release: Release,
): void {
  appendAudit(deps.db, deps.clock, {
    type: 'ticket.redeemed',
    outcome: 'success',
    actor: `device:${proof.jkt}`,
    user: ownerOf(row),
    ticketId: row.id,
    correlationId: row.correlationId,
    details: {
      mode: release.mode,
      platform: input.platform,
      tokenSetId: release.tokenSetId,
      released: release.released,
      jkt: proof.jkt,
      boundAt: row.jkt === null ? 'redemption' : 'mint',
      device: input.device,
    },
    context: input.context,
  });
}
