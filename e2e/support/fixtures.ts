import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { launchDevice, type Device, type HelperSetup } from './device.js';
import { startStack, type ProfileVariant, type Stack } from './stack.js';
import type { TestUser } from './users.js';

interface WorkerFixtures {
  variant: ProfileVariant;
  ticketTtlSeconds: number;
  stack: Stack;
}

interface TestFixtures {
  /** Launches a device for a user; closed when the test ends. */
  device: (
    user: TestUser,
    helper?: HelperSetup,
    policy?: Record<string, unknown>,
  ) => Promise<Device>;
}

/**
 * The suite's fixtures: one server and OpenID provider per worker (per option set), and a fresh
 * Chromium profile, helper key and simulated Netskope client per device.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  variant: ['releases', { scope: 'worker', option: true }],
  ticketTtlSeconds: [600, { scope: 'worker', option: true }],
  stack: [
    async ({ variant, ticketTtlSeconds }, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-stack-'));
      const stack = await startStack(dir, { variant, ticketTtlSeconds });
      await use(stack);
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  device: async ({ stack }, use) => {
    const devices: Device[] = [];
    const dirs: string[] = [];
    await use(async (user, helper = 'installed', policy) => {
      const dir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-device-'));
      dirs.push(dir);
      const device = await launchDevice({ stack, user, helper, dir, policy });
      devices.push(device);
      return device;
    });
    for (const device of devices) await device.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
