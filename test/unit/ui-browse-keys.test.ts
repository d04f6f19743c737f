// The browse screen's pure parts: its reducer, its key map and where n / N go. No terminal.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { browseKeyAction } from '../../src/ui/browse/browse-keys.js';
import { type BrowseState, initialBrowse, liveQuery, reduceBrowse } from '../../src/ui/browse/browse-state.js';
import { jumpTarget, nextFlagged, overlapping } from '../../src/ui/browse/jump.js';
import { BROWSE_KEYS, NO_KEY, REVIEW_KEYS, hintLine } from '../../src/ui/key-map.js';
import type { Token, TokenizedSample } from '../../src/core/token-model.js';

const key = (k: Partial<Key> = {}): Key => ({ ...NO_KEY, ...k });

/** Feeds keys through the key map and the reducer, as the screen does. */
function type(state: BrowseState, keys: Array<string | Partial<Key>>, sampleTokens?: number): BrowseState {
  for (const k of keys) {
    const action = typeof k === 'string' ? browseKeyAction(state, k, key()) : browseKeyAction(state, '', key(k));
    if (action) state = reduceBrowse(state, action, { sampleTokens });
  }
  return state;
}

describe('browse key map', () => {
  it('maps the global keys in browse mode, and vertical keys to the focused pane', () => {
    const s = initialBrowse();
    expect(browseKeyAction(s, 'q', key())).toEqual({ type: 'quit' });
    expect(browseKeyAction(s, '', key({ escape: true }))).toEqual({ type: 'quit' });
    expect(browseKeyAction(s, 'n', key())).toEqual({ type: 'jump', direction: 1 });
    expect(browseKeyAction(s, 'N', key({ shift: true }))).toEqual({ type: 'jump', direction: -1 });
    expect(browseKeyAction(s, 'j', key())).toEqual({ type: 'list', action: { type: 'down' } });
    expect(browseKeyAction(s, '', key({ rightArrow: true }))).toEqual({ type: 'tokens', action: { type: 'right' } });
    const tokens = { ...s, focus: 'tokens' as const };
    expect(browseKeyAction(tokens, 'j', key())).toEqual({ type: 'tokens', action: { type: 'down' } });
    expect(browseKeyAction(tokens, '', key({ return: true }))).toBeUndefined();
    expect(browseKeyAction(s, 'Z', key())).toBeUndefined();
  });

  it('gives every key to an open prompt (q is typed, not quit)', () => {
    const s = type(initialBrowse(), ['/']);
    expect(s.mode).toBe('search');
    expect(browseKeyAction(s, 'q', key())).toEqual({ type: 'prompt', action: { type: 'insert', text: 'q' } });
    expect(browseKeyAction(s, '', key({ escape: true }))).toEqual({ type: 'cancelPrompt' });
  });

  it('any key but ↑ ↓ k j closes the help overlay', () => {
    const s = type(initialBrowse(), ['?', 'j', 'j', 'k']);
    expect(s).toMatchObject({ mode: 'help', helpScroll: 1 });
    expect(type(s, ['q']).mode).toBe('browse');
  });
});

describe('browse reducer', () => {
  it('keeps a search on Enter, restores it on / and drops a cancelled edit', () => {
    let s = type(initialBrowse(), ['/', 'f', 'o', 'x']);
    expect(liveQuery(s)).toBe('fox');
    expect(s.query).toBe('');
    s = type(s, [{ return: true }]);
    expect(s).toMatchObject({ mode: 'browse', query: 'fox' });
    s = type(s, ['/', 'e', { escape: true }]);
    expect(s.query).toBe('fox');
    expect(type(s, ['/']).prompt.text).toBe('fox');
    expect(type(s, ['c'])).toMatchObject({ query: '', filter: 'all' });
  });

  it('sets max_length from the prompt (digits only, empty: none) and nudges it from the sample length', () => {
    let s = type(initialBrowse(), ['m', '1', 'x', '2', { return: true }]);
    expect(s.maxLength).toBe(12);
    s = type(s, ['-', '-']);
    expect(s.maxLength).toBe(10);
    s = type(s, ['m', { return: true }]);
    expect(s.maxLength).toBeUndefined();
    expect(type(s, ['-'], 11).maxLength).toBe(10);
    expect(type(s, ['+'], 11).maxLength).toBe(11);
    expect(type(s, ['+']).maxLength).toBeUndefined(); // no sample yet: nothing to start from
  });

  it('cycles the filter, toggles ids, side and focus', () => {
    const s = type(initialBrowse(), ['f', 'f', 'i', 's', { tab: true }]);
    expect(s).toMatchObject({ filter: 'unknown', ids: true, side: 'left', focus: 'tokens' });
    expect(type(s, ['F', 'F']).filter).toBe('all');
    expect(type(s, ['F', 'F', 'F']).filter).toBe('drift');
  });
});

function tok(id: number, start: number, end: number, extra: Partial<Token> = {}): Token {
  return {
    id,
    piece: 'x',
    text: 'x',
    start,
    end,
    special: false,
    inserted: false,
    unknown: false,
    byteFallback: false,
    partial: false,
    ...extra,
  } as Token;
}

describe('n / N targets', () => {
  const a = {
    text: 'abcdef',
    tokens: [tok(1, 0, 0, { inserted: true, special: true }), tok(2, 0, 2), tok(3, 2, 4), tok(4, 4, 6)],
  } as unknown as TokenizedSample;

  it('alone: the next hazard token either way (an inserted BOS is not one)', () => {
    const b = {
      ...a,
      tokens: [...a.tokens.slice(0, 2), tok(0, 2, 4, { unknown: true }), a.tokens[3]!],
    } as TokenizedSample;
    expect(jumpTarget(b, undefined, 3, -1)).toBe(2);
    expect(jumpTarget(b, undefined, 2, -1)).toBeUndefined();
    expect(jumpTarget(b, undefined, 0, 1)).toBe(2);
    expect(jumpTarget(a, undefined, 0, 1)).toBeUndefined();
  });

  it('finds the next sample in list order that is flagged, either way', () => {
    const model = { total: 10, indices: [1, 3, 5, 7, 9] };
    expect(nextFlagged(model, 1, 1, (i) => i === 7 || i === 1)).toBe(7);
    expect(nextFlagged(model, 3, -1, (i) => i === 7 || i === 1)).toBe(1);
    expect(nextFlagged(model, 3, 1, () => false)).toBeUndefined();
  });

  it('in compare: the next differing span', () => {
    const spans = [
      { start: 2, end: 4, a: [2], b: [2, 3] },
      { start: 4, end: 6, a: [3], b: [4] },
    ];
    expect(jumpTarget(a, spans, 0, 1)).toBe(2);
    expect(jumpTarget(a, spans, 2, 1)).toBe(3);
    expect(jumpTarget(a, spans, 3, -1)).toBe(2);
    expect(jumpTarget(a, spans, 3, 1)).toBeUndefined();
  });

  it('finds the B tokens under an A token by their source, inserted ones at the same end', () => {
    const b = [tok(9, 0, 0, { inserted: true }), tok(5, 0, 1), tok(6, 1, 3), tok(7, 3, 6)];
    expect(overlapping(a.tokens, 1, b)).toEqual([1, 2]);
    expect(overlapping(a.tokens, 0, b)).toEqual([0]);
  });
});

describe('hint line', () => {
  it('keeps ? help and q quit at 80 columns and below, dropping other hints first', () => {
    for (const width of [40, 60, 79, 99, 119]) {
      const hints = hintLine(BROWSE_KEYS, width);
      expect(hints.map((h) => h.keys)).toContain('?');
      expect(hints.map((h) => h.keys)).toContain('q');
      expect(hints.reduce((n, h) => n + h.keys.length + h.hint.length + 3, 0)).toBeLessThanOrEqual(width);
    }
    expect(hintLine(REVIEW_KEYS, 79).map((h) => h.keys)).toEqual(expect.arrayContaining(['a', 'r', '?', 'q']));
    expect(hintLine(BROWSE_KEYS, 300).length).toBe(BROWSE_KEYS.flatMap((s) => s.keys).filter((k) => k.hint).length);
  });
});

describe('totals pane and copying', () => {
  it('t opens the totals pane, any key but q closes it; y / Y copy the first / second tokenizer’s ids', () => {
    const s = initialBrowse();
    expect(browseKeyAction(s, 'y', key())).toEqual({ type: 'copy', pane: 0 });
    expect(browseKeyAction(s, 'Y', key({ shift: true }))).toEqual({ type: 'copy', pane: 1 });
    const open = type(s, ['t']);
    expect(open.mode).toBe('totals');
    expect(browseKeyAction(open, 'j', key())).toEqual({ type: 'closeTotals' });
    expect(browseKeyAction(open, 'q', key())).toEqual({ type: 'quit' });
    expect(type(open, ['x']).mode).toBe('browse');
  });

  it('a notice lasts until the next key', () => {
    const s = reduceBrowse(initialBrowse(), { type: 'notice', text: 'copied 3 ids' });
    expect(s.notice).toBe('copied 3 ids');
    expect(type(s, ['i']).notice).toBe('');
  });
});
