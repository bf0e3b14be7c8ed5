import {
  jwkThumbprint,
  publicJwk,
  type ConfigResponse,
  type DeviceFacts,
  type EnrollMode,
  type EnrollStep,
  type MintRequest,
  type MintResponse,
} from '@latchkey/shared';
import type { DeviceView, OutcomeView, StepName } from '../lib/flow-view.js';
import type { Policy } from '../lib/policy.js';
import { isHttpsOrLoopback } from '../lib/server-url.js';
import { chromeOsHandoff } from './chromeos.js';
import type { DeviceKeyStore } from './device-key-store.js';
import { FlowError } from './flow-error.js';
import { nativeEnroll, nativeHello, type ConnectNative, type HelloReply } from './native.js';
import { signIn, type SessionStore } from './oidc.js';
import { createServerClient, type ServerClient } from './server-client.js';

/** The command shown when the device helper is missing and policy names none. */
export const DEFAULT_HELPER_INSTALL_COMMAND = 'latchkey-host install';

/** Everything the enrollment flow touches outside itself, passed in by the service worker. */
export interface FlowDeps {
  readPolicy(): Promise<Policy>;
  /** `runtime.getPlatformInfo()` `os`: `cros` on ChromeOS. */
  platformOs(): Promise<string>;
  fetch: typeof fetch;
  launchWebAuthFlow(url: string): Promise<string>;
  redirectUri: string;
  session: SessionStore;
  connectNative: ConnectNative;
  keyStore: DeviceKeyStore;
  openTab(url: string): Promise<void>;
  extensionVersion: string;
}

/** How the flow tells the service worker what it is doing. */
export interface FlowReporter {
  step(step: StepName): void;
  progress(step: EnrollStep): void;
  device(device: DeviceView): void;
}

/** A FlowError with the step it happened in. */
export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(
    readonly step: StepName,
    readonly error: FlowError,
  ) {
    super(error.message, { cause: error });
  }
}

/** The device as the flow found it: the helper's hello, or the extension's own key on ChromeOS. */
type Device =
  | { kind: 'helper'; hello: HelloReply; facts: DeviceFacts; jkt: string }
  | {
      kind: 'cros';
      key: Awaited<ReturnType<DeviceKeyStore['load']>>;
      facts: DeviceFacts;
      jkt: string;
    };

/**
 * Runs one enrollment: policy, device, server config, sign-in, ticket, hand-off. Resolves with
 * the outcome or rejects with a {@link StepError}. The ticket is handed to the helper (or, on
 * ChromeOS, redeemed for non-secret material) and never stored.
 */
export async function runEnrollment(deps: FlowDeps, report: FlowReporter): Promise<OutcomeView> {
  let step: StepName = 'signin';
  const at = (next: StepName) => {
    step = next;
    report.step(next);
  };
  try {
    at('signin');
    const policy = await deps.readPolicy();
    if (policy.serverUrl === undefined) throw new FlowError('not_configured');
    const server = createServerClient(deps.fetch, policy.serverUrl);
    const device = await findDevice(deps, policy, server, report);
    const config = await server.config();
    const signedIn = await signIn(deps, config);

    at('ticket');
    const mint = await server.mint(mintRequest(signedIn, device));

    at('handoff');
    const mode = policy.defaultMode ?? config.defaultMode;
    const outcome = await handOff(deps, { server, device, config, mint, mode }, report);

    at('enrolled');
    return outcome;
  } catch (error) {
    throw new StepError(
      step,
      error instanceof FlowError ? error : new FlowError('internal', { cause: error }),
    );
  }
}

function mintRequest(signedIn: Awaited<ReturnType<typeof signIn>>, device: Device): MintRequest {
  return { ...signedIn, device: device.facts, jkt: device.jkt };
}

interface HandOff {
  server: ServerClient;
  device: Device;
  config: ConfigResponse;
  mint: MintResponse;
  mode: EnrollMode;
}

async function handOff(deps: FlowDeps, order: HandOff, report: FlowReporter): Promise<OutcomeView> {
  const { device, mint, server } = order;
  if (device.kind === 'cros') {
    const chromeOs = { server, key: device.key, openTab: deps.openTab };
    return chromeOsHandoff(chromeOs, { ...order, device: device.facts }, report.progress);
  }

  const done = await nativeEnroll(
    deps.connectNative,
    { ticket: mint.ticket, serverUrl: server.baseUrl, mode: order.mode },
    report.progress,
  );
  report.device(helperDevice(device.hello, done.netskope));
  if (done.resultStatus === 'failed') {
    throw new FlowError('enrollment_unconfirmed', { netskope: done.netskope });
  }
  return {
    kind: 'enrolled',
    ticketId: done.ticketId,
    resultStatus: done.resultStatus,
    userEmail: done.netskope.userEmail,
  };
}

/** Finds out what this device is: ChromeOS with the extension's key, or a helper's hello. */
async function findDevice(
  deps: FlowDeps,
  policy: Policy,
  server: ServerClient,
  report: FlowReporter,
): Promise<Device> {
  const facts = { extensionVersion: deps.extensionVersion };
  if (policy.forceChromeOsHandoff || (await deps.platformOs()) === 'cros') {
    report.device({ platform: 'cros', helper: 'not-needed' });
    const key = await deps.keyStore.load();
    const jkt = await jwkThumbprint(await publicJwk(key));
    return { kind: 'cros', key, jkt, facts: { ...facts, platform: 'cros' } };
  }

  const hello = await helloOrInstallHint(deps, policy, server, report);
  report.device(helperDevice(hello, hello.netskope));
  return {
    kind: 'helper',
    hello,
    jkt: hello.jkt,
    facts: {
      ...facts,
      platform: hello.platform,
      helperVersion: hello.helperVersion,
      netskope: hello.netskope,
    },
  };
}

async function helloOrInstallHint(
  deps: FlowDeps,
  policy: Policy,
  server: ServerClient,
  report: FlowReporter,
): Promise<HelloReply> {
  try {
    return await nativeHello(deps.connectNative);
  } catch (error) {
    if (!(error instanceof FlowError) || error.code !== 'helper_not_installed') throw error;
    report.device({ helper: 'missing' });
    const downloadUrl = await server.config().then(
      // Shown as a link: only a web address, never `javascript:` or `data:`.
      ({ helper }) =>
        helper.downloadUrl && isHttpsOrLoopback(helper.downloadUrl)
          ? helper.downloadUrl
          : undefined,
      // The install command is worth showing even when the server cannot name a download.
      () => undefined,
    );
    const installCommand = policy.helperInstallCommand ?? DEFAULT_HELPER_INSTALL_COMMAND;
    throw new FlowError('helper_not_installed', { ...error.info, installCommand, downloadUrl });
  }
}

/** The device view from a helper's hello, with the freshest Netskope state. */
export function helperDevice(hello: HelloReply, netskope: HelloReply['netskope']): DeviceView {
  return {
    platform: hello.platform,
    helper: 'present',
    helperVersion: hello.helperVersion,
    netskope,
  };
}
