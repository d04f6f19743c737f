// The drift classifier names each change by its stage: constructed cases for every class (data
// in, data out), then real tokenizations of edited fixture tokenizers with the live pipeline's
// evidence, as check and diff pass it.

import { describe, expect, it } from 'vitest';
import { type DriftSide, type DriftToken, classifyDrift as classifySides } from '../../src/core/drift/classify.js';
import { classifyDrift, displayBytes, type Tokenization } from '../../src/core/snapshot/classify.js';
import { tokenDisplay } from '../../src/core/snapshot/text-escape.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { MINI_BPE, editedCopy, removeMergeProducing, swapIds } from '../support/fixture-tokenizers.js';

const enc = new TextEncoder();
const tok = (id: number, text: string, role: DriftToken['role'] = 'text'): DriftToken => ({
  id,
  role,
  bytes: enc.encode(text),
});
const side = (...tokens: DriftToken[]): DriftSide => ({ tokens });

describe('constructed cases, one per class', () => {
  it('same ids: nothing', () => {
    expect(classifySides(side(tok(1, 'a')), side(tok(1, 'a')))).toEqual([]);
  });

  it('an inserted BOS gone, or moved: special-tokens', () => {
    const bos = tok(0, '', 'inserted');
    expect(classifySides(side(bos, tok(1, 'a')), side(tok(1, 'a')))).toEqual(['special-tokens']);
    expect(classifySides(side(bos, tok(1, 'a'), tok(2, 'b')), side(tok(1, 'a'), bos, tok(2, 'b')))).toEqual([
      'special-tokens',
    ]);
  });

  it('a literal special token now matched in the text: special-tokens only (its boundaries are its own)', () => {
    const before = side(tok(5, '<'), tok(6, '/s'), tok(7, '>'));
    const after = side(tok(9, '</s>', 'special'));
    expect(classifySides(before, after)).toEqual(['special-tokens']);
  });

  it('same bytes, other id: vocab-remap', () => {
    expect(classifySides(side(tok(1, 'a'), tok(2, 'b')), side(tok(1, 'a'), tok(3, 'b')))).toEqual(['vocab-remap']);
  });

  it('another rendering of one record: chat-template, not normalization; inserted specials and remaps still told apart', () => {
    const before = side(tok(7, '<|im_start|>', 'special'), tok(1, 'user'), tok(2, '\n\n'), tok(3, 'Hi'));
    const after = side(tok(7, '<|im_start|>', 'special'), tok(1, 'user'), tok(4, '\n'), tok(3, 'Hi'));
    expect(classifySides(before, after, { renderingChanged: true })).toEqual(['chat-template']);
    expect(classifySides(before, after)).toEqual(['normalization']);
    // The template's own special tokens are its text; a BOS the post-processor now adds is the tokenizer's.
    const bos = tok(0, '', 'inserted');
    const withBos = side(bos, ...after.tokens);
    expect(classifySides(before, withBos, { renderingChanged: true })).toEqual(['special-tokens', 'chat-template']);
    const remapped = side(tok(7, '<|im_start|>', 'special'), tok(9, 'user'), tok(4, '\n'), tok(3, 'Hi'));
    expect(classifySides(before, remapped, { renderingChanged: true })).toEqual(['vocab-remap', 'chat-template']);
    // Snapshot spellings: sides of one sample whose texts differ were rendered differently.
    const a: Tokenization = { tokens: ['a', '⏎⏎'], ids: [1, 2], text: 'a\n\n' };
    const b: Tokenization = { tokens: ['a', '⏎'], ids: [1, 3], text: 'a\n' };
    expect(classifyDrift(a, b)).toEqual(['chat-template']);
    expect(classifyDrift({ ...a, text: 'a\n' }, b)).toEqual(['normalization']);
  });

  it('other bytes: normalization', () => {
    expect(classifySides(side(tok(1, 'Hello')), side(tok(2, 'hello')))).toEqual(['normalization']);
  });

  it('bytes regrouped across a split character are boundaries, not normalization (the \\xHH spellings differ)', () => {
    const before: Tokenization = { tokens: ['\\xF0\\x9F', '\\x98\\x80'], ids: [10, 11] };
    const after: Tokenization = { tokens: ['😀'], ids: [12] };
    expect(classifyDrift(before, after)).toEqual(['boundaries']);
    const regrouped: Tokenization = { tokens: ['\\xF0', '\\x9F\\x98\\x80'], ids: [13, 14] };
    expect(classifyDrift(before, regrouped)).toEqual(['boundaries']);
  });

  it('a byte-order mark is a byte like any other', () => {
    expect([...displayBytes('⟨U+FEFF⟩//')]).toEqual([0xef, 0xbb, 0xbf, 0x2f, 0x2f]);
    expect([...displayBytes('·a⏎')]).toEqual([0x20, 0x61, 0x0a]);
    const before: Tokenization = { tokens: ['⟨U+FEFF⟩//'], ids: [35866] };
    const after: Tokenization = { tokens: ['⟨U+FEFF⟩', '//'], ids: [3305, 322] };
    expect(classifyDrift(before, after)).toEqual(['boundaries']);
  });

  it('a pre-token of one side ends inside a token of the other: pre-tokenization', () => {
    const before = side(tok(1, "'S"));
    const after: DriftSide = { tokens: [tok(2, "'"), tok(3, 'S')], evidence: { preTokenEnds: [1, 2] } };
    expect(classifySides(before, after)).toEqual(['pre-tokenization']);
    // The same evidence on the coarser side proves nothing by itself.
    const coarse: DriftSide = { tokens: [tok(1, "'S")], evidence: { preTokenEnds: [2] } };
    expect(classifySides(side(tok(2, "'"), tok(3, 'S')), coarse)).toEqual(['boundaries']);
  });

  it('both pre-tokenizations known and equal where the tokens differ: merges', () => {
    const before: DriftSide = { tokens: [tok(1, ' me')], evidence: { preTokenEnds: [3] } };
    const after: DriftSide = { tokens: [tok(2, ' m'), tok(3, 'e')], evidence: { preTokenEnds: [3] } };
    expect(classifySides(before, after)).toEqual(['merges']);
  });

  it("one side's model cannot make the other side's tokens from any split: merges", () => {
    // A model that knows ' m' and 'e' but never merges them into ' me'.
    const vocab = new Map([
      [' m', 2],
      ['e', 3],
      [' ', 4],
      ['m', 5],
    ]);
    const model = (bytes: Uint8Array) => {
      const s = new TextDecoder().decode(bytes);
      if (vocab.has(s)) return [vocab.get(s)!];
      if (s === ' me') return [2, 3];
      return undefined;
    };
    const before = side(tok(1, ' me'));
    const after: DriftSide = { tokens: [tok(2, ' m'), tok(3, 'e')], evidence: { preTokenEnds: [3], model } };
    expect(classifySides(before, after)).toEqual(['merges']);
    // The other way round, a finer split of ' me' would explain ' m' + 'e' as well: undecided.
    const coarse: DriftSide = { tokens: [tok(1, ' me')], evidence: { preTokenEnds: [3], model: () => [1] } };
    const fine = side(tok(2, ' m'), tok(3, 'e'));
    expect(
      classifySides(fine, {
        ...coarse,
        evidence: { preTokenEnds: [3], model: (b) => (b.length === 3 ? [1] : b.length === 2 ? [2] : [3]) },
      }),
    ).toEqual(['boundaries']);
  });

  it('unknown tokens: their count, and no normalization claimed for the bytes they hide', () => {
    const before = side(tok(1, 'the'), tok(2, 'whale'));
    const after = side(tok(1, 'the'), tok(0, '[UNK]', 'unknown'));
    expect(classifySides(before, after)).toEqual(['unknown-tokens']);
  });

  it('characters spelled as byte-fallback tokens on one side only: byte-fallback', () => {
    const bytes = (id: number, b: number): DriftToken => ({
      id,
      role: 'text',
      bytes: Uint8Array.of(b),
      byteFallback: true,
    });
    const plain = (t: DriftToken): DriftToken => ({ ...t, byteFallback: false });
    const emoji = [bytes(247, 0xf0), bytes(162, 0x9f), bytes(167, 0xa4), bytes(154, 0x97)];
    // A SentencePiece GGUF without byte tokens: the unknown token where HF falls back to bytes.
    const unknown = side(plain(tok(1, 'a')), plain(tok(0, '<unk>', 'unknown')));
    expect(classifySides(side(plain(tok(1, 'a')), ...emoji), unknown)).toEqual(['unknown-tokens', 'byte-fallback']);
    // Same bytes, one side lacks the character's token: the cause is the fallback, not a boundary.
    const whole = side(plain(tok(1, 'a')), plain(tok(900, '🤗')));
    expect(classifySides(side(plain(tok(1, 'a')), ...emoji), whole)).toEqual(['byte-fallback']);
    // A side that cannot say which tokens are byte fallback (a stored snapshot) is not guessed at.
    const unsaid = side(tok(1, 'a'), tok(900, '🤗'));
    expect(classifySides(side(plain(tok(1, 'a')), ...emoji), unsaid)).toEqual(['boundaries']);
    // Snapshot spellings, as diff passes them with the flags from the live vocabularies.
    const spelled: Tokenization = {
      tokens: ['a', '\\xF0', '\\x9F', '\\xA4', '\\x97'],
      ids: [1, 247, 162, 167, 154],
      byteFallback: [false, true, true, true, true],
    };
    expect(classifyDrift(spelled, { tokens: ['a', '🤗'], ids: [1, 900], byteFallback: [false, false] })).toEqual([
      'byte-fallback',
    ]);
  });

  it('a regrouping either stage explains is settled by the one stage the files (or a GGUF against its source) change', () => {
    const coarse = side(tok(1, 'ab'));
    const fine = side(tok(2, 'a'), tok(3, 'b'));
    expect(classifySides(coarse, fine)).toEqual(['boundaries']);
    expect(classifySides(coarse, fine, { filesChanged: { preTokenizer: false, model: true } })).toEqual(['merges']);
    expect(classifySides(coarse, fine, { filesChanged: { preTokenizer: true, model: false } })).toEqual([
      'pre-tokenization',
    ]);
    expect(classifySides(coarse, fine, { filesChanged: { preTokenizer: true, model: true } })).toEqual(['boundaries']);
  });

  it('reference ids from elsewhere (check --expected): a one-for-one id change is a remap, not normalization', () => {
    const reference: DriftSide = { tokens: [tok(1, 'a'), tok(7, 'x'), tok(3, 'c')], foreignIds: true };
    expect(classifySides(reference, side(tok(1, 'a'), tok(2, 'b'), tok(3, 'c')))).toEqual(['vocab-remap']);
    const bosMissing: Tokenization = { tokens: ['a'], ids: [1], foreignIds: true };
    expect(classifyDrift(bosMissing, { tokens: ['⟦<s>⟧', 'a'], ids: [0, 1] })).toEqual(['special-tokens']);
  });

  it('length crossing max_length', () => {
    expect(classifySides(side(tok(1, 'ab')), side(tok(2, 'a'), tok(3, 'b')), { maxLength: 1 })).toEqual([
      'boundaries',
      'max-length',
    ]);
  });
});

async function live(folder: string, text: string, evidence = true): Promise<Tokenization> {
  const t = await loadTokenizer(folder, 'js', {});
  const [raw] = await t.engine.encodeBatch([text], true, { offsets: false });
  const tokens = raw!.ids.map((id, i) =>
    tokenDisplay(t.vocabulary.describe(id, raw!.pieces[i]!, 0, 0, raw!.inserted[i]!)),
  );
  const ev = evidence ? t.engine.evidence?.(text) : undefined;
  return { tokens, ids: raw!.ids, ...(ev ? { evidence: ev } : {}) };
}

describe('real edits of the mini-bpe fixture, with the live side’s evidence (as check passes it)', () => {
  const TEXT = 'Call me Ishmael. Some years ago, never mind how long precisely';

  it('a removed merge is merges, from the after side alone', async () => {
    const before = await live(MINI_BPE, TEXT, false);
    const after = await live(editedCopy(MINI_BPE, { tokenizer: (t) => removeMergeProducing(t, 'Ġme') }), TEXT);
    expect(classifyDrift(before, after)).toEqual(['merges']);
  });

  it('a pre-tokenizer that now splits before every "e" is pre-tokenization, from either side', async () => {
    const finer = editedCopy(MINI_BPE, {
      tokenizer: (t) =>
        (t.pre_tokenizer = {
          type: 'Sequence',
          pretokenizers: [
            { type: 'Split', pattern: { String: 'e' }, behavior: 'Isolated', invert: false },
            t.pre_tokenizer,
          ],
        }),
    });
    const before = await live(MINI_BPE, TEXT, false);
    const after = await live(finer, TEXT);
    expect(after.ids).not.toEqual(before.ids);
    // The live side's pre-tokens end inside the stored side's tokens.
    expect(classifyDrift(before, after)).toEqual(['pre-tokenization']);
    // The other way round only the coarse side is live: its model could have made the finer
    // tokens from a finer split, so a missing merge and a finer pre-tokenizer both explain it.
    const coarse = await live(MINI_BPE, TEXT);
    expect(classifyDrift({ ...after, evidence: undefined }, coarse)).toEqual(['boundaries']);
    expect(classifyDrift(await live(finer, TEXT), coarse)).toEqual(['pre-tokenization']);
  });

  it('a renumbered vocabulary stays a remap with evidence', async () => {
    const before = await live(MINI_BPE, TEXT, false);
    const after = await live(editedCopy(MINI_BPE, { tokenizer: (t) => swapIds(t, 'all', 'Ġme') }), TEXT);
    expect(classifyDrift(before, after)).toEqual(['vocab-remap']);
  });
});
