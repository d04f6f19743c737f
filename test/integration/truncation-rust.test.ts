// `--max-length N` keeps what the Rust reference keeps, for N from 0 to 5 (below, at and above
// the number of special tokens the template adds) on every bundled tokenizer, on both sides,
// with the js and rust engines: the reference is the Rust binding's own truncation.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { keptTokens } from '../../src/core/truncation.js';
import { BUNDLED } from '../../src/tokenizers/bundled.js';
import { loadTokenizer, resolveSpec, tokenizeTexts } from '../../src/tokenizers/load.js';
import { fidelitySamples } from '../support/fidelity-samples.js';
import { multilingualSamples } from '../support/multilingual-corpus.js';
import { runCli } from '../support/run-cli.js';

const require = createRequire(import.meta.url);
const { Tokenizer } = require('tokenizers') as typeof import('tokenizers');
const TEXTS = [' ', 'x', 'unbelievable whales swim', ...fidelitySamples(40, 5), ...multilingualSamples(160, 9)];
const SIDES = ['right', 'left'] as const;
const ids = (tokens: ReadonlyArray<{ id: number }>) => tokens.map((t) => t.id).join(' ');

describe.each(BUNDLED.map((b) => b.name))('truncation below, at and above the template: %s', (name) => {
  it('equals the Rust binding with truncation on, for N = 0..5, both sides, js and rust engines', async () => {
    const [js, rust] = await Promise.all([loadTokenizer(name, 'js'), loadTokenizer(name, 'rust')]);
    const reference = Tokenizer.fromFile(resolveSpec(name, process.env).tokenizerPath);
    const untruncated = (await tokenizeTexts(rust, TEXTS)).map((s) => ids(s.tokens));
    const differences: string[] = [];
    let compared = 0;
    for (const side of SIDES)
      for (let n = 0; n <= 5; n++) {
        reference.setTruncation(n, { direction: side });
        const expected = (await reference.encodeBatch(TEXTS, { addSpecialTokens: true })).map((e) =>
          e.getIds().join(' '),
        );
        for (const t of [js, rust]) {
          const samples = await tokenizeTexts(t, TEXTS, { maxLength: n, truncationSide: side });
          samples.forEach((s, i) => {
            // Where the engines disagree on the whole text, truncation cannot agree either.
            if (ids(s.tokens) !== untruncated[i]) return;
            compared++;
            const got = ids(keptTokens(s.tokens, s.truncation));
            if (got !== expected[i])
              differences.push(`${t.engine.name} ${side} N=${n} ${JSON.stringify(TEXTS[i])}: ${got} ≠ ${expected[i]}`);
          });
        }
      }
    expect(differences.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(TEXTS.length * 12 * 2 * 0.9);
  });
});

it('show --max-length below the template: no internal error, the specials stay', async () => {
  const r = await runCli(['show', ' ', '-t', 'wordpiece-en', '--max-length', '1']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('⟦+[CLS\\]⟧⟦+[SEP\\]⟧');
  const word = await runCli(['show', 'unbelievable whales swim', '-t', 'wordpiece-en', '--max-length', '0']);
  expect(word.stdout).toMatch(/^⟦\+\[CLS\\\]⟧\[unb\]\[el\]\[ie\]\[v\] ?\[able\]\|✂ max_length=0\|/);
});

describe.each(BUNDLED.map((b) => b.name))('show --max-length N through the binary: %s', (name) => {
  // What `show --ids-only` prints is what the model sees: the ids the Rust binding keeps.
  const text = 'Héllo wörld, unbelievable 😀 whales';
  it('prints the ids the Rust binding keeps, for N = 0..5', async () => {
    const reference = Tokenizer.fromFile(resolveSpec(name, process.env).tokenizerPath);
    for (let n = 0; n <= 5; n++) {
      reference.setTruncation(n, { direction: 'right' });
      const [expected] = await reference.encodeBatch([text], { addSpecialTokens: true });
      const r = await runCli(['show', text, '-t', name, '--max-length', String(n), '--ids-only']);
      expect(r.code, r.stderr).toBe(0);
      expect(`N=${n} ${r.stdout.trim()}`).toBe(`N=${n} ${expected!.getIds().join(' ')}`);
    }
  });
});
