import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTENSION_ID, HelperResponse, extensionOrigin } from '@latchkey/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './netskope/run-command.js';
import { frame } from './testing/host-process.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const SEA = join(PACKAGE, 'out', 'latchkey-host-sea');

/** Sends one hello over native messaging to an executable and returns the reply. */
async function helloThrough(
  executable: string,
  configDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<HelperResponse> {
  const env = {
    ...process.env,
    LATCHKEY_HOST_CONFIG_DIR: configDir,
    LATCHKEY_NETSKOPE_ROOT: join(configDir, 'none'),
    ...extraEnv,
  };
  const result = await runCommand(executable, [extensionOrigin(EXTENSION_ID)], {
    env,
    input: frame({ type: 'hello', id: 'b' }),
  });
  expect(result.code).toBe(0);
  const body = Buffer.from(result.stdout, 'utf8');
  return HelperResponse.parse(
    JSON.parse(body.subarray(4, 4 + body.readUInt32LE(0)).toString('utf8')),
  );
}

describe('the built helper', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-build-'));
    const built = await runCommand(process.execPath, [join(PACKAGE, 'build.mjs'), '--out', dir]);
    expect(built.code).toBe(0);
  });

  it('is one CommonJS bundle and a launcher that answers hello over native messaging', async () => {
    expect(existsSync(join(dir, 'latchkey-host.cjs'))).toBe(true);
    expect(await helloThrough(join(dir, 'latchkey-host'), join(dir, 'config'))).toMatchObject({
      type: 'hello',
      platform: 'linux',
    });
  });

  it('installs its own launcher as the host path when none is given', async () => {
    const hostDir = join(dir, 'hosts');
    const result = await runCommand(
      join(dir, 'latchkey-host'),
      ['install', '--browser-dir', hostDir],
      {
        env: { ...process.env, LATCHKEY_HOST_CONFIG_DIR: join(dir, 'config') },
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).hostPath).toBe(join(dir, 'latchkey-host'));
  });

  // `pnpm build:sea` makes it (about 100 MB, 10 s); the default test run does not.
  it.skipIf(!existsSync(SEA))(
    'as a single executable answers hello with no Node on PATH',
    async () => {
      const configDir = await mkdtemp(join(tmpdir(), 'latchkey-sea-'));
      const reply = await helloThrough(SEA, configDir, { PATH: '/nonexistent' });
      expect(reply).toMatchObject({ type: 'hello', helperVersion: expect.any(String) });
    },
  );
});
