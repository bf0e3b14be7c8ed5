import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configDir, type HostPlatform } from './key/config-dir.js';
import { ELEVATE_METHODS, type ElevateMethod, defaultElevation } from './netskope/elevate.js';
import { DEFAULT_DOWNLOAD_URL } from './netskope/locate-installer.js';
import { EXTENSION_ID_REGEX } from './protocol/origin.js';

/** The helper's settings, from the environment and then `<config dir>/config.json`. */
export interface Settings {
  platform: HostPlatform;
  configDir: string;
  /** Extra extension ids allowed to call the helper, besides the Latchkey extension. */
  extensionIds: string[];
  netskopeRoot?: string;
  installerPath?: string;
  downloadUrlTemplate: string;
  elevate: ElevateMethod;
  verifyTimeoutMs: number;
}

const FileSettings = z.object({
  extensionIds: z.array(z.string().regex(EXTENSION_ID_REGEX)).optional(),
  netskopeRoot: z.string().min(1).optional(),
  netskopeInstaller: z.string().min(1).optional(),
  downloadUrl: z.string().url().optional(),
  elevate: z.enum(ELEVATE_METHODS as [ElevateMethod, ...ElevateMethod[]]).optional(),
  verifyTimeoutSeconds: z.number().int().positive().max(3600).optional(),
});
type FileSettings = z.infer<typeof FileSettings>;

/** Thrown for a setting that cannot be used; names the variable or file. */
export class SettingsError extends Error {}

/**
 * Reads the settings once. Environment variables win over `config.json`:
 * `LATCHKEY_HOST_CONFIG_DIR`, `LATCHKEY_EXTENSION_IDS` (comma-separated), `LATCHKEY_NETSKOPE_ROOT`,
 * `LATCHKEY_NETSKOPE_INSTALLER`, `LATCHKEY_NETSKOPE_DOWNLOAD_URL` (`{tenant}` is filled in),
 * `LATCHKEY_ELEVATE` (pkexec|sudo|osascript|uac|none), `LATCHKEY_VERIFY_TIMEOUT_SECONDS`.
 */
export function loadSettings(
  platform: HostPlatform,
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  const dir = configDir(env, platform);
  const file = readFileSettings(join(dir, 'config.json'));
  const elevate =
    env.LATCHKEY_ELEVATE || file.elevate || defaultElevation(platform, process.getuid?.() === 0);
  if (!ELEVATE_METHODS.includes(elevate as ElevateMethod)) {
    throw new SettingsError(`LATCHKEY_ELEVATE must be one of ${ELEVATE_METHODS.join(', ')}.`);
  }
  const timeout = Number(env.LATCHKEY_VERIFY_TIMEOUT_SECONDS || file.verifyTimeoutSeconds || 300);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new SettingsError('LATCHKEY_VERIFY_TIMEOUT_SECONDS must be a whole number of seconds.');
  }
  const extraIds = (env.LATCHKEY_EXTENSION_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const badId = extraIds.find((id) => !EXTENSION_ID_REGEX.test(id));
  if (badId)
    throw new SettingsError(
      `LATCHKEY_EXTENSION_IDS holds "${badId}", which is not an extension id.`,
    );
  const netskopeRoot = env.LATCHKEY_NETSKOPE_ROOT || file.netskopeRoot;
  const installerPath = env.LATCHKEY_NETSKOPE_INSTALLER || file.netskopeInstaller;
  return {
    platform,
    configDir: dir,
    extensionIds: [...extraIds, ...(file.extensionIds ?? [])],
    ...(netskopeRoot ? { netskopeRoot } : {}),
    ...(installerPath ? { installerPath } : {}),
    downloadUrlTemplate:
      env.LATCHKEY_NETSKOPE_DOWNLOAD_URL || file.downloadUrl || DEFAULT_DOWNLOAD_URL,
    elevate: elevate as ElevateMethod,
    verifyTimeoutMs: timeout * 1000,
  };
}

function readFileSettings(path: string): FileSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {}; // No config.json: defaults and the environment decide.
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SettingsError(`${path} is not valid JSON.`);
  }
  const parsed = FileSettings.safeParse(value);
  if (!parsed.success)
    throw new SettingsError(
      `${path} has an unusable value: ${parsed.error.issues[0]?.path.join('.')}.`,
    );
  return parsed.data;
}
