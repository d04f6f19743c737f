import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { PieceRanges, firstRanges, firstStage } from '../../src/engines/first-stage.js';

// GPT-4o's (o200k) split pattern, as its tokenizer.json writes it.
const O200K =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** The library's first pre-tokenizer stage of a tokenizer.json with this pre_tokenizer (a Sequence's first). */
function stageOf(pre: Record<string, unknown>) {
  const json = {
    version: '1.0',
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [pre, { type: 'ByteLevel', add_prefix_space: false, use_regex: false }],
    },
    post_processor: null,
    decoder: null,
    model: { type: 'BPE', vocab: { a: 0 }, merges: [] },
  };
  const t = new Tokenizer(json, {}) as unknown as { pre_tokenizer: { tokenizers: any[] } };
  return t.pre_tokenizer.tokenizers[0];
}

const TEXTS = [
  '',
  "Hello, world! It's 2026 and we're   here.\n\n  Next line\r\n",
  '🤗 emoji👍🏽 and ZWJ 👩‍👩‍👧 family',
  'lone \ud800 surrogate \udc00 and pair \ud83d\ude00',
  '日本語のテキスト、中文文本。한국어 텍스트',
  '   leading and trailing   ',
  '\t\u00a0\u2003mixed\u200bspaces\u3000',
  'x'.repeat(300) + ' 1234567 ' + '.'.repeat(50),
  "DON'T STOP 'EM 'll",
];

describe("firstStage: the library's pre_tokenize, faster", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['o200k Split, isolated', { type: 'Split', pattern: { Regex: O200K }, behavior: 'Isolated', invert: false }],
    // GPT-4o's own: only the matches are kept.
    ['o200k Split, inverted', { type: 'Split', pattern: { Regex: O200K }, behavior: 'Removed', invert: true }],
    ['inverted, with gaps', { type: 'Split', pattern: { Regex: '[a-z]+' }, behavior: 'Removed', invert: true }],
    [
      'inverted, with empty matches',
      { type: 'Split', pattern: { Regex: '\\b|o*' }, behavior: 'Removed', invert: true },
    ],
    [
      'a regex with empty matches',
      { type: 'Split', pattern: { Regex: '\\b|x*' }, behavior: 'Isolated', invert: false },
    ],
    [
      'an empty match beside a surrogate pair',
      { type: 'Split', pattern: { Regex: '(?=\\p{So})' }, behavior: 'Isolated', invert: false },
    ],
    ['a string pattern', { type: 'Split', pattern: { String: ' ' }, behavior: 'Isolated', invert: false }],
    ['invert', { type: 'Split', pattern: { Regex: '\\p{L}+' }, behavior: 'Isolated', invert: true }],
    ['removed', { type: 'Split', pattern: { Regex: '\\s+' }, behavior: 'Removed', invert: false }],
    [
      'merged with previous',
      { type: 'Split', pattern: { Regex: '\\s+' }, behavior: 'MergedWithPrevious', invert: false },
    ],
    ['Whitespace', { type: 'Whitespace' }],
    ['Metaspace', { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }],
    ['ByteLevel with its regex', { type: 'ByteLevel', add_prefix_space: true, use_regex: true }],
    ['BertPreTokenizer', { type: 'BertPreTokenizer' }],
    ['Digits', { type: 'Digits', individual_digits: true }],
  ];
  for (const [name, pre] of cases)
    it(`gives the same pieces: ${name}`, () => {
      const stage = stageOf(pre);
      const fast = firstStage(stage);
      for (const text of TEXTS)
        for (const options of [{ section_index: 0 }, { section_index: 1 }])
          expect(fast(text, options)).toEqual(stage.pre_tokenize(text, options));
    });

  it("gives the places of a Split's pieces, without making them", () => {
    const found = new PieceRanges();
    let splits = 0;
    for (const [, pre] of cases) {
      const stage = stageOf(pre);
      const ranges = firstRanges(stage);
      // Every Split with a regex has them, except one that removes its matches.
      expect(Boolean(ranges)).toBe(pre.type === 'Split' && !(pre.behavior === 'Removed' && !pre.invert));
      if (!ranges) continue;
      splits++;
      // More pieces than the ranges start with: they grow.
      for (const text of [...TEXTS, 'a, '.repeat(400)]) {
        ranges(text, found);
        const pieces = Array.from({ length: found.count }, (_, k) => text.slice(found.starts[k], found.ends[k]));
        expect(pieces).toEqual(stage.pre_tokenize(text, { section_index: 0 }));
      }
    }
    expect(splits).toBe(9);
  });

  it('calls a stage that defines its own pre_tokenize as it is', () => {
    const stage = {
      pre_tokenize: (text: string) => [`<${text}>`],
      pre_tokenize_text: () => {
        throw new Error('not this');
      },
    };
    expect(firstStage(stage)('a', {})).toEqual(['<a>']);
  });
});
