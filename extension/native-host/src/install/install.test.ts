import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_ID, NATIVE_HOST_NAME, extensionOrigin } from '@latchkey/shared';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../netskope/run-command.js';
import type { CommandRunner } from '../netskope/run-command.js';
import { HOST_BIN, frame, startHost } from '../testing/host-process.js';
import { BROWSERS } from './locations.js';
import { type InstallTarget, installManifests, uninstallManifests } from './install.js';

const FILE = `${NATIVE_HOST_NAME}.json`;
const EXTRA = 'cccccccccccccccccccccccccccccccc';

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const result = await runCommand(process.execPath, [HOST_BIN, ...args], {
    env: { ...process.env, ...env },
  });
  return { ...result, json: result.code === 0 ? JSON.parse(result.stdout) : undefined };
}

const LINUX_USER_DIRS = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
};

describe('latchkey-host install and uninstall on Linux', () => {
  it('writes a manifest per browser to the user profile (exact origin), removes it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'latchkey-home-'));
    const env = { HOME: home, XDG_CONFIG_HOME: '', LATCHKEY_HOST_CONFIG_DIR: join(home, 'cfg') };
    const installed = await cli(['install', '--host-path', HOST_BIN], env);
    expect(installed.code).toBe(0);
    for (const browser of BROWSERS) {
      const manifest = JSON.parse(
        await readFile(join(home, LINUX_USER_DIRS[browser], FILE), 'utf8'),
      );
      expect(manifest).toEqual({
        name: NATIVE_HOST_NAME,
        description: expect.any(String),
        path: HOST_BIN,
        type: 'stdio',
        allowed_origins: [extensionOrigin(EXTENSION_ID)],
      });
    }
    expect((await cli(['uninstall'], env)).code).toBe(0);
    for (const browser of BROWSERS)
      expect(await readdir(join(home, LINUX_USER_DIRS[browser]))).toEqual([]);
  });

  it('system install for one browser; the helper then accepts an extra extension id', async () => {
    const home = await mkdtemp(join(tmpdir(), 'latchkey-home-'));
    const root = join(home, 'sysroot');
    const env = { HOME: home, LATCHKEY_HOST_CONFIG_DIR: join(home, 'cfg') };
    const args = ['--system', '--system-root', root, '--browser', 'chromium'];
    expect(
      (await cli(['install', ...args, '--extension-id', EXTRA, '--host-path', HOST_BIN], env)).code,
    ).toBe(0);
    const path = join(root, 'etc/chromium/native-messaging-hosts', FILE);
    expect(JSON.parse(await readFile(path, 'utf8')).allowed_origins).toEqual([
      extensionOrigin(),
      extensionOrigin(EXTRA),
    ]);
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(
      JSON.parse(await readFile(join(home, 'cfg', 'config.json'), 'utf8')).extensionIds,
    ).toEqual([EXTRA]);
    const host = startHost([extensionOrigin(EXTRA)], {
      ...env,
      LATCHKEY_NETSKOPE_ROOT: join(home, 'none'),
    });
    host.child.stdin.end(frame({ type: 'hello', id: 'extra' }));
    expect((await host.replies(1))[0]).toMatchObject({ type: 'hello', id: 'extra' });
    expect((await cli(['uninstall', ...args], env)).code).toBe(0);
    expect(await readdir(join(root, 'etc/chromium/native-messaging-hosts'))).toEqual([]);
  });

  it('registers into a browser profile folder given with --browser-dir', async () => {
    const home = await mkdtemp(join(tmpdir(), 'latchkey-home-'));
    const dir = join(home, 'profile', 'NativeMessagingHosts');
    const result = await cli(['install', '--browser-dir', dir, '--host-path', HOST_BIN], {
      HOME: home,
      LATCHKEY_HOST_CONFIG_DIR: join(home, 'c'),
    });
    expect(result.json.installed).toEqual([{ browser: 'custom', manifestPath: join(dir, FILE) }]);
    expect(JSON.parse(await readFile(join(dir, FILE), 'utf8')).path).toBe(HOST_BIN);
  });

  it('refuses an unknown browser or a malformed extension id', async () => {
    const home = await mkdtemp(join(tmpdir(), 'latchkey-home-'));
    expect((await cli(['install', '--browser', 'netscape'], { HOME: home })).code).toBe(2);
    expect((await cli(['install', '--extension-id', 'not-an-id'], { HOME: home })).code).toBe(2);
  });
});

describe('install on macOS and Windows', () => {
  const recorder = (): { calls: string[][]; run: CommandRunner } => {
    const calls: string[][] = [];
    return {
      calls,
      run: async (file, args) => (calls.push([file, ...args]), { code: 0, stdout: '', stderr: '' }),
    };
  };

  it('macOS: the per-user and system folders each browser reads', async () => {
    const home = await mkdtemp(join(tmpdir(), 'latchkey-mac-'));
    const base: InstallTarget = {
      platform: 'mac',
      scope: 'user',
      browsers: BROWSERS,
      home,
      env: {},
      run: recorder().run,
    };
    const user = await installManifests(base, '/Applications/Latchkey/latchkey-host', []);
    expect(user.map((r) => r.manifestPath.slice(home.length))).toEqual([
      `/Library/Application Support/Google/Chrome/NativeMessagingHosts/${FILE}`,
      `/Library/Application Support/Chromium/NativeMessagingHosts/${FILE}`,
      `/Library/Application Support/Microsoft Edge/NativeMessagingHosts/${FILE}`,
      `/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts/${FILE}`,
    ]);
    const system = await installManifests(
      { ...base, scope: 'system', systemRoot: home, browsers: ['chrome'] },
      '/x',
      [],
    );
    expect(system[0]?.manifestPath).toBe(
      join(home, `Library/Google/Chrome/NativeMessagingHosts/${FILE}`),
    );
  });

  it('Windows: per browser, a manifest and an HKCU/HKLM registry key pointing at it', async () => {
    const home = await mkdtemp(join(tmpdir(), 'latchkey-win-'));
    const { calls, run } = recorder();
    const target: InstallTarget = {
      platform: 'win',
      scope: 'user',
      browsers: ['chrome', 'edge'],
      home,
      env: {},
      systemRoot: home,
      run,
    };
    const records = await installManifests(target, 'C:\\Latchkey\\latchkey-host.exe', []);
    expect(records.map((r) => r.registryKey)).toEqual([
      `HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      `HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
    ]);
    expect(calls[0]).toEqual([
      'reg.exe',
      'add',
      records[0]!.registryKey,
      '/ve',
      '/t',
      'REG_SZ',
      '/d',
      records[0]!.manifestPath,
      '/f',
    ]);
    expect(JSON.parse(await readFile(records[0]!.manifestPath, 'utf8')).path).toBe(
      'C:\\Latchkey\\latchkey-host.exe',
    );
    await uninstallManifests({ ...target, scope: 'system', browsers: ['chrome'] });
    expect(calls.at(-1)).toEqual([
      'reg.exe',
      'delete',
      `HKLM\\Software\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`,
      '/f',
    ]);
  });
});
