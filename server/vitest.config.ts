import { defineConfig } from 'vitest/config';

// Vitest reads this file; it demands a default export.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
