// Ids, offsets and flags pinned on small hand-made tokenizers of every model type.
// Both engines must produce exactly the same token model.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineName, Token } from '../../src/core/token-model.js';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'tokenizers');

type Row = [id: number, text: string, start: number, end: number, flags: string];

function rows(tokens: Token[]): Row[] {
  return tokens.map((t) => [
    t.id,
    t.text,
    t.start,
    t.end,
    [
      t.special && 'special',
      t.inserted && 'inserted',
      t.unknown && 'unknown',
      t.byteFallback && 'byteFallback',
      t.partial && 'partial',
    ]
      .filter(Boolean)
      .join(','),
  ]);
}

const CASES: Array<{ fixture: string; text: string; expected: Row[] }> = [
  {
    fixture: 'byte-bpe',
    text: 'hello the world',
    expected: [
      [300, '<|bos|>', 0, 0, 'special,inserted'],
      [257, 'he', 0, 2, ''],
      [259, 'll', 2, 4, ''],
      [111, 'o', 4, 5, ''],
      [258, ' the', 5, 9, ''],
      [263, ' w', 9, 11, ''],
      [111, 'o', 11, 12, ''],
      [114, 'r', 12, 13, ''],
      [108, 'l', 13, 14, ''],
      [100, 'd', 14, 15, ''],
    ],
  },
  {
    // The emoji is one code point, two UTF-16 units, four byte tokens: each holds part of it and spans all of it.
    fixture: 'byte-bpe',
    text: 'a🤗',
    expected: [
      [300, '<|bos|>', 0, 0, 'special,inserted'],
      [97, 'a', 0, 1, ''],
      [240, '\\xF0', 1, 3, 'partial'],
      [159, '\\x9F', 1, 3, 'partial'],
      [164, '\\xA4', 1, 3, 'partial'],
      [151, '\\x97', 1, 3, 'partial'],
    ],
  },
  {
    // Metaspace prepends ▁: the first token's span starts at the text, not before it.
    fixture: 'sp-bpe-fallback',
    text: 'hello world',
    expected: [
      [1, '<s>', 0, 0, 'special,inserted'],
      [275, ' hello', 0, 5, ''],
      [279, ' world', 5, 11, ''],
      [2, '</s>', 0, 0, 'special,inserted'],
    ],
  },
  {
    fixture: 'sp-bpe-fallback',
    text: 'hé🤗',
    expected: [
      [1, '<s>', 0, 0, 'special,inserted'],
      [271, ' h', 0, 1, ''],
      [198, '\\xC3', 1, 2, 'byteFallback,partial'],
      [172, '\\xA9', 1, 2, 'byteFallback,partial'],
      [243, '\\xF0', 2, 4, 'byteFallback,partial'],
      [162, '\\x9F', 2, 4, 'byteFallback,partial'],
      [167, '\\xA4', 2, 4, 'byteFallback,partial'],
      [154, '\\x97', 2, 4, 'byteFallback,partial'],
      [2, '</s>', 0, 0, 'special,inserted'],
    ],
  },
  {
    // Lowercasing and accent stripping keep each character's span; the CJK character is [UNK].
    fixture: 'wordpiece',
    text: 'Café unbelievable, 中!',
    expected: [
      [2, '[CLS]', 0, 0, 'special,inserted'],
      [6, 'cafe', 0, 4, ''],
      [7, 'un', 5, 7, ''],
      [8, 'believ', 7, 13, ''],
      [9, 'able', 13, 17, ''],
      [13, ',', 17, 18, ''],
      [1, '[UNK]', 19, 20, 'special,unknown'],
      [12, '!', 20, 21, ''],
      [3, '[SEP]', 0, 0, 'special,inserted'],
    ],
  },
  {
    // NFKC turns the ligature into two letters that both come from it; é is not in the vocabulary.
    fixture: 'unigram',
    text: 'ﬁ café',
    expected: [
      [2, ' ', 0, 1, ''],
      [21, 'fi', 0, 1, ''],
      [4, ' ca', 1, 4, ''],
      [13, 'f', 4, 5, ''],
      [0, '<unk>', 5, 6, 'special,unknown'],
      [1, '</s>', 0, 0, 'special,inserted'],
    ],
  },
];

describe.each<EngineName>(['js', 'rust'])('fixture tokenizers, %s engine', (engine) => {
  it.each(CASES)('$fixture: $text', async ({ fixture, text, expected }) => {
    const tokenizer = await loadTokenizer(path.join(FIXTURES, fixture), engine);
    const [sample] = await tokenizeTexts(tokenizer, [text]);
    expect(rows(sample!.tokens)).toEqual(expected);
    // Offsets are UTF-16 indices: every non-inserted token's source is a slice of the text.
    for (const t of sample!.tokens) expect(t.end).toBeGreaterThanOrEqual(t.start);
  });
});

describe('truncation', () => {
  it('keeps the template tokens and cuts content on the chosen side', async () => {
    const tokenizer = await loadTokenizer(path.join(FIXTURES, 'sp-bpe-fallback'), 'js');
    const [right] = await tokenizeTexts(tokenizer, ['hello world hello'], { maxLength: 3 });
    // <s> ▁hello ▁world ▁hello </s>: max_length 3 keeps <s> + one content token + </s>.
    expect(right!.truncation).toEqual({ maxLength: 3, side: 'right', droppedFrom: 2, droppedTo: 4, cutAt: 5 });
    const [left] = await tokenizeTexts(tokenizer, ['hello world hello'], { maxLength: 3, truncationSide: 'left' });
    expect(left!.truncation).toEqual({ maxLength: 3, side: 'left', droppedFrom: 1, droppedTo: 3, cutAt: 11 });
    const [fits] = await tokenizeTexts(tokenizer, ['hello'], { maxLength: 3 });
    expect(fits!.truncation).toBeUndefined();
  });

  it('leaves no room for content when the specials fill max_length', async () => {
    const tokenizer = await loadTokenizer(path.join(FIXTURES, 'sp-bpe-fallback'), 'js');
    const [s] = await tokenizeTexts(tokenizer, ['hello world'], { maxLength: 2 });
    expect(s!.truncation).toMatchObject({ droppedFrom: 1, droppedTo: 3 });
  });
});
