import { lstat, mkdir, open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HelperError } from '../errors.js';

/**
 * Writes a file an installer demands (macOS `enroll.conf`) with mode 0600 and returns a function
 * that deletes it. The parent folder is created 0700; an existing parent must be a real folder
 * owned by this user and writable by nobody else, so another local user cannot plant a symlink
 * or read the tokens. The file itself is created exclusively, never through an existing name.
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
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  return () => unlink(path).catch(() => undefined); // Already gone is as good as deleted.
}
