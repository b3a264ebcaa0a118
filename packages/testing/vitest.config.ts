import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'examples/vitest.test.ts'],
    // Real servers and a child process on a shared 2-core machine: generous, never hit when it is idle.
    testTimeout: 30_000,
  },
});
