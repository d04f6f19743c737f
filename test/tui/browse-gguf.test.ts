// A GGUF beside its HF source in the browse screen, in a real pseudo-terminal: the serving
// runtime (llama.cpp) and the training one side by side on the same sample.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findBundled } from '../../src/tokenizers/bundled.js';
import { writeGgufFromHfFolder } from '../support/gguf-from-hf.js';
import { spawnTui } from '../support/pty.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-tui-gguf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('compares a GGUF with the HF tokenizer it came from, one above the other', async () => {
  writeGgufFromHfFolder(findBundled('mistral')!.folder(), path.join(dir, 'mistral.gguf'));
  fs.writeFileSync(path.join(dir, 'corpus.txt'), 'Café 🤗 naïve </s> tokenization\n');
  const t = spawnTui(['corpus.txt', '-t', 'mistral', '-t', 'mistral.gguf'], { cols: 140, rows: 40, cwd: dir });
  try {
    // Each side is tokenized by its own worker: wait for both, in whichever order they finish.
    await t.waitFor(
      (s) => / B mistral\.gguf llama\.cpp · \d+ tokens/.test(s.text()) && / A mistral js · \d+ tokens/.test(s.text()),
    );
    const text = t.screen.text();
    // Same ids on both sides: equal counts and no differing span.
    const counts = /(\d+) ↔ (\d+) tokens/.exec(text);
    expect(counts).not.toBeNull();
    expect(counts![1]).toBe(counts![2]);
    expect(text).not.toMatch(/spans? differ/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  } finally {
    t.kill();
  }
});
