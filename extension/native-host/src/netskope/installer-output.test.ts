import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInstaller } from './installer.js';
import { runCommand } from './run-command.js';

const TOKEN = 'ENC-a1b2c3d4e5f6g7h8i9j0';

describe('the installer output the helper passes on', () => {
  it('holds no part of a token, even when the output was cut inside it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'latchkey-output-'));
    const standIn = join(folder, 'NSClient.run');
    // 65,526 bytes of noise and then the token, so the 64 KiB capture ends inside it; the token
    // wrapped over two lines on stderr, as a narrow terminal would print it.
    const script = [
      '#!/bin/sh',
      `head -c 65526 /dev/zero | tr '\\0' x`,
      `printf '%s\\n' "$7"`,
      `first=$(printf %s "$7" | cut -c1-9); rest=$(printf %s "$7" | cut -c10-)`,
      `printf 'bad token %s\\n%s\\n' "$first" "$rest" >&2`,
      'exit 3',
    ].join('\n');
    await writeFile(standIn, `${script}\n`);
    await chmod(standIn, 0o700);

    const outcome = await runInstaller(
      'idp',
      { tenant: 'acme', domain: 'goskope.com', encryptionToken: TOKEN },
      {
        platform: 'linux',
        elevate: 'none',
        installerPath: standIn,
        downloadUrlTemplate: 'https://unused.invalid/{tenant}',
        run: runCommand,
        fetch: () => Promise.reject(new Error('no download expected')),
        env: { PATH: process.env.PATH },
      },
    );

    expect(outcome.code).toBe(3);
    expect(outcome.output.slice(-40)).toBe('xxxxxxxxxx[redacted]bad token [redacted]');
    expect(outcome.output.includes(TOKEN.slice(0, 4))).toBe(false);
  });
});
