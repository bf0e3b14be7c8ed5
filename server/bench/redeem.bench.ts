/**
 * Mint + redeem throughput against a baseline measured in the same process: the same number of
 * bare SQLite immediate transactions, each inserting one row, on a database with the same
 * pragmas (WAL, synchronous=FULL). Prints both rates and their ratio. Not a test: run it with
 * `pnpm --filter @latchkey/server bench` (BENCH_N sets the count, default 500).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProof, generateDeviceKey, jwkThumbprint, publicJwk } from '@latchkey/shared';
import { localContext } from '../src/audit/record.js';
import { systemClock } from '../src/clock.js';
import { immediate, openDatabase } from '../src/db/connection.js';
import { migrate } from '../src/db/migrate.js';
import { demoProfile } from '../src/netskope/profile.js';
import { mintTicket } from '../src/tickets/mint.js';
import { redeemTicket } from '../src/tickets/redeem.js';

const N = Number(process.env.BENCH_N ?? 500);
const URL = 'http://127.0.0.1:8787/v1/tickets/redeem';
const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function baseline(): number {
  const db = openDatabase(join(dir, 'baseline.db'));
  db.sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.sqlite.prepare('INSERT INTO t (v) VALUES (?)');
  const started = performance.now();
  for (let i = 0; i < N; i += 1) immediate(db, () => insert.run(randomBytes(16).toString('hex')));
  const ms = performance.now() - started;
  db.close();
  return ms;
}

async function latchkey(): Promise<{ mintMs: number; redeemMs: number }> {
  const db = openDatabase(join(dir, 'latchkey.db'));
  migrate(db);
  const deps = { db, clock: systemClock, pepper: randomBytes(32), profile: demoProfile() };
  const key = await generateDeviceKey(false);
  const jkt = await jwkThumbprint(await publicJwk(key));
  const context = localContext();

  const mintStarted = performance.now();
  const tickets = Array.from({ length: N }, (_, i) =>
    mintTicket(deps, {
      kind: 'admin',
      owner: { iss: null, sub: null, email: `user${i}@example.com` },
      ttlSeconds: 3600,
      jkt,
      actor: 'bench',
      context,
    }),
  );
  const mintMs = performance.now() - mintStarted;

  // Proofs are the device's work, made before the clock starts.
  const proofs = await Promise.all(
    tickets.map((t) => createProof(key, { method: 'POST', url: URL, ticket: t.ticket })),
  );
  const redeemStarted = performance.now();
  for (const [i, minted] of tickets.entries()) {
    await redeemTicket(deps, {
      ticket: minted.ticket,
      platform: 'linux',
      proofHeader: proofs[i],
      url: URL,
      context,
    });
  }
  const redeemMs = performance.now() - redeemStarted;
  db.close();
  return { mintMs, redeemMs };
}

try {
  const baseMs = baseline();
  const { mintMs, redeemMs } = await latchkey();
  const pairMs = mintMs + redeemMs;
  console.log(`n = ${N}`);
  console.log(`baseline: ${perSecond(N, baseMs)} immediate insert transactions/s`);
  console.log(`mint:     ${perSecond(N, mintMs)} tickets/s`);
  console.log(`redeem:   ${perSecond(N, redeemMs)} redemptions/s (proof verification included)`);
  console.log(`mint+redeem: ${perSecond(N, pairMs)} pairs/s`);
  console.log(`ratio (baseline time / mint+redeem time): ${(baseMs / pairMs).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
