// The set of sample keys a corpus stream has seen (duplicates are skipped): keys held as their
// 64 bits must say exactly what a Set of the key strings says.

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/core/random.js';
import { SampleKeySet, keyWord, sampleKey } from '../../src/core/snapshot/sample-key.js';

describe('SampleKeySet', () => {
  it('adds each key once, as a Set of the strings does, through every growth', () => {
    const random = mulberry32(3);
    const set = new SampleKeySet();
    const strings = new Set<string>();
    const keys: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Fresh keys, repeats, and keys that share one half with an earlier key.
      const pick = random();
      const old = keys[Math.floor(random() * keys.length)];
      const key =
        pick < 0.6 || !old
          ? sampleKey(`sample ${i}`)
          : pick < 0.8
            ? old
            : pick < 0.9
              ? old.slice(0, 8) + sampleKey(`low ${i}`).slice(8)
              : sampleKey(`high ${i}`).slice(0, 8) + old.slice(8);
      keys.push(key);
      expect(set.add(key), key).toBe(!strings.has(key));
      strings.add(key);
    }
    expect(set.size).toBe(strings.size);
    for (const key of ['0000000000000000', 'ffffffffffffffff', '00000000ffffffff', 'ffffffff00000000'])
      expect([set.add(key), set.add(key)]).toEqual([true, false]);
  });

  it('reads a key as two 32-bit numbers in the order of the strings', () => {
    expect([keyWord('0123456789abcdef', 0), keyWord('0123456789abcdef', 8)]).toEqual([0x01234567, 0x89abcdef]);
    expect(keyWord('ffffffff00000000', 0)).toBe(2 ** 32 - 1);
  });
});
