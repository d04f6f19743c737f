import { describe, expect, it } from 'vitest';
import { codePointCount, codePointIndex } from '../../src/core/code-points.js';

describe('code points and UTF-16 units', () => {
  it('maps both ways across astral characters, clamped at the ends', () => {
    const text = 'a🐋b🤗c'; // units: a 0, 🐋 1-2, b 3, 🤗 4-5, c 6
    const { toCp, toUnit } = codePointIndex(text);
    expect([0, 1, 2, 3, 4, 5].map(toUnit)).toEqual([0, 1, 3, 4, 6, 7]);
    expect([0, 1, 3, 4, 6, 7].map(toCp)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(toUnit(99)).toBe(7);
    expect(toCp(99)).toBe(5);
    // The identity without astral characters.
    expect(codePointIndex('héllo').toUnit(3)).toBe(3);
  });

  it('counts a surrogate pair once and a lone surrogate as one', () => {
    expect(codePointCount('a🐋b')).toBe(3);
    expect(codePointCount('\uD83D')).toBe(1);
    expect(codePointCount('x\uDC0Ay')).toBe(3);
    expect(codePointCount('')).toBe(0);
  });

  it('counts long texts (a corpus sample) the same way, with and without surrogates anywhere', () => {
    const plain = 'The quick brown fox jumps over the lazy dog. '.repeat(4);
    expect(codePointCount(plain)).toBe(plain.length);
    expect(codePointCount(`é${plain}日本`)).toBe(plain.length + 3);
    for (const odd of ['🐋', '\uD83D', '\uDC0A', '\uDC0A\uD83D'])
      for (const at of [0, 70, plain.length]) {
        const text = plain.slice(0, at) + odd + plain.slice(at);
        expect(codePointCount(text)).toBe([...text].length);
      }
  });
});
