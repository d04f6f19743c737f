// Review mode's pure parts: the reducer, the key map, the diff and rows it opens on. No terminal.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { NO_KEY } from '../../src/ui/key-map.js';
import { reviewKeyAction } from '../../src/ui/review/review-keys.js';
import { type ReviewContext, initialReview, reduceReview, remaining } from '../../src/ui/review/review-state.js';
import { hunkText, reviewDiff, rowOfToken, tokenLines, tokenRows } from '../../src/ui/review/token-rows.js';
import { THEMES } from '../../src/ui/theme.js';

const key = (k: Partial<Key> = {}): Key => ({ ...NO_KEY, ...k });
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('review state', () => {
  it('moves to the next undecided change after a decision, and back and forth with skip', () => {
    let s = initialReview(4);
    s = reduceReview(s, { type: 'skip' });
    s = reduceReview(s, { type: 'decided', indices: [1], decision: 'accepted' });
    expect(s.index).toBe(2);
    s = reduceReview(s, { type: 'back' });
    s = reduceReview(s, { type: 'back' });
    expect(s.index).toBe(0);
    expect(remaining(s)).toEqual([0, 2, 3]);
    s = reduceReview(s, { type: 'decided', indices: [0], decision: 'rejected' });
    expect(s.index).toBe(2);
    s = reduceReview(s, { type: 'decided', indices: [2, 3], decision: 'accepted' });
    expect(s.index).toBe(4);
  });

  it('n / N walk the hunks of a change, then on to the next / previous change (its last hunk going back)', () => {
    const counts = [2, 1, 3];
    const ctx: ReviewContext = { hunks: (i) => counts[i]!, pageRows: 5, scrollRange: [-3, 20] };
    let s = initialReview(3);
    const walk: Array<[number, number]> = [];
    for (let k = 0; k < 6; k++) {
      walk.push([s.index, s.hunk]);
      s = reduceReview(s, { type: 'nextHunk' }, ctx);
    }
    expect(walk).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 0],
      [2, 1],
      [2, 2],
    ]);
    expect([s.index, s.hunk]).toEqual([2, 2]); // the end: n stays
    s = reduceReview({ ...s, hunk: 0 }, { type: 'previousHunk' }, ctx);
    s = reduceReview(s, { type: 'previousHunk' }, ctx);
    expect([s.index, s.hunk]).toEqual([0, -1]); // the previous change's last hunk
    s = reduceReview(s, { type: 'previousHunk' }, ctx);
    expect([s.index, s.hunk]).toEqual([0, 0]);
  });

  it('scrolls within the range the view allows, by a line or a page; a new hunk resets it', () => {
    const ctx: ReviewContext = { hunks: () => 2, pageRows: 5, scrollRange: [-3, 7] };
    let s = reduceReview(initialReview(1), { type: 'scroll', delta: 1, page: true }, ctx);
    expect(s.scroll).toBe(5);
    s = reduceReview(s, { type: 'scroll', delta: 1, page: true }, ctx);
    expect(s.scroll).toBe(7);
    s = reduceReview(s, { type: 'scroll', delta: -1, page: true }, ctx);
    s = reduceReview(s, { type: 'scroll', delta: -1, page: true }, ctx);
    expect(s.scroll).toBe(-3);
    expect(reduceReview(s, { type: 'nextHunk' }, ctx).scroll).toBe(0);
  });
});

describe('review key map', () => {
  it("maps cargo insta review's keys, n / N and scrolling; q quits even from the help", () => {
    const s = initialReview(3);
    expect(reviewKeyAction(s, 'a', key())).toEqual({ type: 'decide', decision: 'accepted', rest: false });
    expect(reviewKeyAction(s, 'R', key())).toEqual({ type: 'decide', decision: 'rejected', rest: true });
    expect(reviewKeyAction(s, '', key({ rightArrow: true }))).toEqual({ type: 'skip' });
    expect(reviewKeyAction(s, '', key({ leftArrow: true }))).toEqual({ type: 'back' });
    expect(reviewKeyAction(s, 'n', key())).toEqual({ type: 'nextHunk' });
    expect(reviewKeyAction(s, 'N', key())).toEqual({ type: 'previousHunk' });
    expect(reviewKeyAction(s, '', key({ pageDown: true }))).toEqual({ type: 'scroll', delta: 1, page: true });
    const help = { ...s, help: true };
    expect(reviewKeyAction(help, 'a', key())).toEqual({ type: 'toggleHelp' });
    expect(reviewKeyAction(help, 'q', key())).toEqual({ type: 'quit' });
  });
});

describe('review diff and rows', () => {
  const before = { tokens: ['The', '·quick', '·brown', '·fox'], ids: [1, 2, 3, 4] };
  const after = { tokens: ['The', '·quick', '·b', 'rown', '·fox'], ids: [1, 2, 5, 6, 4] };

  it('takes its hunks from the one token diff and marks their tokens on each side', () => {
    const d = reviewDiff(before, after);
    expect(d.hunks).toHaveLength(1);
    expect(hunkText(d.hunks[0]!)).toBe('[·brown] → [·b] [rown]');
    expect([...d.old]).toEqual([0, 0, 1, 0]);
    expect([...d.new]).toEqual([0, 0, 1, 1, 0]);
    // A sample only one side has is one change, all of it.
    expect([...reviewDiff(undefined, after).new]).toEqual([1, 1, 1, 1, 1]);
  });

  it('keeps every token boundary visible inside a change: brackets in mono, alternating shades in colour', () => {
    const d = reviewDiff(before, after);
    const lines = tokenLines(after, 80, false, true);
    const mono = tokenRows(lines, false, { theme: THEMES.mono, highlight: (t) => d.new[t] === 1 });
    expect(strip(mono[0]!)).toBe('[The][·quick][·b][rown][·fox]');
    const colour = tokenRows(tokenLines(after, 80, false, false), false, {
      theme: THEMES.dark,
      highlight: (t) => d.new[t] === 1,
      highlightKind: 'added',
    });
    const [b, rown] = THEMES.dark.palette.addedBg;
    expect(colour[0]).toContain(`48;5;${b}m·b`);
    expect(colour[0]).toContain(`48;5;${rown}mrown`);
  });

  it('finds the row a token is on (id rows counted)', () => {
    const long = {
      tokens: Array.from({ length: 100 }, (_, i) => `w${i}`),
      ids: Array.from({ length: 100 }, (_, i) => i),
    };
    const lines = tokenLines(long, 20, false, false);
    const row = rowOfToken(lines, 50, false);
    expect(lines[row]!.some((c) => c.item.token === 50)).toBe(true);
    expect(rowOfToken(tokenLines(long, 20, true, false), 50, true)).toBe(row * 2);
  });
});
