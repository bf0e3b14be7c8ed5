import { defineConfig } from '@playwright/test';

/**
 * One worker: each test starts its own Chromium profile, but the suite shares one machine with
 * two cores, and the flows are short. No retries: a flaky flow is a bug to fix, not to hide.
 */
export default defineConfig({
  testDir: './specs',
  outputDir: './artifacts/test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { outputFolder: './artifacts/report', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
