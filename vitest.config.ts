import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests spawn the real binary and load real tokenizers (hundreds of ms each).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // CI machines have 2 cores; the differential and pool tests use worker threads themselves.
    maxWorkers: 2,
  },
});
