import { appendAudit, type RequestContext } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import type { AppError } from '../errors.js';
import type { TicketDeps } from './deps.js';
import type { ProofCheck } from './proof.js';
import { findTicketByHmac, ownerOf, spendProof } from './store.js';

export interface Refusal {
  step: 'redeem' | 'result';
  error: AppError;
  /** HMAC of the presented ticket; undefined when it was malformed. */
  hmac: string | undefined;
  proof: ProofCheck | undefined;
  context: RequestContext;
}

/**
 * Records a refused redemption or report in its own immediate transaction: `ticket.replayed`
 * (outcome `alert`) when the ticket was already used, `ticket.rejected` otherwise. A valid proof
 * is spent even on refusal, so the same proof cannot be tried again. The ticket value itself
 * never reaches the audit: only the id of a ticket that exists.
 */
export function refuse(deps: TicketDeps, refusal: Refusal): void {
  immediate(deps.db, () => {
    const row = refusal.hmac === undefined ? undefined : findTicketByHmac(deps.db, refusal.hmac);
    const replay = refusal.error.code === 'ticket_already_used';
    const jkt = refusal.proof?.ok ? refusal.proof.proof.jkt : undefined;
    if (refusal.proof?.ok) spendProof(deps.db, refusal.proof.proof, deps.clock.now());
    appendAudit(deps.db, deps.clock, {
      type: replay ? 'ticket.replayed' : 'ticket.rejected',
      outcome: replay ? 'alert' : 'failure',
      actor: jkt ? `device:${jkt}` : 'device',
      user: row ? ownerOf(row) : undefined,
      ticketId: row?.id ?? null,
      correlationId: row?.correlationId ?? null,
      reason: refusal.error.code,
      details: { step: refusal.step, jkt },
      context: refusal.context,
    });
  });
}
