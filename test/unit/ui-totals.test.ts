// Corpus totals per tokenizer (pure): over counted samples only, code points per token.

import { describe, expect, it } from 'vitest';
import { HAS_UNKNOWN } from '../../src/ui/browse/hazards.js';
import { corpusTotals, totalsRows } from '../../src/ui/browse/totals.js';

const source = {
  samples: [{ text: 'ab' }, { text: 'c😀d' }, { text: 'not counted yet' }],
  // Tokenizer 0 counted samples 0 and 1; tokenizer 1 only sample 0.
  count: (k: number, i: number) =>
    [
      [2, 4, undefined],
      [1, undefined, undefined],
    ][k]![i],
  flagsOf: (k: number, i: number) => (k === 0 && i === 1 ? HAS_UNKNOWN : 0),
};

describe('corpusTotals', () => {
  it('sums tokens and code points of the counted samples, per tokenizer', () => {
    const [a, b] = corpusTotals(source, ['A', 'B'], 3);
    expect(a).toEqual({ name: 'A', counted: 2, tokens: 6, chars: 5, withUnknown: 1, truncated: 1 });
    expect(b).toEqual({ name: 'B', counted: 1, tokens: 1, chars: 2, withUnknown: 0, truncated: 0 });
  });

  it('lays them out side by side, saying when no max_length is set', () => {
    const rows = totalsRows(corpusTotals(source, ['A', 'B'], undefined), 3, undefined);
    expect(rows[0]).toEqual(['', 'A', 'B']);
    expect(rows.find((r) => r[0] === 'tokens')).toEqual(['tokens', '6', '1']);
    expect(rows.find((r) => r[0] === 'chars/token')).toEqual(['chars/token', '0.83', '2.00']);
    expect(rows.find((r) => r[0] === 'samples counted')).toEqual(['samples counted', '2 of 3', '1 of 3']);
    expect(rows.find((r) => r[0] === 'with unknown tokens')).toEqual(['with unknown tokens', '1 (50.0%)', '0 (0%)']);
    expect(rows.at(-1)).toEqual(['truncated', 'no max_length (m sets one)', 'no max_length (m sets one)']);
  });
});
