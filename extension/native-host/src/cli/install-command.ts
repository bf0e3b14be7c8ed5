import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BROWSERS, type Browser } from '../install/locations.js';
import { type InstallTarget, installManifests, uninstallManifests } from '../install/install.js';
import { EXTENSION_ID_REGEX } from '../protocol/origin.js';
import { EXIT } from './exit-codes.js';
import { type CliContext, json, line } from './io.js';

const OPTIONS = {
  user: { type: 'boolean' },
  system: { type: 'boolean' },
  browser: { type: 'string', multiple: true },
  'browser-dir': { type: 'string' },
  'system-root': { type: 'string' },
  'extension-id': { type: 'string', multiple: true },
  'host-path': { type: 'string' },
} as const;

/**
 * `install` / `uninstall [--user | --system] [--browser chrome|chromium|edge|brave]...
 * [--browser-dir DIR] [--extension-id ID]... [--host-path PATH]`.
 */
export async function installCommand(context: CliContext, remove: boolean): Promise<number> {
  const { values } = parseArgs({ args: context.args, options: OPTIONS });
  const browsers = (values.browser ?? [...BROWSERS]).flatMap((name) => name.split(','));
  const badBrowser = browsers.find((name) => !BROWSERS.includes(name as Browser));
  const badId = (values['extension-id'] ?? []).find((id) => !EXTENSION_ID_REGEX.test(id));
  if ((values.user && values.system) || badBrowser || badId) {
    const command = remove ? 'uninstall' : 'install';
    line(
      context.stderr,
      `usage: latchkey-host ${command} [--user | --system] [--browser ${BROWSERS.join('|')}]...` +
        ' [--browser-dir DIR] [--extension-id ID]... [--host-path PATH]',
    );
    return EXIT.usage;
  }
  const target: InstallTarget = {
    platform: context.settings.platform,
    scope: values.system ? 'system' : 'user',
    browsers: browsers as Browser[],
    home: context.env.HOME ?? homedir(),
    env: context.env,
    run: context.run,
    ...(values['browser-dir'] ? { browserDir: values['browser-dir'] } : {}),
    ...(values['system-root'] ? { systemRoot: values['system-root'] } : {}),
  };
  if (remove) {
    json(context.stdout, { removed: await uninstallManifests(target) });
    return EXIT.ok;
  }
  const hostPath = resolveHostPath(context, values['host-path']);
  if (!hostPath) {
    line(
      context.stderr,
      'latchkey-host: cannot tell where the helper executable is; ' +
        'pass --host-path <absolute path>.',
    );
    return EXIT.usage;
  }
  const extraIds = values['extension-id'] ?? [];
  if (extraIds.length > 0) await rememberExtensionIds(context.settings.configDir, extraIds);
  json(context.stdout, { hostPath, installed: await installManifests(target, hostPath, extraIds) });
  return EXIT.ok;
}

/** `--host-path`, else the single executable itself, else what the launcher script says it is. */
function resolveHostPath(context: CliContext, given: string | undefined): string | undefined {
  const candidate =
    given ?? (isSingleExecutable() ? process.execPath : context.env.LATCHKEY_HOST_PATH);
  return candidate && isAbsolute(candidate) && existsSync(candidate) ? candidate : undefined;
}

function isSingleExecutable(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('node:sea') as { isSea(): boolean }).isSea();
  } catch {
    return false; // No node:sea (plain Node, or ESM without require): not a single executable.
  }
}

/** Keeps extra extension ids in config.json so the helper's origin check accepts them too. */
async function rememberExtensionIds(dir: string, ids: readonly string[]): Promise<void> {
  const path = join(dir, 'config.json');
  const current = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as {
    extensionIds?: string[];
  };
  const extensionIds = [...new Set([...(current.extensionIds ?? []), ...ids])];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify({ ...current, extensionIds }, null, 2) + '\n', {
    mode: 0o600,
  });
}
