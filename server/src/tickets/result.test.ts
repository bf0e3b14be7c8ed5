import { describe, expect } from 'vitest';
import {
  createProof,
  PROOF_HEADER,
  type DeviceKey,
  type MintResponse,
  type NetskopeState,
} from '@latchkey/shared';
import {
  auditEvents,
  errorCode,
  generateDeviceKey,
  it as base,
  localUrl,
  mintAs,
  postJson,
  redeemWith,
  type TestContext,
} from '../testing/fixtures.js';

/** Every report here is about a ticket Alice minted, bound to the test's device key. */
const it = base.extend('minted', ({ ctx, key }) => mintAs(ctx, 'alice', key));

/** The body of a report that the client is enrolled as `userEmail`. */
function enrolledAs(userEmail: string): { outcome: 'enrolled'; client: NetskopeState } {
  const client: NetskopeState = {
    status: 'enrolled',
    installed: true,
    enrolled: true,
    userEmail,
    explanation: 'ok',
  };
  return { outcome: 'enrolled', client };
}

/** Posts a result report for `minted`, with a fresh proof by `signer`. */
async function report(
  ctx: TestContext,
  minted: MintResponse,
  signer: DeviceKey,
  body: Record<string, unknown>,
) {
  const path = `/v1/tickets/${minted.ticketId}/result`;
  const proof = await createProof(signer, {
    method: 'POST',
    url: localUrl(path),
    ticket: minted.ticket,
    now: Math.floor(ctx.clock.now().getTime() / 1000),
  });
  return postJson(ctx, path, { ticket: minted.ticket, ...body }, { [PROOF_HEADER]: proof });
}

async function statusOf(res: Response): Promise<string> {
  return ((await res.json()) as { status: string }).status;
}

describe('the result report', () => {
  it('is refused before the ticket is redeemed', async ({ ctx, key, minted }) => {
    const res = await report(ctx, minted, key, enrolledAs('alice@example.com'));
    expect(await errorCode(res)).toBe('ticket_not_redeemed');
  });

  it('is confirmed when the client is enrolled as the owner, whatever the case', async ({
    ctx,
    key,
    minted,
  }) => {
    await redeemWith(ctx, minted.ticket, key);

    const res = await report(ctx, minted, key, enrolledAs('ALICE@example.com'));

    expect(await statusOf(res)).toBe('confirmed');
  });

  it('is a mismatch, audited as an alert, when enrolled as someone else', async ({
    ctx,
    key,
    minted,
  }) => {
    await redeemWith(ctx, minted.ticket, key);

    const res = await report(ctx, minted, key, enrolledAs('mallory@example.com'));

    expect(await statusOf(res)).toBe('mismatch');
    const event = auditEvents(ctx, { type: 'enrollment.reported' })[0];
    expect(event?.outcome).toBe('alert');
  });

  it('records failed and handed-off reports as such', async ({ ctx, key, minted }) => {
    await redeemWith(ctx, minted.ticket, key);
    const failed = await report(ctx, minted, key, {
      outcome: 'failed',
      errorCode: 'installer_failed',
    });
    expect(await statusOf(failed)).toBe('failed');

    const second = await mintAs(ctx, 'alice', key);
    await redeemWith(ctx, second.ticket, key, { platform: 'cros' });
    const handedOff = await report(ctx, second, key, { outcome: 'handed-off' });
    expect(await statusOf(handedOff)).toBe('handed-off');
  });

  it('is accepted once only', async ({ ctx, key, minted }) => {
    await redeemWith(ctx, minted.ticket, key);
    await report(ctx, minted, key, { outcome: 'failed' });

    const again = await report(ctx, minted, key, enrolledAs('alice@example.com'));

    expect(await errorCode(again)).toBe('result_already_reported');
  });

  it('needs a proof by the key the redemption bound', async ({ ctx, key, minted }) => {
    await redeemWith(ctx, minted.ticket, key);
    const other = await generateDeviceKey(false);

    const res = await report(ctx, minted, other, { outcome: 'failed' });

    expect(await errorCode(res)).toBe('key_mismatch');
  });

  it('carries the correlation id from mint through redemption to the report', async ({
    ctx,
    key,
    minted,
  }) => {
    await redeemWith(ctx, minted.ticket, key);
    await report(ctx, minted, key, enrolledAs('alice@example.com'));

    const events = auditEvents(ctx, { ticket: minted.ticketId });
    expect(events.map((e) => e.type)).toEqual([
      'ticket.issued',
      'ticket.redeemed',
      'enrollment.reported',
    ]);
    expect(new Set(events.map((e) => e.correlationId))).toEqual(new Set([minted.correlationId]));
  });
});
