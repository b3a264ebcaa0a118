import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['check/__tests__/*.test.ts', 'runner/__tests__/*.test.ts'],
  },
});
