import { describe, expect, it } from 'vitest';
import { keysOf, sortStrings, sortedKeys } from '../../src/core/sorted-keys.js';
import { mulberry32 } from '../../src/core/random.js';

/** Strings a vocabulary holds: shared prefixes, prefixes of each other, surrogates, empty, digits. */
function nastyStrings(n: number, seed: number): string[] {
  const random = mulberry32(seed);
  const alphabet = [
    'a',
    'b',
    'Ġ',
    'ĠĠ',
    ' ',
    '0',
    '9',
    '\u0000',
    '"',
    '\\',
    '\ud83e\udd17',
    '\ud800',
    '\udfff',
    'é',
    'ÿ',
    '\uffff',
  ];
  const out = new Set<string>(['', 'a', 'aa', 'aaa', '0', '10', '2', '__proto__']);
  while (out.size < n) {
    let s = '';
    const length = Math.floor(random() * 12);
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    out.add(s);
  }
  return [...out];
}

describe('sortStrings', () => {
  it('sorts as Array.prototype.sort() does, by UTF-16 code units', () => {
    for (const [n, seed] of [
      [5, 1],
      [17, 2],
      [1000, 3],
      [30_000, 4],
    ] as const) {
      const strings = nastyStrings(n, seed);
      expect(sortStrings([...strings])).toEqual([...strings].sort());
    }
  });

  it('leaves ranges to the built-in sort once they have split too often (crafted keys), in the same order', () => {
    const strings = nastyStrings(5000, 6);
    for (const splits of [0, 1, 2, 5]) expect(sortStrings([...strings], splits)).toEqual([...strings].sort());
    // Prefixes of each other, longest first: one character deeper at every level.
    const runs = Array.from({ length: 3000 }, (_, i) => 'Ġ'.repeat(3000 - i));
    expect(sortStrings([...runs])).toEqual([...runs].sort());
  });
});

describe('keysOf and sortedKeys', () => {
  it('list a large record once and hand out sorted copies', () => {
    const record: Record<string, number> = {};
    for (const [i, s] of nastyStrings(12_000, 5).entries()) record[s] = i;
    expect(keysOf(record)).toBe(keysOf(record));
    expect(keysOf(record)).toEqual(Object.keys(record));
    const sorted = sortedKeys(record);
    expect(sorted).toEqual(Object.keys(record).sort());
    expect(sortedKeys(record)).not.toBe(sorted);
    expect(keysOf(record)).toEqual(Object.keys(record));
  });
});
