import { describe, expect, it } from 'vitest';
import { segmentDiff } from '../../src/core/segment-diff.js';
import type { Token } from '../../src/core/token-model.js';

function tok(id: number, start: number, end: number, extra: Partial<Token> = {}): Token {
  return {
    id,
    piece: String(id),
    text: '',
    start,
    end,
    special: false,
    inserted: false,
    unknown: false,
    byteFallback: false,
    partial: false,
    ...extra,
  };
}

describe('segmentDiff', () => {
  it('finds the spans split differently, between cuts both sides share', () => {
    const text = 'unbelievable news';
    const a = [tok(1, 0, 2), tok(2, 2, 12), tok(3, 12, 17)];
    const b = [tok(7, 0, 12), tok(8, 12, 17)];
    expect(segmentDiff(text, a, b)).toEqual([{ start: 0, end: 12, a: [0, 1], b: [0] }]);
  });

  it('ignores where whitespace went across vocabularies, not between engines of one', () => {
    const text = 'Hello world';
    const bpe = [tok(1, 0, 5), tok(2, 5, 11)];
    const wordpiece = [tok(1, 0, 5), tok(8, 6, 11)];
    expect(segmentDiff(text, bpe, wordpiece)).toEqual([]);
    expect(segmentDiff(text, bpe, wordpiece, { compareIds: true })).toEqual([{ start: 5, end: 11, a: [1], b: [1] }]);
    expect(segmentDiff(text, bpe, [tok(1, 0, 5), tok(3, 5, 11)], { compareIds: true })).toEqual([
      { start: 5, end: 11, a: [1], b: [1] },
    ]);
  });

  it('reports inserted tokens that only one side adds as a zero-width span at that end', () => {
    const text = 'hi';
    const withBos = [tok(0, 0, 0, { inserted: true, special: true }), tok(5, 0, 2)];
    expect(segmentDiff(text, withBos, [tok(6, 0, 2)])).toEqual([{ start: 0, end: 0, a: [0], b: [] }]);
    const withEos = [tok(5, 0, 2), tok(0, 2, 2, { inserted: true, special: true })];
    expect(segmentDiff(text, withEos, [tok(6, 0, 2)])).toEqual([{ start: 2, end: 2, a: [1], b: [] }]);
  });
});
