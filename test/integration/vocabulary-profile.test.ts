// A pool worker sends a vocabulary profile and the pieces it meets, so that the main thread
// can spell tokens without parsing tokenizer.json: the profile must describe every token
// exactly as the whole file does.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vocabulary, vocabularyProfile } from '../../src/core/vocabulary.js';
import { BUNDLED } from '../../src/tokenizers/bundled.js';
import { readTokenizerFiles } from '../../src/tokenizers/load.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'tokenizers');
const files = [
  ...['byte-bpe', 'sp-bpe-fallback', 'wordpiece', 'unigram'].map(
    (f) => [f, path.join(FIXTURES, f, 'tokenizer.json')] as const,
  ),
  ...BUNDLED.map((b) => [b.name, path.join(b.folder(), 'tokenizer.json')] as const),
];

describe('vocabularyProfile', () => {
  it.each(files)(
    '%s: describes every token as the whole tokenizer.json does, in a small fraction of its size',
    (_, file) => {
      const json = readTokenizerFiles(file).tokenizer;
      const whole = new Vocabulary(json);
      const profile = vocabularyProfile(json);
      const light = new Vocabulary(structuredClone(profile));
      expect(light.unkId).toBe(whole.unkId);
      const size = Array.isArray(json.model.vocab) ? json.model.vocab.length : Object.keys(json.model.vocab).length;
      const ids = [
        ...Array.from({ length: Math.min(size, 3000) }, (_, i) => i),
        ...Array.from({ length: 2000 }, (_, i) => Math.floor((i * 7919) % size)),
        ...whole.added.keys(),
      ];
      for (const id of ids) {
        const piece = whole.pieceOf(id);
        for (const inserted of [false, true])
          expect(light.describe(id, piece, 0, 0, inserted)).toEqual(whole.describe(id, piece, 0, 0, inserted));
      }
      if (size > 10_000) expect(JSON.stringify(profile).length).toBeLessThan(JSON.stringify(json).length / 20);
    },
  );
});
