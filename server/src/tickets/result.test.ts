import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createProof,
  PROOF_HEADER,
  type DeviceKey,
  type MintResponse,
  type NetskopeState,
} from '@latchkey/shared';
import { queryAudit } from '../audit/query.js';
import {
  errorCode,
  generateDeviceKey,
  localUrl,
  mintAs,
  postJson,
  redeemWith,
  testContext,
  type TestContext,
} from '../testing/fixtures.js';

let ctx: TestContext;
let key: DeviceKey;
let minted: MintResponse;
beforeEach(async () => {
  ctx = testContext();
  key = await generateDeviceKey(false);
  minted = await mintAs(ctx, 'alice', key);
});
afterEach(() => ctx.close());

function enrolledAs(userEmail: string): NetskopeState {
  return { status: 'enrolled', installed: true, enrolled: true, userEmail, explanation: 'ok' };
}

async function report(body: Record<string, unknown>, signer: DeviceKey = key) {
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
  it('is refused before the ticket is redeemed', async () => {
    const res = await report({ outcome: 'enrolled', client: enrolledAs('alice@example.com') });
    expect(await errorCode(res)).toBe('ticket_not_redeemed');
  });

  it('is confirmed when the client is enrolled as the owner, whatever the case', async () => {
    await redeemWith(ctx, minted.ticket, key);

    const res = await report({ outcome: 'enrolled', client: enrolledAs('ALICE@example.com') });

    expect(await statusOf(res)).toBe('confirmed');
  });

  it('is a mismatch, audited as an alert, when enrolled as someone else', async () => {
    await redeemWith(ctx, minted.ticket, key);

    const res = await report({ outcome: 'enrolled', client: enrolledAs('mallory@example.com') });

    expect(await statusOf(res)).toBe('mismatch');
    const event = queryAudit(ctx.db, { type: 'enrollment.reported' }, {}).events[0];
    expect(event?.outcome).toBe('alert');
  });

  it('records failed and handed-off reports as such', async () => {
    await redeemWith(ctx, minted.ticket, key);
    expect(await statusOf(await report({ outcome: 'failed', errorCode: 'installer_failed' }))).toBe(
      'failed',
    );
    const second = await mintAs(ctx, 'alice', key);
    minted = second;
    await redeemWith(ctx, second.ticket, key, { platform: 'cros' });
    expect(await statusOf(await report({ outcome: 'handed-off' }))).toBe('handed-off');
  });

  it('is accepted once only', async () => {
    await redeemWith(ctx, minted.ticket, key);
    await report({ outcome: 'failed' });

    const again = await report({ outcome: 'enrolled', client: enrolledAs('alice@example.com') });

    expect(await errorCode(again)).toBe('result_already_reported');
  });

  it('needs a proof by the key the redemption bound', async () => {
    await redeemWith(ctx, minted.ticket, key);
    const other = await generateDeviceKey(false);

    expect(await errorCode(await report({ outcome: 'failed' }, other))).toBe('key_mismatch');
  });

  it('carries the correlation id from mint through redemption to the report', async () => {
    await redeemWith(ctx, minted.ticket, key);
    await report({ outcome: 'enrolled', client: enrolledAs('alice@example.com') });

    const events = queryAudit(ctx.db, { ticket: minted.ticketId }, {}).events;
    expect(events.map((e) => e.type)).toEqual([
      'ticket.issued',
      'ticket.redeemed',
      'enrollment.reported',
    ]);
    expect(new Set(events.map((e) => e.correlationId))).toEqual(new Set([minted.correlationId]));
  });
});
