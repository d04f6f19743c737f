// segmentDiff over real tokenizations: Llama 3.1 under two engines, and BPE against WordPiece.

import { beforeAll, describe, expect, it } from 'vitest';
import { segmentDiff } from '../../src/core/segment-diff.js';
import type { Token } from '../../src/core/token-model.js';
import { type LoadedTokenizer, loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { realLines } from '../support/multilingual-corpus.js';

describe('segmentDiff on real tokenizers', () => {
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
          expect(flagged.has(k), `${JSON.stringify(text.slice(t.start, t.end))} in ${JSON.stringify(text)}`).toBe(true);
      });
      for (const d of diff) expect(d.start).toBeLessThanOrEqual(d.end);
    });
    expect(spans).toBeGreaterThan(0);
  });
});
