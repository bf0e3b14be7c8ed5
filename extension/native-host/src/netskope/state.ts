import { open, stat } from 'node:fs/promises';
import type { NetskopeState, NetskopeStatus } from '@latchkey/shared';
import type { HostPlatform } from '../key/config-dir.js';
import { explain } from './explain.js';
import {
  IDP_REQUIRED_PHRASE,
  parseBrandingEmail,
  parseNsdiag,
  parseShowConfig,
  saysIdpRequired,
} from './parse.js';
import { clientPaths, type ClientPaths } from './paths.js';
import type { CommandRunner } from './run-command.js';

/** What {@link readNetskopeState} needs. */
export interface StateDeps {
  platform: HostPlatform;
  /** Override of the client's root (Linux-style layout); tests point this at the simulator. */
  root?: string;
  run: CommandRunner;
}

const COMMAND_TIMEOUT_MS = 10_000;
const LOG_TAIL_BYTES = 64 * 1024;

/**
 * Reads the Netskope Client's state from its own commands and files (NETSKOPE.md): installed,
 * version, enrolled and as whom (`nsclient show-config` "User Email", else `nsbranding.json`),
 * `nsdiag -f` "Client status", and stuck when its status or log says
 * `IdP enrollment is required by admin`. Never throws: what cannot be read is left out.
 */
export async function readNetskopeState(deps: StateDeps): Promise<NetskopeState> {
  const paths = clientPaths(deps.platform, deps.root);
  if (!(await isInstalled(paths)))
    return finish({ status: 'not-installed', installed: false, enrolled: false });

  const diag = parseNsdiag(await output(deps, paths.nsdiag, ['-f']));
  const config = paths.nsclient
    ? parseShowConfig(await output(deps, paths.nsclient, ['show-config']))
    : {};
  const userEmail = config.userEmail ?? parseBrandingEmail(await readText(paths.branding));
  const status = await decideStatus(deps, paths, diag.clientStatus, userEmail);
  const enrolled = status === 'enrolled' || status === 'disabled';
  return finish({
    status,
    installed: true,
    enrolled,
    ...(diag.version ? { version: diag.version } : {}),
    ...(enrolled && userEmail ? { userEmail } : {}),
    ...(diag.tunnel ? { tunnel: diag.tunnel } : {}),
    ...(status === 'stuck' ? { reason: IDP_REQUIRED_PHRASE } : {}),
  });
}

async function decideStatus(
  deps: StateDeps,
  paths: ClientPaths,
  clientStatus: string | undefined,
  userEmail: string | undefined,
): Promise<NetskopeStatus> {
  if (clientStatus === 'enable') return 'enrolled';
  if (clientStatus === 'disable') return 'disabled';
  const statusText = paths.nsclient ? await output(deps, paths.nsclient, ['show-status']) : '';
  if (saysIdpRequired(statusText) || saysIdpRequired(await readTail(paths.log))) return 'stuck';
  if (clientStatus === 'unenrolled') return 'unenrolled';
  return userEmail ? 'enrolled' : 'unknown';
}

function finish(facts: Omit<NetskopeState, 'explanation'>): NetskopeState {
  return { ...facts, explanation: explain(facts) };
}

async function isInstalled(paths: ClientPaths): Promise<boolean> {
  for (const path of [paths.nsdiag, paths.nsclient, paths.config]) {
    if (path && (await exists(path))) return true;
  }
  return false;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false; // Missing or unreadable both mean "not there" for detection.
  }
}

async function output(deps: StateDeps, file: string, args: string[]): Promise<string> {
  if (!(await exists(file))) return '';
  const result = await deps.run(file, args, { timeoutMs: COMMAND_TIMEOUT_MS });
  return `${result.stdout}\n${result.stderr}`;
}

async function readText(path: string): Promise<string> {
  return readTail(path);
}

async function readTail(path: string): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return ''; // No log or branding file yet: nothing to tell.
  }
}
