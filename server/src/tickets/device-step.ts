import { checkTicket } from '@latchkey/shared';
import { appendAudit, type RequestContext } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import { AppError, toAppError } from '../errors.js';
import { hmacSecret } from '../pepper.js';
import type { TicketDeps } from './deps.js';
import { checkProof, type ProofCheck, type VerifiedProof } from './proof.js';
import { assertProofUnseen, findTicketByHmac, ownerOf, spendProof } from './store.js';

/** A step a device takes with its ticket; names the step in refusal audits. */
export type DeviceStep = 'redeem' | 'result';

/** What every device request presents: the ticket, its proof, and where it was sent. */
export interface DeviceRequest {
  ticket: string;
  /** The `Latchkey-Proof` header, as received. */
  proofHeader: string | undefined;
  /** The request URL as the server sees it (the public URL behind a proxy), for `htu`. */
  url: string;
  context: RequestContext;
}

/** The part of a device step that runs inside the transaction, given what the guard checked. */
export type StepWork<T> = (hmac: string, proof: ProofCheck) => T;

/**
 * Runs one device step under the guard redemption and the result report share: a ticket whose
 * shape or checksum is wrong is refused before any database work; the proof's signature and
 * claims are checked before the transaction; then `work` runs in one immediate transaction with
 * the ticket's HMAC and the proof check. `work` throws an AppError to refuse; the refusal is then
 * audited (see {@link refuse}) and rethrown. An `internal` failure is rethrown unaudited.
 *
 * @throws AppError with the refusal's code.
 */
export async function runDeviceStep<T>(
  deps: TicketDeps,
  step: DeviceStep,
  request: DeviceRequest,
  work: StepWork<T>,
): Promise<T> {
  if (checkTicket(request.ticket) !== undefined) {
    const error = new AppError('ticket_malformed');
    refuse(deps, { step, error, hmac: undefined, proof: undefined, context: request.context });
    throw error;
  }
  const target = { method: 'POST', url: request.url, ticket: request.ticket };
  const proof = await checkProof(request.proofHeader, target, deps.clock.now());
  const hmac = hmacSecret(deps.pepper, request.ticket);
  try {
    return immediate(deps.db, () => work(hmac, proof));
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.code === 'internal') throw error;
    refuse(deps, { step, error, hmac, proof, context: request.context });
    throw error;
  }
}

/**
 * Inside a step's transaction: throws the proof's own failure, or `proof_replayed` when its `jti`
 * was already spent; otherwise returns the verified proof. Call it after the ticket's state
 * checks, so a ticket's own refusal code wins over its proof's.
 */
export function acceptProof(deps: TicketDeps, check: ProofCheck, now: Date): VerifiedProof {
  if (!check.ok) throw check.error;
  assertProofUnseen(deps.db, check.proof, now);
  return check.proof;
}

interface Refusal {
  step: DeviceStep;
  error: AppError;
  /** HMAC of the presented ticket; undefined when it was malformed. */
  hmac: string | undefined;
  proof: ProofCheck | undefined;
  context: RequestContext;
}

/**
 * Records a refused step in its own immediate transaction: `ticket.replayed` (outcome `alert`)
 * when the ticket was already used, `ticket.rejected` otherwise. A valid proof is spent even on
 * refusal, so the same proof cannot be tried again. The ticket value itself never reaches the
 * audit: only the id of a ticket that exists.
 */
function refuse(deps: TicketDeps, refusal: Refusal): void {
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
