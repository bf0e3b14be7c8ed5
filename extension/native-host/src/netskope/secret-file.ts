import { unlinkSync } from 'node:fs';
import { lstat, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HelperError } from '../errors.js';

/** Secret files written and not yet deleted; removed too if the helper is stopped by a signal. */
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Writes a file an installer demands (macOS `enroll.conf`) with mode 0600 and returns a function
 * that deletes it. The parent folder is created 0700; an existing parent must be a real folder
 * owned by this user and writable by nobody else, so another local user cannot plant a symlink
 * or read the tokens. The file itself is created exclusively, never through an existing name.
 * Until it is deleted, SIGINT, SIGTERM (how the browser stops a host) and SIGHUP delete it
 * before the helper ends; only SIGKILL can leave it behind, for the next run to replace.
 */
export async function writeSecretFile(path: string, content: string): Promise<() => Promise<void>> {
  const parent = dirname(path);
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const info = await lstat(parent);
  const uid = process.getuid?.();
  if (!info.isDirectory() || (uid !== undefined && info.uid !== uid) || (info.mode & 0o022) !== 0) {
    throw new HelperError('installer_failed', {
      message:
        `${parent} is not a private folder of this user, ` +
        'so the enrollment tokens were not written there.',
    });
  }
  await unlink(path).catch(() => undefined); // A leftover from an interrupted run is replaced.
  track(path);
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    await remove(path);
    throw error;
  }
  return () => remove(path);
}

async function remove(path: string): Promise<void> {
  await unlink(path).catch(() => undefined); // Already gone is as good as deleted.
  live.delete(path);
  if (live.size === 0) for (const signal of SIGNALS) process.off(signal, onSignal);
}

function track(path: string): void {
  if (live.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  live.add(path);
}

function onSignal(signal: NodeJS.Signals): void {
  for (const path of live) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
  live.clear();
  for (const each of SIGNALS) process.off(each, onSignal);
  process.kill(process.pid, signal); // Ends the way the signal would have ended it.
}
