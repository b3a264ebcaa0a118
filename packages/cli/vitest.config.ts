import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each test spawns the built `tok` against real servers on a shared 2-core machine: generous
    // bounds, never reached when it is idle.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
