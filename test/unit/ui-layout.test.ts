import { describe, expect, it } from 'vitest';
import { MIN_COLUMNS, MIN_ROWS, SIDE_BY_SIDE_COLUMNS, calculateLayout, textLines } from '../../src/ui/layout.js';

/** Rows every part of the frame takes; must add up to the frame height exactly. */
function rowsUsed(l: ReturnType<typeof calculateLayout>): number {
  const panes = l.panes.reduce((n, p) => n + p.rows + 1, 0);
  if (l.arrangement === 'side') {
    expect(l.list.rows + 1).toBe(l.body.rows);
    return 2 + panes + l.detailRows;
  }
  return 2 + l.list.rows + 1 + panes + l.detailRows;
}

describe('calculateLayout', () => {
  it('stacks the panes in an 80×24 terminal and fills the frame, one row short of the terminal', () => {
    const l = calculateLayout({ columns: 80, rows: 24, panes: 1 });
    expect(l).toMatchObject({ arrangement: 'stacked', tooSmall: false, height: 23, columns: 80, detailRows: 2 });
    expect(l.list).toEqual({ width: 80, rows: 6 });
    expect(l.panes).toEqual([{ width: 80, rows: 11 }]);
    expect(rowsUsed(l)).toBe(23);
  });

  it('gives two token panes the same rows when comparing', () => {
    const l = calculateLayout({ columns: 80, rows: 24, panes: 2 });
    expect(l.panes.map((p) => p.rows)).toEqual([6, 6]);
    expect(rowsUsed(l)).toBe(23);
  });

  it('puts the list beside the tokens from SIDE_BY_SIDE_COLUMNS on, separator included', () => {
    const narrow = calculateLayout({ columns: SIDE_BY_SIDE_COLUMNS - 1, rows: 40, panes: 1 });
    expect(narrow.arrangement).toBe('stacked');
    const l = calculateLayout({ columns: 160, rows: 48, panes: 1 });
    expect(l.arrangement).toBe('side');
    expect(l.list.width + 1 + l.panes[0]!.width).toBe(160);
    expect(l.list.width).toBe(48);
    expect(rowsUsed(l)).toBe(47);
  });

  it('fills every height from the minimum to a tall terminal, in both arrangements and modes', () => {
    for (const columns of [MIN_COLUMNS, 80, 120, 250])
      for (let rows = MIN_ROWS; rows <= 80; rows++)
        for (const panes of [1, 2] as const) {
          const l = calculateLayout({ columns, rows, panes });
          expect(l.tooSmall).toBe(false);
          expect(rowsUsed(l), `${columns}×${rows} ${panes}`).toBe(rows - 1);
          for (const p of l.panes) expect(p.rows).toBeGreaterThanOrEqual(1);
        }
  });

  it('says when the terminal is too small instead of drawing broken panes', () => {
    expect(calculateLayout({ columns: MIN_COLUMNS - 1, rows: 24, panes: 1 }).tooSmall).toBe(true);
    expect(calculateLayout({ columns: 80, rows: MIN_ROWS - 1, panes: 1 }).tooSmall).toBe(true);
  });

  it('halves the text lines when ids are shown under them', () => {
    expect(textLines(11, false)).toBe(11);
    expect(textLines(11, true)).toBe(5);
    expect(textLines(1, true)).toBe(1);
  });
});
