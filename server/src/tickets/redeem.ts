import { and, eq, isNull } from 'drizzle-orm';
import type { DeviceFacts, EnrollMode, Platform, RedeemResponse } from '@latchkey/shared';
import { appendAudit } from '../audit/record.js';
import { tickets, type TicketRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import { releaseMaterial, resolveMode, type Release } from '../netskope/release.js';
import type { TicketDeps } from './deps.js';
import { acceptProof, runDeviceStep, type DeviceRequest } from './device-step.js';
import type { ProofCheck, VerifiedProof } from './proof.js';
import { assertRedeemable, findTicketByHmac, ownerOf, spendProof } from './store.js';

/** A redemption: the device request, its platform, and the mode and device facts it states. */
export interface RedeemInput extends DeviceRequest {
  platform: Platform;
  mode?: EnrollMode | undefined;
  device?: DeviceFacts | undefined;
}

/** One accepted redemption: the ticket as found, the request, its proof and what it releases. */
interface Redemption {
  row: TicketRow;
  input: RedeemInput;
  proof: VerifiedProof;
  release: Release;
}

/**
 * Redeems a ticket exactly once. The shape, checksum and proof are checked first (see
 * {@link runDeviceStep}); then one immediate transaction finds the ticket by HMAC, checks its
 * state, the proof's `jti` and key binding and the mode, consumes it (binding the proof's key if
 * the ticket was unbound), audits `ticket.redeemed` and computes the release. Any refusal changes
 * nothing but the audit (`ticket.replayed` for a ticket already used, `ticket.rejected`
 * otherwise) and the spent proof `jti`.
 *
 * @throws AppError with the refusal's code.
 */
export function redeemTicket(deps: TicketDeps, input: RedeemInput): Promise<RedeemResponse> {
  return runDeviceStep(deps, 'redeem', input, (hmac, check) => consume(deps, input, hmac, check));
}

function consume(deps: TicketDeps, input: RedeemInput, hmac: string, check: ProofCheck) {
  const now = deps.clock.now();
  const row = findTicketByHmac(deps.db, hmac);
  if (!row) throw new AppError('ticket_unknown');
  assertRedeemable(row, now);
  const proof = acceptProof(deps, check, now);
  if (row.jkt !== null && row.jkt !== proof.jkt) throw new AppError('key_mismatch');
  const mode = resolveMode(deps.profile, input.platform, input.mode);
  const release = releaseMaterial(deps.profile, mode, input.platform, row.ownerEmail);
  const redemption = { row, input, proof, release };
  spendProof(deps.db, proof, now);
  markRedeemed(deps, redemption);
  auditRedeemed(deps, redemption);
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

function markRedeemed(deps: TicketDeps, { row, input, proof, release }: Redemption): void {
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

function auditRedeemed(deps: TicketDeps, { row, input, proof, release }: Redemption): void {
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
