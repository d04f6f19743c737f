// Browse search: normalisation-insensitive (NFKC), smart case, the match located on the original
// text and underlined in the row.
import { describe, expect, it } from 'vitest';
import { findMatch, searchSamples } from '../../src/ui/sample-list/filter.js';
import { highlightedPreview } from '../../src/ui/sample-list/sample-list.js';

const DECOMPOSED = 'Un cafe\u0301 noir';

describe('search', () => {
  it('finds a decomposed café with a precomposed query and the other way round, ﬁ with fi, ＡＢＣ with abc', () => {
    const texts = [DECOMPOSED, 'Un café crème', 'le ﬁlm', 'fullwidth ＡＢＣ', 'nothing'].map((text) => ({ text }));
    expect(searchSamples(texts, 'café').matches).toEqual([0, 1]);
    expect(searchSamples(texts, 'cafe\u0301').matches).toEqual([0, 1]);
    expect(searchSamples(texts, 'film').matches).toEqual([2]);
    expect(searchSamples(texts, 'abc').matches).toEqual([3]);
    // Smart case: a capital letter makes it case-sensitive.
    expect(searchSamples(texts, 'Café').matches).toEqual([]);
    expect(searchSamples(texts, 'Un').matches).toEqual([0, 1]);
  });

  it('locates the match on the original text in whole graphemes', () => {
    expect(findMatch(DECOMPOSED, 'café')).toEqual({ start: 3, end: 8 });
    expect(DECOMPOSED.slice(3, 8)).toBe('cafe\u0301');
    expect(findMatch('le ﬁlm', 'film')).toEqual({ start: 3, end: 6 });
    expect(findMatch('abc', 'x')).toBeUndefined();
  });

  it('underlines the match in the row, and only there', () => {
    const row = highlightedPreview('The quick brown fox', 30, 'brown');
    expect(row).toBe(`The quick \x1b[1;4mbrown\x1b[22;24m fox${' '.repeat(11)}`);
    expect(highlightedPreview('The quick brown fox', 30, 'zzz')).toBe(`The quick brown fox${' '.repeat(11)}`);
    // A match past the visible part is not drawn.
    expect(highlightedPreview(`${'x'.repeat(40)} brown`, 20, 'brown')).not.toContain('\x1b[');
  });
});
