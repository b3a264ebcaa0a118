import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each file starts its own servers on random ports; a few files at once is plenty on 2 cores.
    maxWorkers: 2,
    testTimeout: 10_000,
  },
});
