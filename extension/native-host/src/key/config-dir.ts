import { userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';

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
 * `%APPDATA%\Latchkey`. A `HOME` or `XDG_CONFIG_HOME` that is unset, empty or relative is not
 * used (the key would land wherever the browser started the helper); `~` is then the account's
 * home from the user database.
 */
export function configDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: HostPlatform = hostPlatform() ?? 'linux',
  home: string = env.HOME && isAbsolute(env.HOME) ? env.HOME : userInfo().homedir,
): string {
  if (env.LATCHKEY_HOST_CONFIG_DIR) return env.LATCHKEY_HOST_CONFIG_DIR;
  if (platform === 'mac') return join(home, 'Library', 'Application Support', 'Latchkey');
  if (platform === 'win') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Latchkey');
  const xdg = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : '';
  return join(xdg || join(home, '.config'), 'latchkey');
}
