import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeSecretFile } from './secret-file.js';

const privateFolder = async () => join(await mkdtemp(join(tmpdir(), 'latchkey-secret-')), 'nsb');

describe('a secret file an installer demands', () => {
  it('is created 0600 in a private folder and deleted by its cleanup', async () => {
    const path = join(await privateFolder(), 'enroll.conf');
    const remove = await writeSecretFile(path, '{"enrollencryptiontoken":"ENC"}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('{"enrollencryptiontoken":"ENC"}');
    await remove();
    expect(existsSync(path)).toBe(false);
  });

  it('is refused in a folder others may write to', async () => {
    const folder = await privateFolder();
    const path = join(folder, 'enroll.conf');
    await (
      await writeSecretFile(path, 'x')
    )();
    await chmod(folder, 0o777);
    await expect(writeSecretFile(path, 'x')).rejects.toMatchObject({ code: 'installer_failed' });
    expect(existsSync(path)).toBe(false);
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`is deleted when the helper is stopped by ${signal} while the installer runs`, async () => {
      const path = join(await privateFolder(), 'enroll.conf');
      // A real process writes the file, says so, and waits as the helper waits on the installer.
      const module = fileURLToPath(new URL('./secret-file.ts', import.meta.url));
      const script =
        `const { writeSecretFile } = await import(${JSON.stringify(module)});` +
        `await writeSecretFile(${JSON.stringify(path)}, 'ENC');` +
        `process.stdout.write('written'); setInterval(() => {}, 1000);`;
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await once(child.stdout, 'data');
      expect(existsSync(path)).toBe(true);

      child.kill(signal);
      const [code, ended] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];

      expect({ code, ended }).toEqual({ code: null, ended: signal });
      expect(existsSync(path)).toBe(false);
    });
  }
});
