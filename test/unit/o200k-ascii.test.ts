import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { PieceRanges, firstRanges } from '../../src/engines/first-stage.js';
import { O200K_SOURCE, o200kAsciiMatch } from '../../src/engines/o200k-ascii.js';
import { mulberry32 } from '../../src/core/random.js';

// GPT-4o's first pre-tokenizer stage as its tokenizer.json (src/bundled/gpt4o) writes it, compiled by the library.
const O200K =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const tokenizer = new Tokenizer(
  {
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: O200K }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: null,
    model: { type: 'BPE', vocab: { a: 0 }, merges: [] },
  },
  {},
) as unknown as { pre_tokenizer: { tokenizers: any[] } };
const stage = tokenizer.pre_tokenizer.tokenizers[0];

// Every kind of ASCII character the pattern tells apart (cases, contraction letters, digits,
// each whitespace, \r \n /, punctuation, controls), and non-ASCII ones of each class the regex
// must decide: letters, a combining mark, an apostrophe look-alike, spaces, digits, long s.
const ASCII = "aAbBsStTrReEvVmMlLdDzZ0129'' \t\n\r\u000b\f//.,!?-\"(\u0000\u001f\u007f";
const OTHERS = ['é', 'É', '\u0301', '’', '—', '\u00a0', '\u0085', '\u2028', '²', '٣', 'ſ', '日', '🤗'];

function randomText(random: () => number, withOthers: boolean): string {
  let text = '';
  const length = Math.floor(random() * 24);
  for (let i = 0; i < length; i++)
    text +=
      withOthers && random() < 0.15
        ? OTHERS[Math.floor(random() * OTHERS.length)]!
        : ASCII[Math.floor(random() * ASCII.length)]!;
  return text;
}

describe("o200kAsciiMatch: GPT-4o's pattern on ASCII without the regex", () => {
  it('stands for the pattern the library compiles from tokenizer.json', () => {
    expect(stage.pattern.source).toBe(O200K_SOURCE);
    expect(stage.pattern.flags).toBe('gu');
  });

  it('ends each match where the regex does, and answers for every position of ASCII text', () => {
    const sticky = new RegExp(O200K_SOURCE, 'uy');
    const random = mulberry32(15);
    for (let n = 0; n < 20_000; n++) {
      const withOthers = n % 2 === 1;
      const text = randomText(random, withOthers);
      for (let p = 0; p < text.length; p++) {
        const end = o200kAsciiMatch(text, p);
        sticky.lastIndex = p;
        const expected = sticky.test(text) ? sticky.lastIndex : -2;
        if (end !== -1) expect(end, JSON.stringify([text, p])).toBe(expected);
        else expect(withOthers, `no answer at ${p} of ${JSON.stringify(text)}`).toBe(true);
      }
    }
  });

  it("gives the library's pieces through firstRanges, ASCII or not", () => {
    const ranges = firstRanges(stage)!;
    const found = new PieceRanges();
    const random = mulberry32(16);
    for (let n = 0; n < 5_000; n++) {
      const text = randomText(random, n % 2 === 1);
      ranges(text, found);
      const pieces = Array.from({ length: found.count }, (_, k) => text.slice(found.starts[k], found.ends[k]));
      expect(pieces).toEqual(stage.pre_tokenize(text, { section_index: 0 }));
    }
  });
});
