import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One browser at a time on a 2-core machine; the site tests share one build.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    globalSetup: ['test/helpers/globalSetup.ts'],
  },
});
