// Three test tiers as vitest projects (see docs/testing.md):
//   unit         pure code on hand-made fixtures (test/fixtures); no real tokenizer, no process: the inner loop
//   integration  the real bin/tokpeek, and in-process code, on real tokenizers and real text
//   tui          the terminal screens in a pseudo-terminal (@lydell/node-pty)
// `npm run test:unit` runs the first; `npm test` type-checks, lints and runs all three.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // CI machines have 2 cores; the differential and pool tests use worker threads themselves.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The guard fails a unit test that spawns a process or reads a real tokenizer.
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          setupFiles: ['test/support/unit-tier-guard.ts'],
          testTimeout: 10_000,
        },
      },
      {
        extends: true,
        // Spawning the binary and loading real tokenizers take hundreds of ms each on a busy machine.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'tui', include: ['test/tui/**/*.test.{ts,tsx}'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
});
