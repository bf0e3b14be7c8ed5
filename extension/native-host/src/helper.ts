import { hostname, release, type } from 'node:os';
import type {
  DeviceFacts,
  EnrollMode,
  EnrollStep,
  NetskopeState,
  Platform,
} from '@latchkey/shared';
import { type EnrollDeps, type EnrollResult, enroll } from './enroll/enroll.js';
import { acquireEnrollLock } from './enroll/lock.js';
import { serverApi } from './enroll/server-api.js';
import { isSafeServerUrl } from './enroll/server-url.js';
import { HelperError } from './errors.js';
import { type LoadedKey, loadOrCreateKey } from './key/device-key.js';
import { runInstaller } from './netskope/installer.js';
import type { CommandRunner } from './netskope/run-command.js';
import { readNetskopeState } from './netskope/state.js';
import type { Settings } from './settings.js';
import { HELPER_VERSION } from './version.js';

/** What the helper is built from; tests pass real parts with their own settings. */
export interface HelperDeps {
  settings: Settings;
  run: CommandRunner;
  fetch: typeof fetch;
  env: NodeJS.ProcessEnv;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** The `hello` facts. */
export interface Hello {
  jkt: string;
  platform: Platform;
  helperVersion: string;
  netskope: NetskopeState;
}

/** One enrollment request, from native messaging or the CLI. */
export interface EnrollInput {
  serverUrl: string;
  ticket: string;
  mode?: EnrollMode;
}

/** The helper's operations, shared by native messaging and the CLI. */
export interface Helper {
  key(): Promise<LoadedKey>;
  state(): Promise<NetskopeState>;
  hello(): Promise<Hello>;
  deviceFacts(): Promise<DeviceFacts>;
  enroll(input: EnrollInput, onProgress: (step: EnrollStep) => void): Promise<EnrollResult>;
}

const POLL_INTERVAL_MS = 2_000;

/** Builds the helper from its dependencies. */
export function createHelper(deps: HelperDeps): Helper {
  const { settings } = deps;
  const root = settings.netskopeRoot ? { root: settings.netskopeRoot } : {};
  const state = (): Promise<NetskopeState> =>
    readNetskopeState({ platform: settings.platform, run: deps.run, ...root });
  const key = (): Promise<LoadedKey> => loadOrCreateKey(settings.configDir);
  const deviceFacts = async (): Promise<DeviceFacts> => {
    const { status, installed, enrolled, version } = await state();
    return {
      platform: settings.platform,
      hostname: hostname().slice(0, 255),
      osVersion: `${type()} ${release()}`.slice(0, 255),
      helperVersion: HELPER_VERSION,
      netskope: { status, installed, enrolled, ...(version ? { version } : {}) },
    };
  };
  const parts = { key, state, deviceFacts };
  return {
    ...parts,
    hello: async () => ({
      jkt: (await key()).jkt,
      platform: settings.platform,
      helperVersion: HELPER_VERSION,
      netskope: await state(),
    }),
    enroll: oneAtATime(deps, parts),
  };
}

type Parts = Pick<Helper, 'key' | 'state' | 'deviceFacts'>;

/** The enroll operation, refusing a second one (in this process or another) with `busy`. */
function oneAtATime(deps: HelperDeps, parts: Parts): Helper['enroll'] {
  let running = false;
  return async (input, onProgress) => {
    if (!isSafeServerUrl(input.serverUrl)) {
      throw new HelperError('message_malformed', {
        message: 'The server URL must use https (http only on loopback).',
      });
    }
    if (running) throw new HelperError('busy');
    running = true;
    try {
      const unlock = await acquireEnrollLock(deps.settings.configDir);
      try {
        return await enroll(input, await enrollDeps(deps, parts, input.serverUrl, onProgress));
      } finally {
        await unlock();
      }
    } finally {
      running = false;
    }
  };
}

async function enrollDeps(
  deps: HelperDeps,
  parts: Parts,
  serverUrl: string,
  onProgress: (step: EnrollStep) => void,
): Promise<EnrollDeps> {
  const { settings } = deps;
  const { key } = await parts.key();
  return {
    platform: settings.platform,
    api: serverApi(serverUrl, key, deps.fetch),
    deviceFacts: parts.deviceFacts,
    install: (mode, material) =>
      runInstaller(mode, material, {
        ...settings,
        run: deps.run,
        fetch: deps.fetch,
        env: deps.env,
      }),
    readState: parts.state,
    sleep: deps.sleep,
    now: deps.now,
    verifyTimeoutMs: settings.verifyTimeoutMs,
    pollIntervalMs: POLL_INTERVAL_MS,
    onProgress,
  };
}
