import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { NATIVE_HOST_NAME } from '@latchkey/shared';
import type { HostPlatform } from '../key/config-dir.js';
import type { CommandRunner } from '../netskope/run-command.js';
import { type Browser, type ManifestLocation, type Scope, manifestLocation } from './locations.js';
import { hostManifest } from './manifest.js';

/** What `install` / `uninstall` act on. */
export interface InstallTarget {
  platform: HostPlatform;
  scope: Scope;
  browsers: readonly Browser[];
  home: string;
  env: NodeJS.ProcessEnv;
  /** A folder to write the manifest into directly (e.g. `<user-data-dir>/NativeMessagingHosts`). */
  browserDir?: string;
  systemRoot?: string;
  run: CommandRunner;
}

/** One file written or removed, and the registry key where there is one. */
export interface InstallRecord {
  browser: Browser | 'custom';
  manifestPath: string;
  registryKey?: string;
}

const FILE_NAME = `${NATIVE_HOST_NAME}.json`;

/** Where the target's manifests live. */
export function targetLocations(target: InstallTarget): ManifestLocation[] {
  if (target.browserDir) return [{ kind: 'dir', browser: 'chrome', dir: target.browserDir }];
  return target.browsers.map((browser) =>
    manifestLocation({ ...target, browser, hostName: NATIVE_HOST_NAME }),
  );
}

/** Writes the host manifest for each browser (and its registry key on Windows). */
export async function installManifests(
  target: InstallTarget,
  hostPath: string,
  extraIds: readonly string[],
): Promise<InstallRecord[]> {
  const manifest = JSON.stringify(hostManifest(hostPath, extraIds), null, 2) + '\n';
  const records: InstallRecord[] = [];
  for (const location of targetLocations(target)) {
    const dir = location.kind === 'dir' ? location.dir : location.manifestDir;
    const manifestPath = pathIn(target.platform, dir);
    await mkdir(dir, { recursive: true });
    await writeFile(manifestPath, manifest, { mode: 0o644 });
    const record = recordOf(target, location, manifestPath);
    if (location.kind === 'registry') {
      await reg(target.run, ['add', location.key, '/ve', '/t', 'REG_SZ', '/d', manifestPath, '/f']);
    }
    records.push(record);
  }
  return records;
}

/** Removes what {@link installManifests} wrote; missing files and keys are not an error. */
export async function uninstallManifests(target: InstallTarget): Promise<InstallRecord[]> {
  const records: InstallRecord[] = [];
  for (const location of targetLocations(target)) {
    const dir = location.kind === 'dir' ? location.dir : location.manifestDir;
    const manifestPath = pathIn(target.platform, dir);
    await rm(manifestPath, { force: true });
    if (location.kind === 'registry') {
      await reg(target.run, ['delete', location.key, '/f'], true);
    }
    records.push(recordOf(target, location, manifestPath));
  }
  return records;
}

function recordOf(
  target: InstallTarget,
  location: ManifestLocation,
  manifestPath: string,
): InstallRecord {
  return {
    browser: target.browserDir ? 'custom' : location.browser,
    manifestPath,
    ...(location.kind === 'registry' ? { registryKey: location.key } : {}),
  };
}

function pathIn(platform: HostPlatform, dir: string): string {
  return platform === 'win' && /^[A-Za-z]:\\/.test(dir)
    ? win32.join(dir, FILE_NAME)
    : join(dir, FILE_NAME);
}

async function reg(run: CommandRunner, args: string[], missingOk = false): Promise<void> {
  const result = await run('reg.exe', args);
  if (result.code !== 0 && !missingOk) {
    const output = (result.stderr || result.stdout || result.spawnError || '').trim();
    throw new Error(`reg ${args[0]} failed: ${output}`);
  }
}
