import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HelperError } from '../errors.js';

/**
 * One enrollment at a time per user: a lock file holding the owner's pid, created exclusively in
 * the config directory. A lock left by a process that no longer runs is taken over.
 *
 * @returns a function that releases the lock.
 */
export async function acquireEnrollLock(
  dir: string,
  pid: number = process.pid,
): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'enroll.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined); // Already removed: nothing to release.
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await ownerAlive(path)) throw new HelperError('busy');
      await unlink(path).catch(() => undefined); // Another process may have taken it over first.
    }
  }
  throw new HelperError('busy');
}

async function ownerAlive(path: string): Promise<boolean> {
  const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(owner) || owner <= 0) return false;
  try {
    process.kill(owner, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
