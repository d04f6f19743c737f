// Token-view wrapping on real tokenizations: paragraphs, windows, the cut marker, and that
// laying out a paragraph at a time gives the same lines `show` prints for the whole sample.
import { beforeAll, describe, expect, it } from 'vitest';
import { truncationOf } from '../../src/core/truncation.js';
import type { TokenizedSample } from '../../src/core/token-model.js';
import { type LoadedTokenizer, loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { renderTokens } from '../../src/render/token-text.js';
import { paintLine } from '../../src/ui/token-view/paint.js';
import { THEMES } from '../../src/ui/theme.js';
import {
  SampleLayout,
  columnOf,
  compare,
  paragraphStarts,
  tokenAtColumn,
  tokensOn,
} from '../../src/ui/token-view/wrap.js';
import { realLines } from '../support/multilingual-corpus.js';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
let llama: LoadedTokenizer;
let mistral: LoadedTokenizer;

beforeAll(async () => {
  llama = await loadTokenizer('llama3.1');
  mistral = await loadTokenizer('mistral');
});

async function one(tok: LoadedTokenizer, text: string): Promise<TokenizedSample> {
  return (await tokenizeTexts(tok, [text]))[0]!;
}

/** Every line of a layout, walking the window from the first line. */
function allLines(layout: SampleLayout): string[] {
  return layout.window(layout.first(), 1e6).map((l) => strip(paintLine(l.cells, { theme: THEMES.mono })));
}

describe('paragraphs', () => {
  it('start after every token that ends a line, and every SOFT tokens in text without newlines', async () => {
    const s = await one(llama, 'first line\nsecond line\n\nfourth');
    const starts = paragraphStarts(s);
    expect(starts[0]).toBe(0);
    for (const p of starts.slice(1)) expect(s.text.slice(s.tokens[p - 1]!.start, s.tokens[p - 1]!.end)).toMatch(/\n$/);
    const long = await one(llama, realLines(40).join(' '));
    const soft = paragraphStarts(long, 100);
    expect(soft.length).toBeGreaterThan(long.tokens.length / 100 - 1);
    for (let k = 1; k < soft.length; k++) expect(soft[k]! - soft[k - 1]!).toBeLessThanOrEqual(100);
  });

  it('never cut a run of split-character tokens (the {…} note follows the whole run)', async () => {
    const s = await one(mistral, '😀'.repeat(600));
    for (const p of paragraphStarts(s, 7))
      expect(s.tokens[p]!.byteFallback && s.tokens[p - 1]?.byteFallback && s.tokens[p]!.piece !== '<0xF0>').toBeFalsy();
  });
});

describe('SampleLayout', () => {
  it('lays out, paragraph by paragraph, exactly the lines show prints (plain notation)', async () => {
    const text = realLines(12).join('\n');
    const s = await one(llama, text);
    for (const width of [80, 37]) {
      const layout = new SampleLayout(s, { width, ids: false, plain: true });
      const shown = renderTokens(s, { color: false, width }).split('\n').slice(0, -1);
      expect(allLines(layout)).toEqual(shown);
    }
  });

  it('draws the cut in place: marker before the first dropped token (right) or after the last (left)', async () => {
    const s = await one(llama, 'The quick brown fox jumps over the lazy dog.');
    const right = new SampleLayout(s, {
      width: 200,
      ids: false,
      plain: true,
      truncation: truncationOf(s.tokens, 5, 'right'),
    });
    expect(allLines(right)).toEqual([
      '⟦+<|begin_of_text|>⟧[The][·quick][·brown][·fox]|✂ max_length=5|[·jumps][·over][·the][·lazy][·dog][.]',
    ]);
    const left = new SampleLayout(s, {
      width: 200,
      ids: false,
      plain: true,
      truncation: truncationOf(s.tokens, 5, 'left'),
    });
    expect(allLines(left)).toEqual([
      '⟦+<|begin_of_text|>⟧[The][·quick][·brown][·fox][·jumps][·over]|✂ max_length=5|[·the][·lazy][·dog][.]',
    ]);
  });

  it('moves by lines across paragraphs and stops at both ends', async () => {
    const s = await one(llama, realLines(30).join('\n'));
    const layout = new SampleLayout(s, { width: 60, ids: false, plain: false });
    const last = layout.last();
    const total = layout.distance(layout.first(), last, 1e6) + 1;
    expect(total).toBe(allLines(layout).length);
    expect(layout.move(layout.first(), -3)).toEqual(layout.first());
    expect(layout.move(layout.first(), 1e6)).toEqual(last);
    const mid = layout.move(layout.first(), 17);
    expect(layout.distance(layout.first(), mid, 1e6)).toBe(17);
    expect(compare(layout.move(mid, -17), layout.first())).toBe(0);
  });

  it('finds tokens by line and column, and every token is on the line lineOf names', async () => {
    const s = await one(llama, realLines(8).join('\n'));
    const layout = new SampleLayout(s, { width: 50, ids: true, plain: false });
    for (let i = 0; i < s.tokens.length; i++) {
      const line = layout.line(layout.lineOf(i));
      expect(tokensOn(line)).toContain(i);
      expect(tokenAtColumn(line, columnOf(line, i)!)).toBe(i);
    }
  });

  it('lays out only the paragraphs it is asked for (a huge sample costs what is shown)', async () => {
    const s = await one(llama, realLines(400).join(' '));
    const layout = new SampleLayout(s, { width: 80, ids: false, plain: false });
    const spy = layout as unknown as { cache: Map<number, unknown> };
    layout.window(layout.first(), 20);
    expect(spy.cache.size).toBe(1);
    layout.lineOf(s.tokens.length - 1);
    expect(spy.cache.size).toBe(2);
  });
});
