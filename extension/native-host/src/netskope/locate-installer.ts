import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HelperError } from '../errors.js';
import type { HostPlatform } from '../key/config-dir.js';
import { isSafeServerUrl } from '../enroll/server-url.js';

/**
 * Where Linux installers are said to download from without authentication. A field report,
 * unconfirmed by Netskope documentation: override with `LATCHKEY_NETSKOPE_DOWNLOAD_URL`.
 */
export const DEFAULT_DOWNLOAD_URL = 'https://download-{tenant}.goskope.com/dlr/linux/get';

export interface LocateOptions {
  platform: HostPlatform;
  tenant: string;
  /** `LATCHKEY_NETSKOPE_INSTALLER`: a local installer file; wins over downloading. */
  installerPath?: string;
  downloadUrlTemplate: string;
  fetch: typeof fetch;
}

/** A located installer and how to clean up after it. */
export interface LocatedInstaller {
  path: string;
  cleanup: () => Promise<void>;
}

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * Finds the installer: the configured local file, or on Linux a download into a private temp
 * folder. A download that ends anywhere but https (or loopback http) is refused.
 */
export async function locateInstaller(options: LocateOptions): Promise<LocatedInstaller> {
  if (options.installerPath) {
    const found = await stat(options.installerPath).catch(() => undefined);
    if (!found?.isFile()) {
      throw new HelperError('installer_not_found', {
        message: `No Netskope installer at ${options.installerPath}.`,
      });
    }
    return { path: options.installerPath, cleanup: async () => undefined };
  }
  if (options.platform !== 'linux') {
    throw new HelperError('installer_not_found', {
      message:
        'Set LATCHKEY_NETSKOPE_INSTALLER to the Netskope Client installer ' +
        '(.pkg on macOS, .msi on Windows).',
    });
  }
  return download(options);
}

async function download(options: LocateOptions): Promise<LocatedInstaller> {
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(options.tenant)) {
    throw new HelperError('installer_not_found', {
      message: 'The tenant name cannot form a download address.',
    });
  }
  const url = options.downloadUrlTemplate.replaceAll('{tenant}', options.tenant);
  if (!isSafeServerUrl(url)) {
    throw new HelperError('installer_not_found', {
      message: 'The installer download address must use https.',
    });
  }
  let response: Response;
  try {
    response = await options.fetch(url, {
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      redirect: 'follow',
    });
  } catch (error) {
    throw new HelperError('installer_not_found', {
      message: `The installer could not be downloaded from ${url}.`,
      cause: error,
    });
  }
  if (!response.ok) {
    throw new HelperError('installer_not_found', {
      message: `The installer download from ${url} answered HTTP ${response.status}.`,
    });
  }
  // It runs as root: a redirect to plain http would let anyone on the path replace it.
  if (!isSafeServerUrl(response.url || url)) {
    throw new HelperError('installer_not_found', {
      message: `The installer download from ${url} was redirected off https.`,
    });
  }
  const folder = await mkdtemp(join(tmpdir(), 'latchkey-installer-'));
  const path = join(folder, 'NSClient.run');
  await writeFile(path, Buffer.from(await response.arrayBuffer()), { mode: 0o700 });
  return { path, cleanup: () => rm(folder, { recursive: true, force: true }) };
}
