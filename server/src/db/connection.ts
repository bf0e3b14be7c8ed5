import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

/**
 * One open database: the raw better-sqlite3 handle (for immediate transactions, backups and
 * pragmas) and the drizzle query builder over the same connection.
 */
export interface Db {
  sqlite: Database.Database;
  orm: BetterSQLite3Database<typeof schema>;
  close(): void;
}

/** How long a writer waits for the lock before SQLITE_BUSY, in milliseconds. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (creating if needed) the SQLite file at `path` with the pragmas the server relies on:
 * WAL, `synchronous=FULL` (a committed redemption survives power loss), a busy timeout, and
 * foreign keys. Does not migrate; see {@link migrate}.
 */
export function openDatabase(path: string): Db {
  const created = path !== ':memory:' && !existsSync(path);
  if (created) mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // Only the service account reads the database; SQLite gives -wal and -shm the same mode.
  if (created) chmodSync(path, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  const orm = drizzle(sqlite, { schema });
  return { sqlite, orm, close: () => sqlite.close() };
}

/**
 * Runs `work` in one IMMEDIATE transaction: the write lock is taken at BEGIN, so no other
 * connection (or process) can slip a write between this transaction's reads and writes.
 */
export function immediate<T>(db: Db, work: () => T): T {
  return db.sqlite.transaction(work).immediate();
}
