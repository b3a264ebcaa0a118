import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real servers and child processes on a shared 2-core machine: generous, never hit when it is idle.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'ky 1',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/ky2.test.ts', 'src/**/ky2.*.test.ts'],
          typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
        },
      },
      {
        // The package imports `ky`: here that is ky 2, as for a user who has ky 2 installed, so
        // that token requests of the shared suite go through ky 2 too, not only API requests.
        extends: true,
        resolve: { alias: [{ find: /^ky$/, replacement: 'ky2' }] },
        test: { name: 'ky 2', include: ['src/**/ky2.test.ts', 'src/**/ky2.*.test.ts'] },
      },
    ],
  },
});
