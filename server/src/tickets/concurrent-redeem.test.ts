import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { exportJWK } from 'jose';
import { describe, expect } from 'vitest';
import { verifyAudit } from '../audit/verify.js';
import { auditEvents, generateDeviceKey, it, localUrl, mintAs } from '../testing/fixtures.js';

const WORKER = fileURLToPath(new URL('../testing/redeem-worker.ts', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const PROCESSES = 4;
const PER_PROCESS = 25;

function startWorker(): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: SERVER_DIR });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

describe('exactly-once redemption across processes', () => {
  it('100 concurrent redemptions from 4 processes: one succeeds, 99 are audited replays', async ({
    ctx,
  }) => {
    const key = await generateDeviceKey(true);
    const { ticket, ticketId } = await mintAs(ctx, 'alice', key);
    const job = {
      databasePath: ctx.config.databasePath,
      pepperHex: ctx.pepper.toString('hex'),
      ticket,
      count: PER_PROCESS,
      privateJwk: await exportJWK(key.privateKey),
      publicJwk: await exportJWK(key.publicKey),
      url: localUrl('/v1/tickets/redeem'),
    };
    const workers = Array.from({ length: PROCESSES }, startWorker);
    for (const worker of workers) worker.child.stdin.write(JSON.stringify(job) + '\n');
    for (const worker of workers) expect((await worker.lines.next()).value).toBe('ready');

    for (const worker of workers) worker.child.stdin.write('go\n');
    const outcomes = (
      await Promise.all(
        workers.map(async (w) => JSON.parse((await w.lines.next()).value) as string[]),
      )
    ).flat();

    expect(outcomes).toHaveLength(PROCESSES * PER_PROCESS);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'ticket_already_used')).toHaveLength(99);
    const events = auditEvents(ctx, { ticket: ticketId });
    expect(events.filter((e) => e.type === 'ticket.redeemed')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ticket.replayed')).toHaveLength(99);
    expect(verifyAudit(ctx.db)).toMatchObject({ ok: true, checked: 101 });
  }, 60_000);
});
