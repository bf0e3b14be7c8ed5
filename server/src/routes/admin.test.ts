import { describe, expect } from 'vitest';
import { AuditPage, AuditVerifyResponse, MintResponse, RevokeResponse } from '@latchkey/shared';
import { createAdminKey, revokeAdminKey } from '../admin/keys.js';
import { localContext } from '../audit/record.js';
import {
  auditEvents,
  errorCode,
  it as base,
  mintAs,
  postJson,
  redeemWith,
  type TestContext,
} from '../testing/fixtures.js';

/** Every test here may name an admin key `ops`, headers that present it, and a GET as admin. */
const it = base
  .extend('adminKey', ({ ctx }) =>
    createAdminKey(ctx, { name: 'ops', actor: 'test', context: localContext() }),
  )
  .extend('asAdmin', ({ adminKey }) => ({ authorization: `Bearer ${adminKey.key}` }))
  .extend(
    'get',
    ({ ctx, asAdmin }) =>
      (path: string) =>
        ctx.app.request(path, { headers: asAdmin }),
  );

const ADMIN_ROUTES: [string, string, unknown][] = [
  ['GET', '/v1/audit', undefined],
  ['GET', '/v1/tickets?status=outstanding', undefined],
  ['GET', '/v1/audit/export?format=csv', undefined],
  ['GET', '/v1/audit/verify', undefined],
  ['POST', '/v1/admin/tickets', { email: 'carol@example.com' }],
  ['POST', '/v1/tickets/tid_00000000000000000000/revoke', {}],
  ['POST', '/v1/users/alice%40example.com/revoke', {}],
];

function call(
  ctx: TestContext,
  [method, path, body]: [string, string, unknown],
  authorization?: string,
) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers['authorization'] = authorization;
  const init =
    body === undefined ? { method, headers } : { method, headers, body: JSON.stringify(body) };
  return ctx.app.request(path, init);
}

describe('admin endpoints refuse everyone else', () => {
  it.for(ADMIN_ROUTES)('%s %s', async (route, { ctx }) => {
    const revoked = createAdminKey(ctx, { name: 'old', actor: 't', context: localContext() });
    revokeAdminKey(ctx, revoked.id, { actor: 't', context: localContext() });
    const attempts: [string | undefined, string][] = [
      [undefined, 'unauthenticated'],
      ['Basic YWRtaW46YWRtaW4=', 'unauthenticated'],
      ['Bearer lka_' + '0'.repeat(48), 'unauthenticated'],
      [`Bearer ${revoked.key}`, 'unauthenticated'],
      ['Bearer forged-id-token', 'unauthenticated'],
      ['Bearer token-alice', 'forbidden'],
    ];
    for (const [authorization, code] of attempts) {
      expect(await errorCode(await call(ctx, route, authorization))).toBe(code);
    }
    const denied = auditEvents(ctx, { type: 'admin.denied' });
    expect(denied).toHaveLength(attempts.length);
    expect(denied.at(-1)?.userEmail).toBe('alice@example.com');
  });

  it('lets an admin key and an admin-group ID token in', async ({ ctx, adminKey }) => {
    for (const auth of [`Bearer ${adminKey.key}`, 'Bearer token-admin']) {
      expect((await call(ctx, ['GET', '/v1/audit/verify', undefined], auth)).status).toBe(200);
    }
  });
});

describe('admin ticket work', () => {
  it('mints for a named user, capping the lifetime', async ({ ctx, adminKey, asAdmin }) => {
    const res = await postJson(
      ctx,
      '/v1/admin/tickets',
      { email: 'Carol@Example.com', ttlSeconds: 10 ** 9 },
      asAdmin,
    );
    expect(res.status).toBe(201);
    const minted = MintResponse.parse(await res.json());
    const lifetime = Date.parse(minted.expiresAt) - ctx.clock.now().getTime();
    expect(lifetime).toBe(ctx.config.adminTicketTtlSeconds * 1000);
    const issued = auditEvents(ctx, { ticket: minted.ticketId })[0];
    expect(issued?.actor).toBe(`admin-key:${adminKey.id}`);
    expect(issued?.userEmail).toBe('carol@example.com');
  });

  it('revokes one ticket, which is then refused as revoked', async ({ ctx, key, asAdmin }) => {
    const { ticket, ticketId } = await mintAs(ctx, 'alice', key);

    const res = await postJson(ctx, `/v1/tickets/${ticketId}/revoke`, { reason: 'lost' }, asAdmin);

    expect(RevokeResponse.parse(await res.json()).revoked).toEqual([ticketId]);
    expect(await errorCode(await redeemWith(ctx, ticket, key))).toBe('ticket_revoked');
  });

  it('refuses to revoke an unknown ticket id', async ({ ctx, asAdmin }) => {
    const res = await postJson(ctx, '/v1/tickets/tid_00000000000000000000/revoke', {}, asAdmin);
    expect(await errorCode(res)).toBe('ticket_unknown');
  });

  it('revokes every outstanding ticket of a user, by email or by iss|sub', async ({
    ctx,
    asAdmin,
  }) => {
    const mintFor = async (email: string) =>
      MintResponse.parse(
        await (await postJson(ctx, '/v1/admin/tickets', { email }, asAdmin)).json(),
      );
    const adminMinted = await mintFor('alice@example.com');
    const own = await mintAs(ctx, 'alice');
    // Bob is outside the allowed group, so his ticket comes from an admin; it must survive.
    const bobs = await mintFor('bob@example.com');

    const byEmail = await postJson(ctx, '/v1/users/ALICE%40example.com/revoke', {}, asAdmin);
    expect(RevokeResponse.parse(await byEmail.json()).revoked.sort()).toEqual(
      [adminMinted.ticketId, own.ticketId].sort(),
    );

    const again = await mintAs(ctx, 'alice');
    const user = encodeURIComponent('https://idp.test|alice-sub');
    const byId = await postJson(ctx, `/v1/users/${user}/revoke`, {}, asAdmin);
    expect(RevokeResponse.parse(await byId.json()).revoked).toEqual([again.ticketId]);
    const bobsEvents = auditEvents(ctx, { ticket: bobs.ticketId });
    expect(bobsEvents.map((e) => e.type)).toEqual(['ticket.issued']);
  });
});

describe('the audit API', () => {
  it('pages through filtered events with the cursor it returns', async ({ ctx, get }) => {
    for (let i = 0; i < 3; i += 1) await mintAs(ctx, 'alice');
    const first = AuditPage.parse(await (await get('/v1/audit?type=ticket.issued&limit=2')).json());
    const next = encodeURIComponent(first.nextCursor ?? '');
    const second = AuditPage.parse(
      await (await get(`/v1/audit?type=ticket.issued&limit=2&cursor=${next}`)).json(),
    );

    expect(first.events).toHaveLength(2);
    expect(second.events).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(await errorCode(await get('/v1/audit?cursor=garbage'))).toBe('bad_request');
    expect(await errorCode(await get('/v1/audit?outcome=maybe'))).toBe('bad_request');
  });

  it('streams an export, audited as admin.audit_exported, and verifies the chain', async ({
    ctx,
    get,
  }) => {
    await mintAs(ctx, 'alice');
    const res = await get('/v1/audit/export?format=csv&user=alice@example.com');

    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await res.text()).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(auditEvents(ctx, { type: 'admin.audit_exported' })).toHaveLength(1);
    const verified = AuditVerifyResponse.parse(await (await get('/v1/audit/verify')).json());
    expect(verified).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});
