import { join, win32 } from 'node:path';
import type { HostPlatform } from '../key/config-dir.js';

/** Browsers the helper registers with. */
export type Browser = 'chrome' | 'chromium' | 'edge' | 'brave';
export const BROWSERS: readonly Browser[] = ['chrome', 'chromium', 'edge', 'brave'];

/** Per user (the default) or for every user of the machine. */
export type Scope = 'user' | 'system';

/** Where one browser looks for host manifests. */
export type ManifestLocation =
  | { kind: 'dir'; browser: Browser; dir: string }
  /** Windows: a registry key whose default value is the manifest's path. */
  | { kind: 'registry'; browser: Browser; key: string; manifestDir: string };

const LINUX_USER: Record<Browser, string> = {
  chrome: 'google-chrome',
  chromium: 'chromium',
  edge: 'microsoft-edge',
  brave: 'BraveSoftware/Brave-Browser',
};
const LINUX_SYSTEM: Record<Browser, string> = {
  chrome: '/etc/opt/chrome/native-messaging-hosts',
  chromium: '/etc/chromium/native-messaging-hosts',
  edge: '/etc/opt/edge/native-messaging-hosts',
  brave: '/etc/opt/brave/native-messaging-hosts',
};
const MAC_USER: Record<Browser, string> = {
  chrome: 'Google/Chrome',
  chromium: 'Chromium',
  edge: 'Microsoft Edge',
  brave: 'BraveSoftware/Brave-Browser',
};
const MAC_SYSTEM: Record<Browser, string> = {
  chrome: '/Library/Google/Chrome/NativeMessagingHosts',
  chromium: '/Library/Application Support/Chromium/NativeMessagingHosts',
  edge: '/Library/Microsoft/Edge/NativeMessagingHosts',
  brave: '/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
};
const WIN_KEY: Record<Browser, string> = {
  chrome: 'Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'Software\\Chromium\\NativeMessagingHosts',
  edge: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
};

/** Where the manifest goes, for one browser, scope and platform (Chrome's documented paths). */
export interface LocationInput {
  platform: HostPlatform;
  browser: Browser;
  scope: Scope;
  hostName: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** Prefix for system paths, so tests can install "system-wide" into a temporary folder. */
  systemRoot?: string;
}

export function manifestLocation(input: LocationInput): ManifestLocation {
  const { platform, browser, scope, home, env } = input;
  const system = (path: string): string => (input.systemRoot ? join(input.systemRoot, path) : path);
  if (platform === 'linux') {
    const dir =
      scope === 'system'
        ? system(LINUX_SYSTEM[browser])
        : join(
            env.XDG_CONFIG_HOME || join(home, '.config'),
            LINUX_USER[browser],
            'NativeMessagingHosts',
          );
    return { kind: 'dir', browser, dir };
  }
  if (platform === 'mac') {
    const dir =
      scope === 'system'
        ? system(MAC_SYSTEM[browser])
        : join(home, 'Library', 'Application Support', MAC_USER[browser], 'NativeMessagingHosts');
    return { kind: 'dir', browser, dir };
  }
  const hive = scope === 'system' ? 'HKLM' : 'HKCU';
  const base =
    scope === 'system'
      ? (env.ProgramData ?? 'C:\\ProgramData')
      : (env.LOCALAPPDATA ?? win32.join(home, 'AppData', 'Local'));
  return {
    kind: 'registry',
    browser,
    key: `${hive}\\${WIN_KEY[browser]}\\${input.hostName}`,
    manifestDir: input.systemRoot
      ? join(input.systemRoot, 'Latchkey')
      : win32.join(base, 'Latchkey', 'NativeMessagingHosts'),
  };
}
