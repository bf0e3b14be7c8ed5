import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Db } from './connection.js';

/**
 * Finds the committed `drizzle/` migrations folder by walking up from this module, so the same
 * code works from `src/db/` (tsx) and from the `dist/` bundle.
 */
export function migrationsFolder(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The drizzle migrations folder was not found.');
    dir = parent;
  }
}

/** Applies every migration not yet applied. Safe to run on every start. */
export function migrate(db: Db): void {
  drizzleMigrate(db.orm, { migrationsFolder: migrationsFolder() });
}
