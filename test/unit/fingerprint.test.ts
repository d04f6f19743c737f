import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalSlices, fingerprintOf, fingerprintSlices } from '../../src/core/fingerprint.js';

/** The definition canonicalJson implements: keys sorted at every level, written one by one. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined || typeof v === 'function' ? 'null' : reference(v))).join(',')}]`;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined && typeof o[k] !== 'function');
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes a large flat object (a vocabulary) like the key-by-key definition', () => {
    const vocab: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++)
      vocab[`${String.fromCodePoint(0x61 + ((i * 7919) % 26))}${(i * 31) % 20_000}Ġ"\\`] = i;
    Object.assign(vocab, {
      zero: 0,
      nul: null,
      str: 'x\ny',
      nan: Number.NaN,
      skipped: undefined,
      fn: () => 1,
      '10': 1,
      '2': 2,
      __proto__x: true,
    });
    const value = { model: { vocab, merges: ['a b', 'c d'] }, added_tokens: [{ id: 1, content: '<s>' }] };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
  });

  it('gives the same fingerprint whatever the key order, another for other content', () => {
    const a = { b: 1, a: [1, { y: 2, x: 1 }] };
    const b = { a: [1, { x: 1, y: 2 }], b: 1 };
    expect(fingerprintOf({ f: a })).toBe(fingerprintOf({ f: b }));
    expect(fingerprintOf({ f: a })).not.toBe(fingerprintOf({ f: { ...b, b: 2 } }));
  });
});

describe('canonicalSlices and fingerprintSlices', () => {
  /** A tokenizer.json's shape at a size where every large part is written in several slices. */
  function large() {
    const vocab: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) vocab[`${i % 7 === 0 ? 'Ġ' : ''}w${(i * 7919) % 50_000}"\\`] = i;
    // Whole slices of sorted keys (after 'w', before 'Ġ') with no value JSON writes: no stray comma.
    for (let i = 0; i < 40_000; i++) vocab[`x${String(i).padStart(5, '0')}`] = i % 2 ? undefined : () => i;
    vocab.v = 1;
    const nested: Record<string, unknown> = {};
    for (let i = 0; i < 12_000; i++) nested[`k${i}`] = { id: i, list: [i, 'x'] };
    const pairs = Array.from({ length: 40_000 }, (_, i) => [`a${i}`, `b${i}`]);
    return { model: { vocab, merges: pairs }, nested, added_tokens: [{ id: 1, content: '<s>' }] };
  }

  it('write what canonicalJson writes at once, a slice per step', () => {
    const value = large();
    const expected = reference(value);
    const again = large();
    let steps = 0;
    for (const _ of canonicalSlices(again)) steps++;
    expect(steps).toBeGreaterThan(10);
    expect(canonicalJson(again)).toBe(expected);
    expect(canonicalJson(value)).toBe(expected);
  });

  it('give the fingerprint fingerprintOf gives', () => {
    const parts = { 'tokenizer.json': large(), absent: undefined, small: { b: 1, a: 2 } };
    const steps = fingerprintSlices({ ...parts, 'tokenizer.json': large() });
    let next = steps.next();
    while (!next.done) next = steps.next();
    expect(next.value).toBe(fingerprintOf(parts));
  });
});
