import type { EnrollMode, EnrollmentMaterial } from '@latchkey/shared';
import { HelperError } from '../errors.js';
import type { HostPlatform } from '../key/config-dir.js';
import { type ElevateMethod, elevate, elevationRefused } from './elevate.js';
import type { InstallPlan, PlanInput } from './install-plan.js';
import { linuxPlan } from './install-linux.js';
import { macPlan } from './install-mac.js';
import { winPlan } from './install-win.js';
import { locateInstaller } from './locate-installer.js';
import { scrub } from './redact.js';
import type { CommandRunner } from './run-command.js';
import { writeSecretFile } from './secret-file.js';

/**
 * Builds the platform's installer plan from redeemed material. A value with a control character
 * (a newline, a NUL) is refused: no installer takes one, and no command line can carry a NUL.
 */
export function buildPlan(platform: HostPlatform, input: PlanInput): InstallPlan {
  for (const [item, value] of Object.entries(input.material)) {
    if (typeof value === 'string' && /\p{Cc}/u.test(value)) {
      throw new HelperError('installer_failed', {
        message: `The server sent a ${item} with a control character; ask your administrator.`,
      });
    }
  }
  if (platform === 'mac') return macPlan(input);
  if (platform === 'win') return winPlan(input);
  return linuxPlan(input);
}

/** How the installer runs on this machine. */
export interface InstallerSettings {
  platform: HostPlatform;
  elevate: ElevateMethod;
  installerPath?: string;
  downloadUrlTemplate: string;
  run: CommandRunner;
  fetch: typeof fetch;
  env: NodeJS.ProcessEnv;
}

/** How the installer ended. `output` has every material value replaced by `[redacted]`. */
export interface InstallerOutcome {
  code: number | null;
  output: string;
}

const INSTALL_TIMEOUT_MS = 15 * 60_000;

/**
 * Locates the installer, writes any file it demands, runs it elevated and cleans up. The
 * material is only read here; nothing of it is kept once this returns.
 */
export async function runInstaller(
  mode: EnrollMode,
  material: EnrollmentMaterial,
  settings: InstallerSettings,
): Promise<InstallerOutcome> {
  const located = await locateInstaller({ ...settings, tenant: material.tenant });
  const cleanups: Array<() => Promise<void>> = [located.cleanup];
  try {
    const plan = buildPlan(settings.platform, { mode, material, installerPath: located.path });
    for (const file of plan.secretFiles)
      cleanups.unshift(await writeSecretFile(file.path, file.content));
    return await runElevated(plan, material, settings);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

async function runElevated(
  plan: InstallPlan,
  material: EnrollmentMaterial,
  settings: InstallerSettings,
): Promise<InstallerOutcome> {
  let last: InstallerOutcome = { code: 0, output: '' };
  for (const invocation of elevate(plan.commands, settings.elevate)) {
    const result = await settings.run(invocation.file, invocation.args, {
      env: settings.env,
      timeoutMs: INSTALL_TIMEOUT_MS,
      // msiexec's args are already in its own syntax (see install-win.ts); Node must not requote.
      windowsVerbatimArguments: settings.platform === 'win',
      ...(invocation.input ? { input: invocation.input } : {}),
    });
    const output = `${scrub(result.stdout, material)}${scrub(result.stderr, material)}`.trim();
    if (result.spawnError === 'ENOENT' || result.spawnError === 'EACCES') {
      throw spawnFailure(invocation.file, settings.elevate, result.spawnError);
    }
    if (elevationRefused(settings.elevate, result.code, output)) {
      throw new HelperError('elevation_refused', { detail: output.slice(-2000) });
    }
    last = { code: result.code, output };
    if (result.code !== 0) break;
  }
  return last;
}

function spawnFailure(file: string, method: ElevateMethod, reason: string): HelperError {
  if (method !== 'none' && file === method) {
    return new HelperError('elevation_refused', {
      message:
        `${method} is not available here; ` +
        'set LATCHKEY_ELEVATE to another method or run as an administrator.',
    });
  }
  return new HelperError('installer_not_found', {
    message: `The installer could not be started (${reason}).`,
  });
}
