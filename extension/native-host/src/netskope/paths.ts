import { join, win32 } from 'node:path';
import type { HostPlatform } from '../key/config-dir.js';

/** Where the Netskope Client keeps its binaries, files and log on one platform. */
export interface ClientPaths {
  root: string;
  /** `nsclient` (Linux CLI); `undefined` where no such CLI is known. */
  nsclient?: string;
  nsdiag: string;
  config: string;
  branding: string;
  log: string;
}

/** Linux default install root (NETSKOPE.md "Installer command lines"). */
export const LINUX_ROOT = '/opt/netskope/stagent';
/**
 * macOS: where `nsclientconfig.sh` writes `nsidpconfig.json` (NETSKOPE.md); layout beyond that
 * is best effort.
 */
export const MAC_ROOT = '/Library/Application Support/Netskope/STAgent';
/** Windows: best effort; not in NETSKOPE.md. */
export const WIN_ROOT = 'C:\\Program Files (x86)\\Netskope\\STAgent';
const WIN_DATA = 'C:\\ProgramData\\netskope\\stagent';

/**
 * The client's paths. An explicit `root` (from `LATCHKEY_NETSKOPE_ROOT` or `--netskope-root`)
 * means a Linux-style layout under that folder on every platform; that is how tests point the
 * helper at the simulator.
 */
export function clientPaths(platform: HostPlatform, root?: string): ClientPaths {
  if (root !== undefined || platform === 'linux') return linuxLayout(root ?? LINUX_ROOT);
  if (platform === 'mac') {
    return {
      root: MAC_ROOT,
      nsdiag: join(MAC_ROOT, 'nsdiag'),
      config: join(MAC_ROOT, 'nsconfig.json'),
      branding: join(MAC_ROOT, 'nsbranding.json'),
      log: '/Library/Logs/Netskope/nsdebuglog.log',
    };
  }
  return {
    root: WIN_ROOT,
    nsdiag: win32.join(WIN_ROOT, 'nsdiag.exe'),
    config: win32.join(WIN_DATA, 'nsconfig.json'),
    branding: win32.join(WIN_DATA, 'nsbranding.json'),
    log: win32.join(WIN_DATA, 'logs', 'nsdebuglog.log'),
  };
}

function linuxLayout(root: string): ClientPaths {
  return {
    root,
    nsclient: join(root, 'nsclient'),
    nsdiag: join(root, 'nsdiag'),
    config: join(root, 'nsconfig.json'),
    branding: join(root, 'nsbranding.json'),
    log: join(root, 'logs', 'nsdebuglog.log'),
  };
}
