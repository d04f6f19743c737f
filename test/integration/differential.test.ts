// The js engine's offsets are computed by tokpeek; the Rust binding reports its own. Wherever
// the two engines produce the same ids, tokpeek's token models must be identical: offsets,
// flags and texts. Where the engines disagree on ids, the samples are listed, never hidden.

import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED } from '../../src/tokenizers/bundled.js';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { visible } from '../../src/render/visible.js';
import { multilingualSamples } from '../support/multilingual-corpus.js';
import { tokenModelRows } from '../support/token-model-rows.js';

const SAMPLES = multilingualSamples(10_000, 20261127);
const FIXTURES = ['byte-bpe', 'sp-bpe-fallback', 'wordpiece', 'unigram'].map((f) =>
  path.resolve(__dirname, '..', 'fixtures', 'tokenizers', f),
);
const disagreements: string[] = [];

describe.each([...BUNDLED.map((b) => b.name), ...FIXTURES])('js vs rust: %s', (spec) => {
  it(`agrees on offsets and flags wherever ids agree (${SAMPLES.length} samples)`, async () => {
    const [js, rust] = await Promise.all([loadTokenizer(spec, 'js'), loadTokenizer(spec, 'rust')]);
    const [a, b] = await Promise.all([tokenizeTexts(js, SAMPLES), tokenizeTexts(rust, SAMPLES)]);
    let compared = 0;
    let idDisagreements = 0;
    const offsetMismatches: string[] = [];
    const malformed: string[] = [];
    SAMPLES.forEach((text, i) => {
      const x = a[i]!;
      const y = b[i]!;
      // Offsets are well-formed UTF-16 ranges of the text for both engines.
      for (const t of [...x.tokens, ...y.tokens]) {
        if (!(t.start >= 0 && t.start <= t.end && t.end <= text.length))
          malformed.push(`${visible(text)}: ${t.id} [${t.start}, ${t.end})`);
      }
      const idsX = x.tokens.map((t) => t.id).join(' ');
      const idsY = y.tokens.map((t) => t.id).join(' ');
      if (idsX !== idsY) {
        idDisagreements++;
        disagreements.push(
          `${path.basename(spec)}: ${visible(text)}\n    js:   ${x.tokens.map((t) => visible(t.text)).join('|')}\n    rust: ${y.tokens.map((t) => visible(t.text)).join('|')}`,
        );
        return;
      }
      compared++;
      const mx = tokenModelRows(x);
      const my = tokenModelRows(y);
      if (mx.join('\n') !== my.join('\n'))
        offsetMismatches.push(`${visible(text)}\n  js:   ${mx.join(' ')}\n  rust: ${my.join(' ')}`);
    });
    expect(malformed.slice(0, 5)).toEqual([]);
    expect(offsetMismatches.slice(0, 5)).toEqual([]);
    expect(offsetMismatches.length).toBe(0);
    // Byte-level and SentencePiece-style files agree on ids here (a regression guard for loading);
    // the WordPiece ones disagree on astral CJK characters, a known bug of the JS BertNormalizer.
    if (!/wordpiece/.test(spec)) expect(idDisagreements).toBe(0);
    // The engines agree on the overwhelming majority; a collapse here means a loading bug, not a rare input.
    expect(compared).toBeGreaterThan(SAMPLES.length * 0.95);
  });
});

afterAll(() => {
  // Listed for the reader of the test log: these are real engine disagreements.
  console.log(`\nEngine id disagreements (js vs rust): ${disagreements.length}\n${disagreements.join('\n')}`);
});
