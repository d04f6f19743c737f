import { describe, expect, it } from 'vitest';
import { MAX_ENTRIES, MAX_KEY, PieceMemo } from '../../src/engines/piece-memo.js';

/** The ids and unknown flag kept for text[start, end), or undefined. */
function lookUp(memo: PieceMemo, text: string, start = 0, end = text.length) {
  const at = memo.find(text, start, end);
  if (at < 0) return undefined;
  const ids: number[] = [];
  const unknown = memo.pushIds(at, ids);
  return { ids, unknown };
}

describe('PieceMemo: pre-tokens found by their place in a text', () => {
  it('finds a piece kept from another text, by its code units only', () => {
    const memo = new PieceMemo();
    memo.add('say hello there', 3, 9, [7, 8], false);
    expect(lookUp(memo, ' hello')).toEqual({ ids: [7, 8], unknown: false });
    expect(lookUp(memo, 'x hello!', 1, 7)).toEqual({ ids: [7, 8], unknown: false });
    // Same length, one unit apart; a prefix; a longer piece.
    expect(lookUp(memo, ' hellp')).toBeUndefined();
    expect(lookUp(memo, ' hell')).toBeUndefined();
    expect(lookUp(memo, ' hello ')).toBeUndefined();
  });

  it('keeps the unknown flag, empty id lists and UTF-16 units (lone surrogates too)', () => {
    const memo = new PieceMemo();
    memo.add('\ud83e\udd17x', 0, 2, [5], true);
    memo.add('\ud800', 0, 1, [], false);
    expect(lookUp(memo, 'a\ud83e\udd17', 1, 3)).toEqual({ ids: [5], unknown: true });
    expect(lookUp(memo, '\ud800')).toEqual({ ids: [], unknown: false });
    expect(lookUp(memo, '\udc00')).toBeUndefined();
  });

  it('keeps pieces up to MAX_KEY units, not longer ones', () => {
    const memo = new PieceMemo();
    const long = 'a'.repeat(MAX_KEY + 1);
    memo.add(long, 0, MAX_KEY, [1], false);
    memo.add(long, 0, MAX_KEY + 1, [2], false);
    expect(lookUp(memo, long, 0, MAX_KEY)).toEqual({ ids: [1], unknown: false });
    expect(lookUp(memo, long)).toBeUndefined();
  });

  it('tells apart many pieces, and starts over when full', () => {
    const memo = new PieceMemo();
    const keyOf = (i: number) => `w${i.toString(36)}`;
    for (let i = 0; i < MAX_ENTRIES; i++) memo.add(keyOf(i), 0, keyOf(i).length, [i, i + 1], false);
    for (const i of [0, 1, 36, 1000, MAX_ENTRIES - 1])
      expect(lookUp(memo, keyOf(i))).toEqual({ ids: [i, i + 1], unknown: false });
    memo.add('one more', 0, 8, [3], false);
    expect(lookUp(memo, keyOf(0))).toBeUndefined();
    expect(lookUp(memo, 'one more')).toEqual({ ids: [3], unknown: false });
  });
});
