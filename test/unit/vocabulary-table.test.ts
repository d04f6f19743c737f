// A bulk run's main thread lets go of the parsed tokenizer.json once the pool's shared table
// holds the vocabulary (LoadedTokenizer.releaseModel): the Vocabulary then reads token strings
// from the table, and must describe every id exactly as it did from the file.

import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { tokenFlags } from '../../src/core/report/token-flags.js';
import type { Vocabulary } from '../../src/core/vocabulary.js';
import { bpeTableOf } from '../../src/engines/bpe-table.js';
import { lazyTokenizer } from '../../src/tokenizers/load.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const TABLED = [
  path.join('tokenizers', 'byte-bpe'),
  path.join('tokenizers', 'sp-bpe-fallback'),
  path.join('tokenizers', 'wordpiece'),
  'mini-bpe',
];

/** Everything a Vocabulary says of an id. */
function described(v: Vocabulary, id: number) {
  const piece = v.pieceOf(id);
  return { piece, has: v.has(id), token: v.describe(id, piece, 0, 0, false) };
}

/** V8's full collection (as tokenizers/heap-bound.ts gets it: no --expose-gc needed). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

describe('a lazy tokenizer released to its shared table', () => {
  for (const fixture of TABLED) {
    it(`${fixture}: describes every id, flags and fingerprint as from tokenizer.json`, () => {
      const folder = path.join(FIXTURES, fixture);
      const tok = lazyTokenizer(folder, 'js');
      const fromFile = tok.vocabulary;
      const fingerprint = lazyTokenizer(folder, 'js').fingerprint;
      const whole = tok.files.tokenizer;
      expect(bpeTableOf(whole).table).toBeDefined();
      tok.releaseModel!();
      const fromTable = tok.vocabulary;
      expect(fromTable).not.toBe(fromFile);
      expect(fromTable.size).toBe(fromFile.size);
      for (let id = -1; id < fromFile.size + 3; id++) expect(described(fromTable, id)).toEqual(described(fromFile, id));
      const eos = fromFile.added.size ? [[...fromFile.added.values()][0]!.content] : [];
      expect(tokenFlags(fromTable, eos)).toEqual(tokenFlags(fromFile, eos));
      expect(tok.fingerprint).toBe(fingerprint);
      // Whoever asks for the whole file later gets it again, read anew.
      expect(tok.files.tokenizer).not.toBe(whole);
      expect(tok.files.tokenizer).toEqual(whole);
    });
  }

  it('keeps no reference to the parsed tokenizer.json (its vocabulary and merges)', async () => {
    const tok = lazyTokenizer(path.join(FIXTURES, 'tokenizers', 'byte-bpe'), 'js');
    const refs = (() => {
      const json = tok.files.tokenizer;
      bpeTableOf(json);
      tok.vocabulary.pieceOf(0);
      void tok.fingerprint;
      return [new WeakRef(json), new WeakRef(json.model.vocab), new WeakRef(json.model.merges)];
    })();
    tok.releaseModel!();
    expect(tok.vocabulary.pieceOf(0)).toBe(tok.vocabulary.pieceOf(0));
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(refs.map((r) => r.deref() === undefined)).toEqual([true, true, true]);
  });

  it('without a table (a Unigram model), keeps the file (nothing else spells its tokens)', () => {
    const tok = lazyTokenizer(path.join(FIXTURES, 'tokenizers', 'unigram'), 'js');
    expect(bpeTableOf(tok.files.tokenizer).table).toBeUndefined();
    const vocabulary = tok.vocabulary;
    const json = tok.files.tokenizer;
    tok.releaseModel!();
    expect(tok.vocabulary).toBe(vocabulary);
    expect(tok.files.tokenizer).toBe(json);
  });
});
