import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/core/vocabulary.js';
import { BYTE_FALLBACK, SPECIAL, UNKNOWN, lastEos, tokenFlags } from '../../src/core/report/token-flags.js';

function added(id: number, content: string, special = true) {
  return { id, content, special, normalized: false, lstrip: false, rstrip: false, single_word: false };
}

describe('tokenFlags', () => {
  const vocab = { '<unk>': 0, a: 1, '<0x0A>': 2, b: 3, '\n': 4, zzz: 4000 };
  const json = (model: Record<string, unknown>) => ({
    added_tokens: [added(5000, '</s>'), added(5001, '<pad>')],
    model: { type: 'BPE', vocab, merges: [], unk_token: '<unk>', ...model },
  });

  it('flags the unknown token, byte-fallback pieces, specials and EOS; ids past the table read as none', () => {
    const flags = tokenFlags(new Vocabulary(json({ byte_fallback: true })), ['</s>']);
    expect(flags[0]).toBe(UNKNOWN);
    expect(flags[2]).toBe(BYTE_FALLBACK);
    expect(flags[5001]).toBe(SPECIAL);
    expect(flags[5000]! & SPECIAL).toBeTruthy();
    for (const id of [1, 3, 4, 4000]) expect(flags[id] ?? 0).toBe(0);
  });

  it('gives every id the same flags with or without the whole vocabulary walked', () => {
    const plain = tokenFlags(new Vocabulary(json({})), ['</s>']);
    const unkOnly = tokenFlags(new Vocabulary({ model: { type: 'BPE', vocab, merges: [], unk_token: 'zzz' } }), []);
    expect(unkOnly[4000]).toBe(UNKNOWN);
    const expected = (id: number) => (id === 0 ? UNKNOWN : id === 5001 ? SPECIAL : 0);
    for (let id = 0; id <= 5001; id++) if (id !== 5000) expect(plain[id] ?? 0, `id ${id}`).toBe(expected(id));
    expect(plain[5000]! & SPECIAL).toBeTruthy();
  });
});

describe('lastEos', () => {
  const flags = tokenFlags(
    new Vocabulary({ added_tokens: [added(9, '</s>')], model: { type: 'BPE', vocab: { a: 1, '\n': 2 }, merges: [] } }),
    ['</s>'],
  );
  const whitespace = (id: number) => id === 2;

  it('finds a final EOS followed by whitespace tokens only', () => {
    expect(lastEos([1, 9, 2, 2], [false, false, false, false], flags, whitespace)).toBe(1);
    expect(lastEos([1, 9, 1], [false, false, false], flags, whitespace)).toBeUndefined();
    expect(lastEos([9, 1, 1, 1, 1], [false, false, false, false, false], flags, whitespace)).toBeUndefined();
    expect(lastEos([1, 9, 7], [false, false, true], flags, whitespace)).toBe(1);
  });

  it('spells out no token of a sample without an EOS near its end', () => {
    let asked = 0;
    const counting = (id: number) => {
      asked++;
      return whitespace(id);
    };
    expect(lastEos([1, 2, 2, 1, 2], [false, false, false, false, false], flags, counting)).toBeUndefined();
    expect(asked).toBe(0);
  });
});
