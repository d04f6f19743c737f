// The test support itself: a child that does not finish is killed, and the test fails saying so.

import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('runCli', () => {
  it('kills a child that outlives its time and fails with the command and its output', async () => {
    // 50 ms is less than Node takes to start: the run is killed before it can finish.
    await expect(runCli(['tokenizers'], { timeoutMs: 50 })).rejects.toThrow(
      /^tokpeek tokenizers did not finish in 0\.05 s and was killed\n--- stdout/,
    );
  });
});
