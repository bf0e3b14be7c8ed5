import { defineConfig } from 'vitest/config';

// Tests spawn real helper, simulator and server processes; give them room on two cores.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'simulator/**/*.test.mts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
