// The pure reducers behind the list and the token view, on real tokenizations.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenizedSample } from '../../src/core/token-model.js';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { listIndices, searchSamples } from '../../src/ui/sample-list/filter.js';
import { type ListState, listView, positionOf, reduceList } from '../../src/ui/sample-list/list-state.js';
import { INITIAL_TOKEN_VIEW, type TokenViewAction, reduceTokenView } from '../../src/ui/token-view/token-view-state.js';
import { SampleLayout, columnOf, compare } from '../../src/ui/token-view/wrap.js';
import { reducePrompt } from '../../src/ui/prompt/prompt-state.js';
import { realLines } from '../support/multilingual-corpus.js';

describe('sample list', () => {
  const all = { total: 1000, indices: null };

  it('keeps the selection visible with as little scrolling as possible', () => {
    let s: ListState = { sample: 0, offset: 0 };
    for (let k = 0; k < 5; k++) s = reduceList(s, { type: 'down' }, all, 5);
    expect(s).toEqual({ sample: 5, offset: 1 });
    s = reduceList(s, { type: 'up' }, all, 5);
    expect(s).toEqual({ sample: 4, offset: 1 });
    s = reduceList(s, { type: 'pageDown' }, all, 5);
    expect(s).toEqual({ sample: 8, offset: 5 });
    s = reduceList(s, { type: 'end' }, all, 5);
    expect(s).toEqual({ sample: 999, offset: 995 });
    s = reduceList(s, { type: 'down' }, all, 5);
    expect(s.sample).toBe(999);
    s = reduceList(s, { type: 'home' }, all, 5);
    expect(s).toEqual({ sample: 0, offset: 0 });
  });

  it('keeps the selected sample through filtering, or moves to the next one shown', () => {
    const filtered = { total: 1000, indices: [3, 10, 42, 700] };
    expect(positionOf(filtered, 42)).toBe(2);
    expect(listView({ sample: 42, offset: 0 }, filtered, 2)).toEqual({ length: 4, position: 2, offset: 1, sample: 42 });
    expect(listView({ sample: 11, offset: 0 }, filtered, 2).sample).toBe(42);
    expect(listView({ sample: 999, offset: 0 }, filtered, 2).sample).toBe(700);
    expect(listView({ sample: 5, offset: 0 }, { total: 0, indices: [] }, 2).sample).toBeUndefined();
    expect(reduceList({ sample: 10, offset: 0 }, { type: 'down' }, filtered, 2).sample).toBe(42);
  });

  it('searches with smart case, incrementally as samples arrive', () => {
    const texts = ['Hello World', 'hello there', 'HELLO', 'nothing'].map((text) => ({ text }));
    expect(searchSamples(texts, 'hello').matches).toEqual([0, 1, 2]);
    expect(searchSamples(texts, 'Hello').matches).toEqual([0]);
    expect(searchSamples(texts, 'wor.d').matches).toEqual([]);
    const first = searchSamples(texts.slice(0, 2), 'hello');
    const more = searchSamples(texts, 'hello', first);
    expect(more).toEqual({ query: 'hello', scanned: 4, matches: [0, 1, 2] });
    expect(listIndices(4, more, 'unknown', (i) => i !== 1)).toEqual([0, 2]);
    expect(listIndices(4, undefined, 'all', () => false)).toBeNull();
  });
});

describe('prompt', () => {
  it('types one line, drops control characters a paste may carry, and filters what it accepts', () => {
    let p = reducePrompt({ text: '' }, { type: 'insert', text: 'ab\x1b[31m\nc' });
    expect(p.text).toBe('ab[31mc');
    p = reducePrompt(p, { type: 'backspace' });
    expect(p.text).toBe('ab[31m');
    expect(reducePrompt({ text: '1' }, { type: 'insert', text: '2x3' }, (c) => /[0-9]/.test(c)).text).toBe('123');
  });
});

describe('token view', () => {
  let sample: TokenizedSample;
  beforeAll(async () => {
    const tok = await loadTokenizer('llama3.1');
    [sample] = (await tokenizeTexts(tok, [realLines(60).join('\n')])) as [TokenizedSample];
  });

  const run = (layout: SampleLayout, rows: number, actions: TokenViewAction[]) =>
    actions.reduce((s, a) => reduceTokenView(s, a, layout, rows), INITIAL_TOKEN_VIEW);

  it('moves the cursor token by token and scrolls to keep it in the window', () => {
    const layout = new SampleLayout(sample, { width: 60, ids: false, plain: false });
    const rows = 5;
    let s = INITIAL_TOKEN_VIEW;
    for (let i = 0; i < 400; i++) {
      s = reduceTokenView(s, { type: 'right' }, layout, rows);
      const d = layout.distance(s.top, layout.lineOf(s.cursor), 100);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(rows);
      expect(d).toBe(s.row);
    }
    expect(s.cursor).toBe(400);
    expect(run(layout, rows, [{ type: 'left' }]).cursor).toBe(0);
  });

  it('goes up and down a line at the same column, and pages by the window height', () => {
    const layout = new SampleLayout(sample, { width: 60, ids: false, plain: false });
    let s = run(
      layout,
      5,
      [...Array(30)].map(() => ({ type: 'right' }) as const),
    );
    const pos = layout.lineOf(s.cursor);
    const col = columnOf(layout.line(pos), s.cursor)!;
    s = reduceTokenView(s, { type: 'down' }, layout, 5);
    const below = layout.lineOf(s.cursor);
    expect(compare(below, layout.move(pos, 1))).toBe(0);
    expect(Math.abs(columnOf(layout.line(below), s.cursor)! - col)).toBeLessThan(20);
    const paged = reduceTokenView(s, { type: 'pageDown' }, layout, 5);
    expect(layout.distance(below, layout.lineOf(paged.cursor), 100)).toBe(5);
    expect(layout.distance(s.top, paged.top, 100)).toBe(5);
  });

  it('jumps to the last token and keeps the window full; re-fits on a new width at the same row', () => {
    const layout = new SampleLayout(sample, { width: 60, ids: false, plain: false });
    const end = run(layout, 8, [{ type: 'end' }]);
    expect(end.cursor).toBe(sample.tokens.length - 1);
    expect(end.row).toBe(7);
    const mid = run(layout, 8, [{ type: 'goto', token: 300 }, { type: 'down' }, { type: 'up' }]);
    const wider = layout.with({ width: 100, ids: false, plain: false });
    const fitted = reduceTokenView(mid, { type: 'fit' }, wider, 8);
    expect(fitted.cursor).toBe(mid.cursor);
    expect(fitted.row).toBe(mid.row);
  });
});
