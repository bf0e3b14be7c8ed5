import { exportJWK } from 'jose';
import { describe, expect } from 'vitest';
import { PROOF_HEADER, PROOF_MAX_AGE_SECONDS, type DeviceKey } from '@latchkey/shared';
import {
  auditEvents,
  errorCode,
  generateDeviceKey,
  it,
  localUrl,
  mintAs,
  postJson,
  redeemWith,
  type TestContext,
} from '../testing/fixtures.js';
import { bentProof, type ProofShape } from '../testing/proofs.js';

const REDEEM_URL = localUrl('/v1/tickets/redeem');

function nowSeconds(ctx: TestContext): number {
  return Math.floor(ctx.clock.now().getTime() / 1000);
}

function redeemWithProof(ctx: TestContext, ticket: string, proof?: string, body = {}) {
  const headers: Record<string, string> = proof === undefined ? {} : { [PROOF_HEADER]: proof };
  return postJson(ctx, '/v1/tickets/redeem', { ticket, platform: 'linux', ...body }, headers);
}

/** Mints a ticket bound to `key`, redeems it with a proof bent to `shape`: the error code. */
async function refusedWith(ctx: TestContext, key: DeviceKey, shape: ProofShape): Promise<string> {
  const { ticket } = await mintAs(ctx, 'alice', key);
  const target = { url: REDEEM_URL, ticket, now: nowSeconds(ctx) };
  return errorCode(await redeemWithProof(ctx, ticket, await bentProof(key, target, shape)));
}

describe('a bound ticket is refused without a valid proof', () => {
  it('refuses a redemption without a proof', async ({ ctx, key }) => {
    const { ticket } = await mintAs(ctx, 'alice', key);
    expect(await errorCode(await redeemWithProof(ctx, ticket))).toBe('proof_required');
  });

  it('refuses a proof signed by another key', async ({ ctx, key }) => {
    const { ticket } = await mintAs(ctx, 'alice', key);
    const other = await generateDeviceKey(false);
    expect(await errorCode(await redeemWith(ctx, ticket, other))).toBe('key_mismatch');
  });

  it('refuses a proof for another method', async ({ ctx, key }) => {
    expect(await refusedWith(ctx, key, { htm: 'GET' })).toBe('proof_invalid');
  });

  it('refuses a proof for another URL', async ({ ctx, key }) => {
    const htu = 'http://localhost/v1/tickets/other';
    expect(await refusedWith(ctx, key, { htu })).toBe('proof_invalid');
  });

  it('refuses a proof made for another ticket', async ({ ctx, key }) => {
    expect(await refusedWith(ctx, key, { ath: 'A'.repeat(43) })).toBe('proof_invalid');
  });

  it('refuses a stale proof and one from the future', async ({ ctx, key }) => {
    const stale = nowSeconds(ctx) - PROOF_MAX_AGE_SECONDS - 1;
    const future = nowSeconds(ctx) + PROOF_MAX_AGE_SECONDS + 1;
    expect(await refusedWith(ctx, key, { iat: stale })).toBe('proof_invalid');
    expect(await refusedWith(ctx, key, { iat: future })).toBe('proof_invalid');
  });

  it('refuses a token of another type and a garbled one', async ({ ctx, key }) => {
    expect(await refusedWith(ctx, key, { typ: 'JWT' })).toBe('proof_invalid');
    const { ticket } = await mintAs(ctx, 'alice', key);
    expect(await errorCode(await redeemWithProof(ctx, ticket, 'not.a.jwt'))).toBe('proof_invalid');
  });

  it('refuses a proof signed with any algorithm but ES256', async ({ ctx }) => {
    const p384 = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, [
      'sign',
      'verify',
    ])) as DeviceKey;
    expect(await refusedWith(ctx, p384, { alg: 'ES384' })).toBe('proof_invalid');
  });

  it('refuses a proof whose embedded key carries its private part', async ({ ctx }) => {
    const key = await generateDeviceKey(true);
    const jwk = await exportJWK(key.privateKey);
    expect(jwk.d).toBeDefined();
    expect(await refusedWith(ctx, key, { jwk })).toBe('proof_invalid');
  });

  it('refuses a replayed proof even after the first use failed', async ({ ctx, key }) => {
    const { ticket } = await mintAs(ctx, 'alice', key);
    const proof = await bentProof(key, { url: REDEEM_URL, ticket, now: nowSeconds(ctx) });
    const first = await redeemWithProof(ctx, ticket, proof, { platform: 'cros', mode: 'upn' });
    expect(await errorCode(first)).toBe('mode_not_allowed');

    expect(await errorCode(await redeemWithProof(ctx, ticket, proof))).toBe('proof_replayed');
  });

  it('audits every refusal with its code and leaves the ticket redeemable', async ({
    ctx,
    key,
  }) => {
    const { ticket, ticketId } = await mintAs(ctx, 'alice', key);
    await redeemWithProof(ctx, ticket);

    expect((await redeemWith(ctx, ticket, key)).status).toBe(200);
    const reasons = auditEvents(ctx, { ticket: ticketId }).map((e) => e.reason);
    expect(reasons).toEqual([null, 'proof_required', null]);
  });
});

describe('the store of spent proof ids', () => {
  it('forgets ids once their proofs are too old to pass, so it does not grow', async ({
    ctx,
    key,
  }) => {
    const spent = () => ctx.db.sqlite.prepare('SELECT COUNT(*) AS n FROM proof_ids').get();
    const first = await mintAs(ctx, 'alice', key);
    expect((await redeemWith(ctx, first.ticket, key)).status).toBe(200);
    expect(spent()).toEqual({ n: 1 });

    ctx.clock.advance(2 * (PROOF_MAX_AGE_SECONDS + 1) * 1000);
    const second = await mintAs(ctx, 'alice', key);
    expect((await redeemWith(ctx, second.ticket, key)).status).toBe(200);

    expect(spent()).toEqual({ n: 1 });
  });
});

describe('an unbound ticket', () => {
  it('binds the key of its redemption', async ({ ctx, key }) => {
    const admin = await postJson(
      ctx,
      '/v1/admin/tickets',
      { email: 'carol@example.com' },
      { authorization: 'Bearer token-admin' },
    );
    const { ticket } = (await admin.json()) as { ticket: string };

    expect(await errorCode(await redeemWithProof(ctx, ticket))).toBe('proof_required');
    expect((await redeemWith(ctx, ticket, key)).status).toBe(200);
    const redeemed = auditEvents(ctx, { type: 'ticket.redeemed' })[0];
    expect(redeemed?.details['boundAt']).toBe('redemption');
  });
});

describe('behind a proxy', () => {
  it('checks htu against LATCHKEY_PUBLIC_URL, not the address the request reached', async ({
    contextWith,
    key,
  }) => {
    const ctx = contextWith({ env: { LATCHKEY_PUBLIC_URL: 'https://latchkey.example.com/' } });
    const { ticket } = await mintAs(ctx, 'alice', key);
    const now = nowSeconds(ctx);
    const internal = await bentProof(key, { url: REDEEM_URL, ticket, now });
    const publicUrl = 'https://latchkey.example.com/v1/tickets/redeem';
    const external = await bentProof(key, { url: publicUrl, ticket, now });

    expect(await errorCode(await redeemWithProof(ctx, ticket, internal))).toBe('proof_invalid');
    expect((await redeemWithProof(ctx, ticket, external)).status).toBe(200);
  });
});
