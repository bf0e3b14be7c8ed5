import { and, eq, isNull } from 'drizzle-orm';
import type { NetskopeState, ResultOutcome, ResultResponse } from '@latchkey/shared';
import { appendAudit } from '../audit/record.js';
import { tickets, type TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { TicketDeps } from './deps.js';
import { acceptProof, runDeviceStep, type DeviceRequest } from './device-step.js';
import type { ProofCheck, VerifiedProof } from './proof.js';
import { findTicketByHmac, ownerOf, spendProof } from './store.js';

/** A result report: the device request, the ticket id in its path, and what the device saw. */
export interface ResultInput extends DeviceRequest {
  ticketId: string;
  outcome: ResultOutcome;
  client?: NetskopeState | undefined;
  errorCode?: string | undefined;
}

type Status = ResultResponse['status'];

/** `confirmed` only when the client says it is enrolled as the ticket's owner. */
export function resultStatus(row: TicketRow, input: ResultInput): Status {
  if (input.outcome === 'failed') return 'failed';
  if (input.outcome === 'handed-off') return 'handed-off';
  const enrolledAs = input.client?.userEmail?.toLowerCase();
  return enrolledAs !== undefined && enrolledAs === row.ownerEmail ? 'confirmed' : 'mismatch';
}

const AUDIT_OUTCOME = {
  confirmed: 'success',
  'handed-off': 'success',
  failed: 'failure',
  mismatch: 'alert',
} as const;

/**
 * Accepts the device's final report once per redeemed ticket. It must carry the ticket (for the
 * proof's `ath`) and a proof by the key the redemption bound; the guard and refusal audits are
 * those of {@link runDeviceStep}. Audits `enrollment.reported`; a client enrolled as someone
 * other than the owner is a `mismatch` with outcome `alert`.
 *
 * @throws AppError with the refusal's code.
 */
export function reportResult(deps: TicketDeps, input: ResultInput): Promise<ResultResponse> {
  return runDeviceStep(deps, 'result', input, (hmac, check) => record(deps, input, hmac, check));
}

function record(deps: TicketDeps, input: ResultInput, hmac: string, check: ProofCheck) {
  const now = deps.clock.now();
  const row = findTicketByHmac(deps.db, hmac);
  if (!row || row.id !== input.ticketId) throw new AppError('ticket_unknown');
  if (row.redeemedAt === null) throw new AppError('ticket_not_redeemed');
  if (row.resultStatus !== null) throw new AppError('result_already_reported');
  const proof = acceptProof(deps, check, now);
  if (row.jkt !== proof.jkt) throw new AppError('key_mismatch');
  const status = resultStatus(row, input);
  spendProof(deps.db, proof, now);
  const changed = deps.db.orm
    .update(tickets)
    .set({ resultStatus: status, resultAt: now.getTime() })
    .where(and(eq(tickets.id, row.id), isNull(tickets.resultStatus)))
    .run();
  if (changed.changes !== 1) throw new AppError('result_already_reported');
  auditReported(deps, { row, input, proof, status });
  return { ticketId: row.id, status };
}

/** One accepted report: the ticket as found, the request, its proof and the status it earned. */
interface Report {
  row: TicketRow;
  input: ResultInput;
  proof: VerifiedProof;
  status: Status;
}

function auditReported(deps: TicketDeps, { row, input, proof, status }: Report): void {
  appendAudit(deps.db, deps.clock, {
    type: 'enrollment.reported',
    outcome: AUDIT_OUTCOME[status],
    actor: `device:${proof.jkt}`,
    user: ownerOf(row),
    ticketId: row.id,
    correlationId: row.correlationId,
    reason: status === 'mismatch' ? 'enrolled_as_another_user' : (input.errorCode ?? null),
    details: {
      status,
      outcome: input.outcome,
      clientStatus: input.client?.status,
      clientVersion: input.client?.version,
      clientUser: input.client?.userEmail,
      clientReason: input.client?.reason,
      errorCode: input.errorCode,
    },
    context: input.context,
  });
}
