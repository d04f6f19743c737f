import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprintOf } from '../../src/core/fingerprint.js';

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
