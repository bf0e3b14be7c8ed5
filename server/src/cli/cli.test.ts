import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWellFormedTicket, TICKET_PATTERN, type MintResponse } from '@latchkey/shared';

const BIN = fileURLToPath(new URL('../../bin/latchkey.js', import.meta.url));

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-'));
  env = {
    PATH: process.env.PATH,
    HOME: dir,
    LATCHKEY_FROM_SOURCE: '1',
    LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `latchkey` bin in its own process. */
function latchkey(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the latchkey CLI', () => {
  it('creates, lists and revokes admin keys, showing a key only once', async () => {
    const created = await latchkey('admin-key', 'create', '--name', 'ops', '--json');
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    expect(key).toMatch(/^lka_[0-9a-f]{48}$/);

    const listed = await latchkey('admin-key', 'list', '--json');
    expect(listed.stdout).not.toContain(key);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, name: 'ops', revokedAt: null }]);

    expect((await latchkey('admin-key', 'revoke', id)).code).toBe(0);
    expect((await latchkey('admin-key', 'revoke', id)).code).toBe(1);
    const after = JSON.parse((await latchkey('admin-key', 'list', '--json')).stdout) as {
      revokedAt: string | null;
    }[];
    expect(after[0]?.revokedAt).not.toBeNull();
  });

  it('prints a minted ticket once, on stdout, and can revoke it', async () => {
    const created = await latchkey('ticket', 'create', '--email', 'carol@example.com');
    expect(created.code).toBe(0);
    const ticket = created.stdout.trim();
    expect(isWellFormedTicket(ticket)).toBe(true);
    expect(created.stderr).not.toContain(ticket);
    const ticketId = /tid_[0-9A-Za-z]{20}/.exec(created.stderr)?.[0] ?? '';

    expect((await latchkey('ticket', 'revoke', ticketId, '--reason', 'lost')).code).toBe(0);
    const exported = await latchkey('audit', 'export', '--ticket', ticketId);
    const types = exported.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types).toEqual(['ticket.issued', 'ticket.revoked']);
    expect(exported.stdout).not.toMatch(new RegExp(TICKET_PATTERN));
  });

  it('lists tickets by id with filters, never a ticket or its HMAC', async () => {
    const carol = await latchkey('ticket', 'create', '--email', 'carol@example.com', '--json');
    const dave = await latchkey('ticket', 'create', '--email', 'dave@example.com', '--json');
    const [kept, gone] = [carol, dave].map((run) => JSON.parse(run.stdout) as MintResponse);
    await latchkey('ticket', 'revoke', gone?.ticketId ?? '');
    const raw = new Database(env['LATCHKEY_DATABASE'] as string, { readonly: true });
    const hmacs = raw.prepare('SELECT secret_hmac AS h FROM tickets').all() as { h: string }[];
    raw.close();

    const all = await latchkey('ticket', 'list');
    const outstanding = await latchkey('ticket', 'list', '--status', 'outstanding');
    const byUser = await latchkey('ticket', 'list', '--user', 'DAVE@example.com', '--json');

    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split('\n');
    expect(lines.map((line) => line.split('\t').slice(0, 3))).toEqual([
      [gone?.ticketId, 'revoked', 'admin'],
      [kept?.ticketId, 'outstanding', 'admin'],
    ]);
    expect(outstanding.stdout.trim()).toBe(lines[1]);
    expect(JSON.parse(byUser.stdout)).toEqual([
      expect.objectContaining({
        ticketId: gone?.ticketId,
        owner: { email: 'dave@example.com', id: null },
      }),
    ]);
    for (const output of [all, outstanding, byUser].flatMap((run) => [run.stdout, run.stderr])) {
      expect(output).not.toMatch(new RegExp(TICKET_PATTERN));
      for (const { h } of hmacs) expect(output).not.toContain(h);
    }
    expect((await latchkey('ticket', 'list', '--status', 'pending')).code).toBe(2);
  }, 90_000); // seven processes, each starting tsx

  it('verifies the audit chain, and fails on a tampered one naming the row', async () => {
    await latchkey('ticket', 'create', '--email', 'a@example.com');
    await latchkey('ticket', 'create', '--email', 'b@example.com');
    const ok = await latchkey('audit', 'verify');
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, checked: 2, firstBrokenSeq: null });

    const raw = new Database(env['LATCHKEY_DATABASE'] as string);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.exec(`UPDATE audit_events SET actor = 'someone else' WHERE seq = 2`);
    raw.close();

    const broken = await latchkey('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('exports CSV to a file', async () => {
    await latchkey('ticket', 'create', '--email', 'a@example.com');
    const output = join(dir, 'audit.csv');

    expect((await latchkey('audit', 'export', '--format', 'csv', '--output', output)).code).toBe(0);

    const rows = readFileSync(output, 'utf8').trim().split('\r\n');
    expect(rows[0]).toMatch(/^seq,time,type,/);
    expect(rows).toHaveLength(3);
  });

  it('backs up online to one file that passes an integrity check', async () => {
    await latchkey('ticket', 'create', '--email', 'a@example.com');
    const target = join(dir, 'backup.db');

    const backup = await latchkey('backup', target);

    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ integrity: 'ok', audit: { ok: true } });
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 1 });
    copy.close();
    expect((await latchkey('backup', target)).code).toBe(2);
  });

  it('refuses bad production configuration, naming the variable', async () => {
    env = { ...env, NODE_ENV: 'production', LATCHKEY_DATABASE: undefined };
    const run = await latchkey('migrate');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LATCHKEY_DATABASE');

    const pepper = join(dir, 'pepper');
    writeFileSync(pepper, 'short', { mode: 0o600 });
    env = {
      ...env,
      LATCHKEY_DATABASE: join(dir, 'latchkey.db'),
      LATCHKEY_OIDC_ISSUER: 'https://idp.example.com',
      LATCHKEY_OIDC_CLIENT_ID: 'latchkey',
      LATCHKEY_PEPPER_FILE: pepper,
      LATCHKEY_PROFILE_FILE: join(dir, 'profile.json'),
    };
    expect((await latchkey('migrate')).stderr).toContain('LATCHKEY_PEPPER_FILE');
  });

  it('explains usage and exits 2 on a mistake', async () => {
    const run = await latchkey('ticket', 'create');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: latchkey');
  });

  it('serves until SIGTERM, then stops accepting, closes the database and exits 0', async () => {
    env = { ...env, LATCHKEY_LISTEN: '127.0.0.1:0', LATCHKEY_DEMO_IDP_PORT: '0' };
    const child = spawn(process.execPath, [BIN, 'serve'], { env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    while (!/"url":"([^"]+)"/.test(output)) await once(child.stdout, 'data');
    const url = /"url":"([^"]+)"/.exec(output)?.[1] ?? '';
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];

    expect(code).toBe(0);
    expect(output).toContain('Latchkey stopped');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
