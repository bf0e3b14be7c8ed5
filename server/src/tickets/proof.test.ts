import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROOF_HEADER, PROOF_MAX_AGE_SECONDS, type DeviceKey } from '@latchkey/shared';
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
import { bentProof, type ProofShape } from '../testing/proofs.js';

let ctx: TestContext;
let key: DeviceKey;
beforeEach(async () => {
  ctx = testContext();
  key = await generateDeviceKey(false);
});
afterEach(() => ctx.close());

const REDEEM_URL = localUrl('/v1/tickets/redeem');

function nowSeconds(): number {
  return Math.floor(ctx.clock.now().getTime() / 1000);
}

async function redeemWithProof(ticket: string, proof: string | undefined, body = {}) {
  const headers: Record<string, string> = proof === undefined ? {} : { [PROOF_HEADER]: proof };
  return postJson(ctx, '/v1/tickets/redeem', { ticket, platform: 'linux', ...body }, headers);
}

async function refusedWith(shape: ProofShape): Promise<string> {
  const { ticket } = await mintAs(ctx, 'alice', key);
  const proof = await bentProof(key, { url: REDEEM_URL, ticket, now: nowSeconds() }, shape);
  return errorCode(await redeemWithProof(ticket, proof));
}

describe('a bound ticket is refused without a valid proof', () => {
  it('refuses a redemption without a proof', async () => {
    const { ticket } = await mintAs(ctx, 'alice', key);
    expect(await errorCode(await redeemWithProof(ticket, undefined))).toBe('proof_required');
  });

  it('refuses a proof signed by another key', async () => {
    const { ticket } = await mintAs(ctx, 'alice', key);
    const other = await generateDeviceKey(false);
    expect(await errorCode(await redeemWith(ctx, ticket, other))).toBe('key_mismatch');
  });

  it('refuses a proof for another method', async () => {
    expect(await refusedWith({ htm: 'GET' })).toBe('proof_invalid');
  });

  it('refuses a proof for another URL', async () => {
    expect(await refusedWith({ htu: 'http://localhost/v1/tickets/other' })).toBe('proof_invalid');
  });

  it('refuses a proof made for another ticket', async () => {
    expect(await refusedWith({ ath: 'A'.repeat(43) })).toBe('proof_invalid');
  });

  it('refuses a stale proof and one from the future', async () => {
    const stale = nowSeconds() - PROOF_MAX_AGE_SECONDS - 1;
    expect(await refusedWith({ iat: stale })).toBe('proof_invalid');
    expect(await refusedWith({ iat: nowSeconds() + PROOF_MAX_AGE_SECONDS + 1 })).toBe(
      'proof_invalid',
    );
  });

  it('refuses a token of another type and a garbled one', async () => {
    expect(await refusedWith({ typ: 'JWT' })).toBe('proof_invalid');
    const { ticket } = await mintAs(ctx, 'alice', key);
    expect(await errorCode(await redeemWithProof(ticket, 'not.a.jwt'))).toBe('proof_invalid');
  });

  it('refuses a replayed proof even after the first use failed', async () => {
    const { ticket } = await mintAs(ctx, 'alice', key);
    const proof = await bentProof(key, { url: REDEEM_URL, ticket, now: nowSeconds() });
    const first = await redeemWithProof(ticket, proof, { platform: 'cros', mode: 'upn' });
    expect(await errorCode(first)).toBe('mode_not_allowed');

    expect(await errorCode(await redeemWithProof(ticket, proof))).toBe('proof_replayed');
  });

  it('audits every refusal with its code and leaves the ticket redeemable', async () => {
    const { ticket, ticketId } = await mintAs(ctx, 'alice', key);
    await redeemWithProof(ticket, undefined);

    expect((await redeemWith(ctx, ticket, key)).status).toBe(200);
    const reasons = queryAudit(ctx.db, { ticket: ticketId }, {}).events.map((e) => e.reason);
    expect(reasons).toEqual([null, 'proof_required', null]);
  });
});

describe('an unbound ticket', () => {
  it('binds the key of its redemption', async () => {
    const admin = await postJson(
      ctx,
      '/v1/admin/tickets',
      { email: 'carol@example.com' },
      {
        authorization: 'Bearer token-admin',
      },
    );
    const { ticket } = (await admin.json()) as { ticket: string };

    expect(await errorCode(await redeemWithProof(ticket, undefined))).toBe('proof_required');
    expect((await redeemWith(ctx, ticket, key)).status).toBe(200);
    const redeemed = queryAudit(ctx.db, { type: 'ticket.redeemed' }, {}).events[0];
    expect(redeemed?.details['boundAt']).toBe('redemption');
  });
});

describe('behind a proxy', () => {
  it('checks htu against LATCHKEY_PUBLIC_URL, not the address the request reached', async () => {
    ctx.close();
    ctx = testContext({ env: { LATCHKEY_PUBLIC_URL: 'https://latchkey.example.com/' } });
    const { ticket } = await mintAs(ctx, 'alice', key);
    const now = nowSeconds();
    const internal = await bentProof(key, { url: REDEEM_URL, ticket, now });
    const publicUrl = 'https://latchkey.example.com/v1/tickets/redeem';
    const external = await bentProof(key, { url: publicUrl, ticket, now });

    expect(await errorCode(await redeemWithProof(ticket, internal))).toBe('proof_invalid');
    expect((await redeemWithProof(ticket, external)).status).toBe(200);
  });
});
