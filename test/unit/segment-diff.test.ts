import { beforeAll, describe, expect, it } from 'vitest';
import { segmentDiff } from '../../src/core/segment-diff.js';
import type { Token } from '../../src/core/token-model.js';
import { type LoadedTokenizer, loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { realLines } from '../support/multilingual-corpus.js';

function tok(id: number, start: number, end: number, extra: Partial<Token> = {}): Token {
  return {
    id,
    piece: String(id),
    text: '',
    start,
    end,
    special: false,
    inserted: false,
    unknown: false,
    byteFallback: false,
    partial: false,
    ...extra,
  };
}

describe('segmentDiff', () => {
  it('finds the spans split differently, between cuts both sides share', () => {
    const text = 'unbelievable news';
    const a = [tok(1, 0, 2), tok(2, 2, 12), tok(3, 12, 17)];
    const b = [tok(7, 0, 12), tok(8, 12, 17)];
    expect(segmentDiff(text, a, b)).toEqual([{ start: 0, end: 12, a: [0, 1], b: [0] }]);
  });

  it('ignores where whitespace went across vocabularies, not between engines of one', () => {
    const text = 'Hello world';
    const bpe = [tok(1, 0, 5), tok(2, 5, 11)];
    const wordpiece = [tok(1, 0, 5), tok(8, 6, 11)];
    expect(segmentDiff(text, bpe, wordpiece)).toEqual([]);
    expect(segmentDiff(text, bpe, wordpiece, { compareIds: true })).toEqual([{ start: 5, end: 11, a: [1], b: [1] }]);
    expect(segmentDiff(text, bpe, [tok(1, 0, 5), tok(3, 5, 11)], { compareIds: true })).toEqual([
      { start: 5, end: 11, a: [1], b: [1] },
    ]);
  });

  it('reports inserted tokens that only one side adds as a zero-width span at that end', () => {
    const text = 'hi';
    const withBos = [tok(0, 0, 0, { inserted: true, special: true }), tok(5, 0, 2)];
    expect(segmentDiff(text, withBos, [tok(6, 0, 2)])).toEqual([{ start: 0, end: 0, a: [0], b: [] }]);
    const withEos = [tok(5, 0, 2), tok(0, 2, 2, { inserted: true, special: true })];
    expect(segmentDiff(text, withEos, [tok(6, 0, 2)])).toEqual([{ start: 2, end: 2, a: [1], b: [] }]);
  });

  describe('on real tokenizers', () => {
    let llama: LoadedTokenizer;
    let wordpiece: LoadedTokenizer;
    let rust: LoadedTokenizer;
    const texts = realLines(50);
    beforeAll(async () => {
      [llama, wordpiece, rust] = await Promise.all([
        loadTokenizer('llama3.1'),
        loadTokenizer('wordpiece-en'),
        loadTokenizer('llama3.1', 'rust'),
      ]);
    });

    it('two engines of one tokenizer that agree have no differing span', async () => {
      const [a, b] = await Promise.all([tokenizeTexts(llama, texts), tokenizeTexts(rust, texts)]);
      texts.forEach((t, i) => expect(segmentDiff(t, a[i]!.tokens, b[i]!.tokens, { compareIds: true })).toEqual([]));
    });

    it('BPE vs WordPiece: the spans cover exactly the tokens whose trimmed spans the other side lacks', async () => {
      const [a, b] = await Promise.all([tokenizeTexts(llama, texts), tokenizeTexts(wordpiece, texts)]);
      let spans = 0;
      texts.forEach((text, i) => {
        const diff = segmentDiff(text, a[i]!.tokens, b[i]!.tokens);
        spans += diff.length;
        const trimmed = (t: Token) => {
          let { start, end } = t;
          while (start < end && /\s/.test(text[start]!)) start++;
          while (end > start && /\s/.test(text[end - 1]!)) end--;
          return `${start}:${end}`;
        };
        const spansB = new Set(b[i]!.tokens.filter((t) => !t.inserted).map(trimmed));
        const flagged = new Set(diff.flatMap((d) => d.a));
        a[i]!.tokens.forEach((t, k) => {
          if (t.inserted || trimmed(t).split(':')[0] === trimmed(t).split(':')[1]) return;
          // A token whose exact (trimmed) span the other side also has as one token is not flagged, unless its segment is.
          if (!spansB.has(trimmed(t)))
            expect(flagged.has(k), `${JSON.stringify(text.slice(t.start, t.end))} in ${JSON.stringify(text)}`).toBe(
              true,
            );
        });
        for (const d of diff) expect(d.start).toBeLessThanOrEqual(d.end);
      });
      expect(spans).toBeGreaterThan(0);
    });
  });
});
