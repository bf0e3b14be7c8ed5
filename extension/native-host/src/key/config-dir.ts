import { homedir } from 'node:os';
import { join } from 'node:path';

/** Platforms the helper itself runs on (ChromeOS has no native hosts). */
export type HostPlatform = 'linux' | 'mac' | 'win';

/** Maps Node's `process.platform` to the helper's platform name; `undefined` when unsupported. */
export function hostPlatform(
  nodePlatform: NodeJS.Platform = process.platform,
): HostPlatform | undefined {
  if (nodePlatform === 'linux') return 'linux';
  if (nodePlatform === 'darwin') return 'mac';
  if (nodePlatform === 'win32') return 'win';
  return undefined;
}

/**
 * The helper's per-user configuration directory, where its key and `config.json` live.
 *
 * `LATCHKEY_HOST_CONFIG_DIR` wins; otherwise Linux `$XDG_CONFIG_HOME/latchkey` (or
 * `~/.config/latchkey`), macOS `~/Library/Application Support/Latchkey`, Windows
 * `%APPDATA%\Latchkey`.
 */
export function configDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: HostPlatform = hostPlatform() ?? 'linux',
  home: string = env.HOME ?? homedir(),
): string {
  if (env.LATCHKEY_HOST_CONFIG_DIR) return env.LATCHKEY_HOST_CONFIG_DIR;
  if (platform === 'mac') return join(home, 'Library', 'Application Support', 'Latchkey');
  if (platform === 'win') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Latchkey');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'latchkey');
}
