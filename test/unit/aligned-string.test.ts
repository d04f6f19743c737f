// Alignment rules of normalization, pinned against what the Rust tokenizers crate reports.

import { describe, expect, it } from 'vitest';
import {
  identity,
  mapUnits,
  normalizeForm,
  originalRange,
  prepend,
  replace,
  slice,
  type AlignedString,
} from '../../src/core/aligned-string.js';

/** Each output code point with the original text it came from. */
function pairs(a: AlignedString, original: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < a.text.length; ) {
    const cp = a.text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    out.push([String.fromCodePoint(cp), original.slice(a.starts[i], a.ends[i])]);
    i += len;
  }
  return out;
}

describe('identity', () => {
  it('gives a surrogate pair the range of the whole character', () => {
    const a = identity('a🤗b', 10);
    expect(Array.from(a.starts)).toEqual([10, 11, 11, 13]);
    expect(Array.from(a.ends)).toEqual([11, 13, 13, 14]);
  });
});

describe('normalizeForm', () => {
  it('NFC: a composed character takes the range of the first character only', () => {
    const text = 'e\u0301x';
    expect(pairs(normalizeForm(identity(text), 'NFC'), text)).toEqual([
      ['é', 'e'],
      ['x', 'x'],
    ]);
  });

  it('NFC: reordered marks keep positional ranges (z ̶ ́ ̖ → ź ̶ ̖)', () => {
    const text = 'z\u0336\u0301\u0316';
    // Rust reports ź at [0,1], the overlay at [2,3] and the grave below at [3,4].
    expect(pairs(normalizeForm(identity(text), 'NFC'), text)).toEqual([
      ['ź', 'z'],
      ['\u0336', '\u0301'],
      ['\u0316', '\u0316'],
    ]);
  });

  it('NFC: decomposed Hangul jamo compose into one syllable', () => {
    const text = '\u1100\u1161\u11a8!';
    expect(pairs(normalizeForm(identity(text), 'NFC'), text)).toEqual([
      ['각', '\u1100'],
      ['!', '!'],
    ]);
  });

  it('NFD: the pieces of a character share its range', () => {
    const text = 'é';
    expect(pairs(normalizeForm(identity(text), 'NFD'), text)).toEqual([
      ['e', 'é'],
      ['\u0301', 'é'],
    ]);
  });

  it('NFKC: a ligature becomes two letters from one character', () => {
    const text = 'ﬁx';
    expect(pairs(normalizeForm(identity(text), 'NFKC'), text)).toEqual([
      ['f', 'ﬁ'],
      ['i', 'ﬁ'],
      ['x', 'x'],
    ]);
  });

  it('leaves text that is already normal untouched (same object)', () => {
    const a = identity('plain ascii');
    expect(normalizeForm(a, 'NFC')).toBe(a);
  });
});

describe('mapUnits (opaque functions)', () => {
  const stripAccentsLower = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '');

  it('accent stripping filters: each kept character keeps its own range', () => {
    const text = 'Ça\u0301 7\ufe0f\u20e3';
    expect(pairs(mapUnits(identity(text), stripAccentsLower), text)).toEqual([
      ['c', 'Ç'],
      ['a', 'a'],
      [' ', ' '],
      ['7', '7'],
      ['\u20e3', '\u20e3'],
    ]);
  });

  it('CJK padding with accent stripping: the same length out is not a character-for-character map', () => {
    // BertNormalizer: ` 駅 ` from `駅` and its two marks; the CJK character keeps its own range.
    const bert = (s: string) => stripAccentsLower(s).replace(/[\u4e00-\u9fff]/gu, (c) => ` ${c} `);
    const text = '駅\u0301\u0300 ok';
    expect(pairs(mapUnits(identity(text), bert), text)).toEqual([
      [' ', '駅'],
      ['駅', '駅'],
      [' ', '駅'],
      [' ', ' '],
      ['o', 'o'],
      ['k', 'k'],
    ]);
  });

  it('keeps the engine text for context-dependent mappings (final sigma)', () => {
    const text = 'ΟΔΟΣ';
    const a = mapUnits(identity(text), (s) => s.toLowerCase());
    expect(a.text).toBe('οδος');
    expect(a.approximate).toBe(false);
  });

  it('widens ranges and says so when units do not add up', () => {
    const a = mapUnits(identity('abc'), (s) => (s.length > 1 ? 'whole' : s));
    expect(a.approximate).toBe(true);
    expect(originalRange(a, 0, a.text.length)).toEqual([0, 3]);
  });
});

describe('prepend, replace, slice', () => {
  it('a prepended ▁ shares the first character range; a replaced space keeps its own', () => {
    const text = ' Hi';
    const a = replace(prepend(identity(text), '▁'), / /gu, '▁');
    expect(a.text).toBe('▁▁Hi');
    expect(pairs(a, text)).toEqual([
      ['▁', ' '],
      ['▁', ' '],
      ['H', 'H'],
      ['i', 'i'],
    ]);
  });

  it('does not prepend to empty text', () => {
    expect(prepend(identity(''), '▁').text).toBe('');
  });

  it('slices keep alignment', () => {
    const a = slice(identity('  hi  ', 5), 2, 4);
    expect(a.text).toBe('hi');
    expect(originalRange(a, 0, 2)).toEqual([7, 9]);
  });
});
