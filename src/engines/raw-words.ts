// Raw words: how BERT-style pipelines (BertNormalizer + BertPreTokenizer + WordPiece) cut a text
// for the bulk path: tokpeek's WordPiece (wordpiece-fast.ts) and, where that does not apply, the
// memo path's key. There the normaliser, not the model, is where the library spends its time (it
// builds an array of one-character strings and runs a regex per character), and it runs on the
// whole text before any pre-token exists. So the memo is keyed one step earlier, on the text's
// runs between whitespace, and each distinct run goes once through the library's own normaliser,
// pre-tokenizer and model.
//
// That gives the library's ids because of what holds for these components (each checked here per
// tokenizer, on the library's own instances, or the tokenizer keeps the pre-token memo):
//  - the separators are the whitespace characters the normaliser turns into whitespace (not the
//    controls it deletes, like U+000B or U+0085, which join their neighbours into one run);
//  - the pre-tokenizer drops whitespace, so no pre-token spans a separator;
//  - the BertNormalizer works character by character (control removal, spaces around CJK,
//    accents stripped after NFD) except lowercasing's final sigma and NFD's mark reordering,
//    whose contexts stop at any whitespace character (neither cased, case-ignorable nor a mark).
// The differential test (bulk-differential.test.ts) checks the result against the Rust
// reference and the engine's own encode on every `npm test`.

import type { JsTokenizerInternals } from './js-internals.js';

const NORMALIZERS = new Set(['BertNormalizer']);
const PRE_TOKENIZERS = new Set(['BertPreTokenizer']);

/**
 * The normaliser's separators (1 at each such UTF-16 code unit), or undefined when this
 * tokenizer's normaliser and pre-tokenizer are not ones the raw-word memo covers.
 */
export function rawWordSeparators(t: JsTokenizerInternals, json: Record<string, any>): Uint8Array | undefined {
  if (json.normalizer && !NORMALIZERS.has(json.normalizer.type)) return undefined;
  if (!PRE_TOKENIZERS.has(json.pre_tokenizer?.type) || !t.pre_tokenizer) return undefined;
  // Added tokens matched after normalisation would have to be looked for across runs.
  if ((json.added_tokens ?? []).some((a: { normalized?: boolean }) => a.normalized)) return undefined;
  const normalize = (s: string) => (t.normalizer ? (t.normalizer as unknown as (s: string) => string)(s) : s);
  const preTokenize = t.pre_tokenizer;
  const separators = new Uint8Array(0x10000);
  let any = false;
  for (let cp = 0; cp < 0x10000; cp++) {
    const c = String.fromCharCode(cp);
    if (!/\s/u.test(c)) continue;
    // Turned into whitespace (not deleted), and dropped between two words by the pre-tokenizer.
    if (!/^\s+$/u.test(normalize(c))) continue;
    const words = preTokenize(normalize(`a${c}b`));
    if (words.length !== 2 || words[0] !== 'a' || words[1] !== 'b') return undefined;
    separators[cp] = 1;
    any = true;
  }
  return any ? separators : undefined;
}

/** ASCII letters and digits: the characters the BertPreTokenizer keeps together (every other printable ASCII character is punctuation to it). */
export const ASCII_WORD = /^[0-9A-Za-z]$/;

/**
 * How this tokenizer's normaliser and pre-tokenizer treat a raw word of printable ASCII
 * (U+0021–U+007E), checked character by character on the library's own instances: the
 * BertNormalizer changes such a character only by lowercasing (its cleanup, CJK spacing and
 * accent stripping leave it alone), and the BertPreTokenizer keeps letters and digits together
 * and isolates every other character, as the Rust reference's is_bert_punc does (ASCII
 * punctuation includes $+<=>^`|~). Undefined when either does something else.
 */
export function asciiWords(t: JsTokenizerInternals): { lower: boolean } | undefined {
  const normalize = (s: string) => (t.normalizer ? (t.normalizer as unknown as (s: string) => string)(s) : s);
  const preTokenize = t.pre_tokenizer;
  if (!preTokenize) return undefined;
  const lower = normalize('A') === 'a';
  let all = '';
  for (let cp = 0x21; cp <= 0x7e; cp++) all += String.fromCharCode(cp);
  if (normalize(all) !== (lower ? all.toLowerCase() : all)) return undefined;
  for (let cp = 0x21; cp <= 0x7e; cp++) {
    const c = String.fromCharCode(cp);
    const expected = lower ? c.toLowerCase() : c;
    if (normalize(c) !== expected) return undefined;
    const words = preTokenize(`x${expected}y`);
    const want = ASCII_WORD.test(c) ? [`x${expected}y`] : ['x', expected, 'y'];
    if (words.length !== want.length || words.some((w, i) => w !== want[i])) return undefined;
  }
  return { lower };
}
