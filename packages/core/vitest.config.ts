import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
    // Real servers and RSA key generation on a shared 2-core machine: generous, never hit when idle.
    testTimeout: 30_000,
  },
});
