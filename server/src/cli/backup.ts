import { chmodSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { verifyAudit } from '../audit/verify.js';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../db/schema.js';
import { UsageError, withRuntime, type Io } from './io.js';

/**
 * `backup <file>`: an online backup (SQLite's backup API, safe while the server runs), then
 * `PRAGMA integrity_check` and an audit-chain check of the copy. Refuses to overwrite a file.
 * The pepper is not in the database: back it up separately, or tickets and admin keys are lost.
 */
export async function backupCommand(io: Io, target: string | undefined): Promise<number> {
  if (!target) throw new UsageError('backup needs a target file');
  const path = resolve(target);
  if (existsSync(path)) throw new UsageError(`${path} already exists`);
  return withRuntime(io, async ({ db }) => {
    await db.sqlite.backup(path);
    chmodSync(path, 0o600);
    const copy = new Database(path);
    try {
      // A backup is one self-contained file: no -wal or -shm beside it.
      copy.pragma('journal_mode = DELETE');
      const integrity = copy.pragma('integrity_check', { simple: true });
      const audit = verifyAudit({ sqlite: copy, orm: drizzle(copy, { schema }), close: () => {} });
      const ok = integrity === 'ok' && audit.ok;
      io.out(JSON.stringify({ file: path, integrity, audit }));
      return ok ? 0 : 1;
    } finally {
      copy.close();
    }
  });
}
