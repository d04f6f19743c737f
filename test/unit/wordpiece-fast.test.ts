// tokpeek's WordPiece (engines/wordpiece-fast.ts) on WordPiece tokenizers with unusual settings
// (test/fixtures/wordpiece-variants, written by test/tools/build-wordpiece-variants.mjs): another
// subword prefix, an empty one, max_input_chars_per_word 5, cased, accents stripped without
// lowercasing, no cleanup, no normaliser, an added token outside the vocabulary that strips
// the spaces beside it. On each, the bulk path (in this thread, and as a pool worker builds it
// over the shared table without the vocabulary) gives exactly the library's encode, and the
// Rust reference's ids wherever the library does.

import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer as JsTokenizer } from '@huggingface/tokenizers';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random.js';
import { visible } from '../../src/core/visible.js';
import type { Engine } from '../../src/engines/engine.js';
import { createTableJsEngine } from '../../src/engines/js.js';
import { bpeTableOf } from '../../src/engines/bpe-table.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { multilingualSamples } from '../support/multilingual-corpus.js';

const VARIANTS = path.resolve(__dirname, '..', 'fixtures', 'wordpiece-variants');
const NAMES = fs.readdirSync(VARIANTS).sort();

/** Words made of the fixtures' own characters, in runs longer and shorter than 5, with their edge cases. */
function vocabularySamples(count: number, seed: number): string[] {
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éÉßẞöÖıİσΣςπ東京字'];
  const pieces = [
    () => Array.from({ length: 1 + Math.floor(rng() * 9) }, () => pick(letters)).join(''),
    () =>
      pick(['the', 'The', 'THE', 'unbelievable', 'hellos', 'worlds', 'naïve', 'NAÏVE', 'Café', 'STRASSE', 'straße']),
    () => pick([...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~']),
    () => pick(['@@e', '##e', 'e\u0301', '\u0301', '😀', '\u00a0', '\u200b', '\u000b', '\u0085', '\ufeff', '\u0000']),
    () => pick(['[CLS]', '[MASK]', ' [SEP] ', '<new>', ' <new> ', 'x<new>y']),
  ];
  const spaces = [' ', ' ', ' ', '  ', '\t', '\n', '\u3000', ''];
  return Array.from({ length: count }, () => {
    let s = '';
    for (let n = 1 + Math.floor(rng() * 10); n > 0; n--) s += pick(pieces)() + pick(spaces);
    return s;
  });
}

const OWN = vocabularySamples(1_500, 15);
const SAMPLES = [...OWN, ...multilingualSamples(1_000, 1515)];
// Where the library is not Rust on the fixtures' own characters: its whitespace (JS \s holds
// U+FEFF and not U+0085, Rust's is_whitespace the reverse; with no cleanup to delete them, its
// BertPreTokenizer splits elsewhere), and its lowercasing, which turns a word-final Σ into ς
// where Rust's BertNormalizer lowercases character by character (σ).
const LIBRARY_APART = /[\u0085\ufeffΣ]/;

describe.each(NAMES)("tokpeek's WordPiece on the %s fixture", (name) => {
  it("gives the library's ids, and the Rust reference's wherever the library does", async () => {
    const dir = path.join(VARIANTS, name);
    const js = await loadTokenizer(dir, 'js');
    expect(js.engine.bulkPath?.path, js.engine.bulkPath?.reason).toBe('table');
    const json = js.files.tokenizer;
    const { table } = bpeTableOf(json);
    const worker = createTableJsEngine({ ...json, model: { ...json.model, vocab: {}, merges: [] } }, {}, table!, () =>
      Promise.resolve(js.engine as Engine),
    );
    const library = new JsTokenizer(json, {});
    const rust = RustTokenizer.fromString(JSON.stringify(json));
    const apart: string[] = [];
    for (const add of [true, false]) {
      const ours = await js.engine.encodeBatch(SAMPLES, add, { offsets: false });
      const workers = await worker.encodeBatch(SAMPLES, add, { offsets: false });
      const reference = await rust.encodeBatch(SAMPLES, { addSpecialTokens: add });
      for (const [i, text] of SAMPLES.entries()) {
        const theirs = library.encode(text, { add_special_tokens: add }).ids;
        expect(ours[i]!.ids, visible(text)).toEqual(theirs);
        expect(workers[i]!.ids, visible(text)).toEqual(theirs);
        if (reference[i]!.getIds().join() !== theirs.join()) apart.push(text);
      }
    }
    // What show and browse draw asks for offsets: the engine's offset replay, not the table path.
    const shown = await js.engine.encodeBatch(SAMPLES.slice(0, 200), true);
    for (const [i, e] of shown.entries()) {
      expect(e.offsets, visible(SAMPLES[i]!)).toHaveLength(e.ids.length);
      expect(e.ids).toEqual(library.encode(SAMPLES[i]!).ids);
    }
    // The library's own differences from Rust: on the fixtures' own characters only its
    // whitespace; on the multilingual half also its BertNormalizer (astral CJK, new marks: FACTS.md).
    const own = new Set(OWN);
    expect(apart.filter((t) => own.has(t) && !LIBRARY_APART.test(t)).map((t) => visible(t))).toEqual([]);
    expect(apart.filter((t) => !own.has(t)).length).toBeLessThan(SAMPLES.length * 0.1);
  });
});
