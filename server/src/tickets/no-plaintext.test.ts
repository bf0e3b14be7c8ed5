import { existsSync, readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { createAdminKey } from '../admin/keys.js';
import { localContext } from '../audit/record.js';
import { it, mintAs, postJson, redeemWith, type TestContext } from '../testing/fixtures.js';

/** Every byte SQLite has written: the database file and its write-ahead log. */
function databaseBytes(ctx: TestContext): Buffer {
  const path = ctx.config.databasePath;
  return Buffer.concat(
    [path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)),
  );
}

describe('secrets never rest in plaintext', () => {
  it('the plaintext ticket, admin key and material appear nowhere in the database or logs', async ({
    ctx,
    key,
  }) => {
    const admin = createAdminKey(ctx, { name: 'ops', actor: 'test', context: localContext() });
    const own = await mintAs(ctx, 'alice', key);
    const res = await postJson(
      ctx,
      '/v1/admin/tickets',
      { email: 'carol@example.com' },
      { authorization: `Bearer ${admin.key}` },
    );
    const adminMinted = (await res.json()) as { ticket: string };
    expect((await redeemWith(ctx, own.ticket, key, { mode: 'upn' })).status).toBe(200);
    expect((await redeemWith(ctx, adminMinted.ticket, key)).status).toBe(200);
    await redeemWith(ctx, own.ticket, key);

    const secrets = [
      own.ticket,
      adminMinted.ticket,
      admin.key,
      ctx.pepper.toString('hex'),
      ctx.profile.tokenSet.authToken,
      ctx.profile.orgKey,
    ];
    const logs = ctx.logs.join('');
    const before = databaseBytes(ctx);
    ctx.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const after = databaseBytes(ctx);

    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain(own.ticketId);
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      expect(before.includes(secret)).toBe(false);
      expect(after.includes(secret)).toBe(false);
    }
    expect(before.includes(own.ticketId)).toBe(true);
  });
});
