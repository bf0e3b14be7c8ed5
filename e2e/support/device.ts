import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { EXTENSION_ID } from '@latchkey/shared';
import { CHROMIUM, EXTENSION_DIST, GATED_HOST, HELPER, SIMULATOR } from './paths.js';
import { run } from './processes.js';
import { TENANT, type Stack } from './stack.js';
import type { TestUser } from './users.js';

/**
 * How the device helper is present: `installed` registers the real helper in the browser
 * profile; `gated` registers it behind a gate that holds the hand-off until the test opens it;
 * `missing` registers nothing.
 */
export type HelperSetup = 'installed' | 'gated' | 'missing';

export interface DeviceOptions {
  stack: Stack;
  user: TestUser;
  helper: HelperSetup;
  dir: string;
  /** Extra policy values, as an admin would set them. */
  policy?: Record<string, unknown>;
}

/** One simulated device: a Chromium profile with the extension, helper and Netskope client. */
export interface Device {
  context: BrowserContext;
  extensionId: string;
  simRoot: string;
  gateDir: string;
  helperEnv: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

interface ChromeStorage {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  `--disable-extensions-except=${EXTENSION_DIST}`,
  `--load-extension=${EXTENSION_DIST}`,
];

/** The simulated tenant, enforcing its encryption token, whose IdP login yields `email`. */
function writeTenant(simRoot: string, email: string) {
  mkdirSync(simRoot, { recursive: true });
  const tenant = {
    name: TENANT.name,
    domain: TENANT.domain,
    orgKey: TENANT.orgKey,
    clientRelease: 'R124',
    clientVersion: '124.0.0.2020',
    tokenSets: [{ ...TENANT.tokenSet, enforced: true }],
    idpUser: email,
  };
  writeFileSync(join(simRoot, 'tenant.json'), JSON.stringify(tenant, null, 2));
}

async function registerHelper(profileDir: string, setup: HelperSetup, env: NodeJS.ProcessEnv) {
  if (setup === 'missing') return;
  const hostPath = setup === 'gated' ? GATED_HOST : HELPER;
  const args = ['install', '--browser', 'chromium'];
  args.push('--browser-dir', join(profileDir, 'NativeMessagingHosts'), '--host-path', hostPath);
  const result = await run(HELPER, args, { env });
  if (result.code !== 0) throw new Error(`latchkey-host install failed: ${result.stderr}`);
}

/** A machine's helper settings and simulated Netskope client, whose IdP login yields `email`. */
export function prepareMachine(dir: string, email: string) {
  const simRoot = join(dir, 'netskope');
  const gateDir = join(dir, 'gate');
  mkdirSync(gateDir, { recursive: true, mode: 0o700 });
  writeTenant(simRoot, email);
  const helperEnv: NodeJS.ProcessEnv = {
    ...process.env,
    LATCHKEY_HOST_CONFIG_DIR: join(dir, 'helper-config'),
    LATCHKEY_NETSKOPE_ROOT: simRoot,
    LATCHKEY_NETSKOPE_INSTALLER: join(SIMULATOR, 'NSClient.run'),
    LATCHKEY_ELEVATE: 'none',
    NETSKOPE_SIM_ROOT: simRoot,
    LATCHKEY_E2E_REAL_HOST: HELPER,
    LATCHKEY_E2E_GATE_DIR: gateDir,
  };
  return { simRoot, gateDir, helperEnv };
}

/** Launches a device for one user; the extension is pointed at the stack's server. */
export async function launchDevice(options: DeviceOptions): Promise<Device> {
  const profileDir = join(options.dir, 'profile');
  const { simRoot, gateDir, helperEnv } = prepareMachine(options.dir, options.user.email);
  await registerHelper(profileDir, options.helper, helperEnv);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: helperEnv as Record<string, string>,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  // Settings go in through the extension's own storage API, as the options page would put them.
  await worker.evaluate(
    async (policy) => {
      const api = (globalThis as unknown as { chrome: ChromeStorage }).chrome;
      await api.storage.local.set(policy);
    },
    { ...options.policy, serverUrl: options.stack.serverUrl },
  );
  return {
    context,
    extensionId,
    simRoot,
    gateDir,
    helperEnv,
    close: () => context.close(),
  };
}

/** Opens the popup in a tab (an action popup is not a page Playwright can drive). */
export async function openPopup(device: Device): Promise<Page> {
  const page = await device.context.newPage();
  // Roughly the size Chrome gives an action popup.
  await page.setViewportSize({ width: 400, height: 640 });
  await page.goto(`chrome-extension://${device.extensionId}/popup.html`);
  return page;
}

/** True when the extension loaded with the id its manifest key fixes. */
export function hasFixedId(device: Device): boolean {
  return device.extensionId === EXTENSION_ID;
}

/** Lets a gated hand-off go on. */
export function openGate(device: Device) {
  writeFileSync(join(device.gateDir, 'release'), '');
}
