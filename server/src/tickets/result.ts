import { and, eq, isNull } from 'drizzle-orm';
import {
  checkTicket,
  type NetskopeState,
  type ResultOutcome,
  type ResultResponse,
} from '@latchkey/shared';
import { appendAudit, type RequestContext } from '../audit/record.js';
import { immediate } from '../db/connection.js';
import { tickets, type TicketRow } from '../db/schema.js';
import { AppError, toAppError } from '../errors.js';
import { hmacSecret } from '../pepper.js';
import type { TicketDeps } from './deps.js';
import { checkProof, type ProofCheck } from './proof.js';
import { refuse } from './refuse.js';
import { assertProofUnseen, findTicketByHmac, ownerOf, spendProof } from './store.js';

export interface ResultInput {
  ticketId: string;
  ticket: string;
  outcome: ResultOutcome;
  client?: NetskopeState | undefined;
  errorCode?: string | undefined;
  proofHeader: string | undefined;
  url: string;
  context: RequestContext;
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
 * proof's `ath`) and a proof by the key the redemption bound. Audits `enrollment.reported`;
 * a client enrolled as someone other than the owner is a `mismatch` with outcome `alert`.
 */
export async function reportResult(deps: TicketDeps, input: ResultInput): Promise<ResultResponse> {
  if (checkTicket(input.ticket) !== undefined) {
    const error = new AppError('ticket_malformed');
    refuse(deps, {
      step: 'result',
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
    return immediate(deps.db, () => record(deps, input, hmac, proof));
  } catch (thrown) {
    const error = toAppError(thrown);
    if (error.code === 'internal') throw error;
    refuse(deps, { step: 'result', error, hmac, proof, context: input.context });
    throw error;
  }
}

function record(deps: TicketDeps, input: ResultInput, hmac: string, check: ProofCheck) {
  const now = deps.clock.now();
  const row = findTicketByHmac(deps.db, hmac);
  if (!row || row.id !== input.ticketId) throw new AppError('ticket_unknown');
  if (row.redeemedAt === null) throw new AppError('ticket_not_redeemed');
  if (row.resultStatus !== null) throw new AppError('result_already_reported');
  if (!check.ok) throw check.error;
  assertProofUnseen(deps.db, check.proof, now);
  if (row.jkt !== check.proof.jkt) throw new AppError('key_mismatch');
  const status = resultStatus(row, input);
  spendProof(deps.db, check.proof, now);
  const changed = deps.db.orm
    .update(tickets)
    .set({ resultStatus: status, resultAt: now.getTime() })
    .where(and(eq(tickets.id, row.id), isNull(tickets.resultStatus)))
    .run();
  if (changed.changes !== 1) throw new AppError('result_already_reported');
  appendAudit(deps.db, deps.clock, {
    type: 'enrollment.reported',
    outcome: AUDIT_OUTCOME[status],
    actor: `device:${check.proof.jkt}`,
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
  return { ticketId: row.id, status };
}
