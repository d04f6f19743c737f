// The token view's state: which token the cursor is on and which line is at the top of the
// window. A pure reducer over a SampleLayout (the wrapped sample); use-token-view-state.ts holds
// it in React. `rows` is how many text lines the window shows.

import { isHazard } from './detail.js';
import { type LinePos, type SampleLayout, columnOf, compare, tokenAtColumn } from './wrap.js';

export interface TokenViewState {
  cursor: number;
  top: LinePos;
  /** The cursor's line, counted from the top of the window (kept when the layout changes). */
  row: number;
}

export type TokenViewAction =
  | { type: 'left' | 'right' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' }
  | { type: 'goto'; token: number }
  /** The next (1) or previous (−1) hazard token; `edge`: from the start (1) or end (−1) of the sample. */
  | { type: 'hazard'; direction: 1 | -1; edge?: boolean }
  /** The layout or the window size changed: keep the cursor on the same row if possible. */
  | { type: 'fit' };

export const INITIAL_TOKEN_VIEW: TokenViewState = { cursor: 0, top: { para: 0, line: 0 }, row: 0 };

function clampPos(layout: SampleLayout, pos: LinePos): LinePos {
  if (layout.paragraphs === 0) return { para: 0, line: 0 };
  const para = Math.min(Math.max(0, pos.para), layout.paragraphs - 1);
  const line = Math.min(Math.max(0, pos.line), layout.linesOf(para).length - 1);
  return { para, line };
}

/** Scrolls as little as possible to show the cursor's line. */
function show(layout: SampleLayout, cursor: number, top: LinePos, rows: number): TokenViewState {
  const pos = layout.lineOf(cursor);
  let t = clampPos(layout, top);
  if (compare(pos, t) < 0) t = pos;
  else if (layout.distance(t, pos, rows) >= rows) t = layout.move(pos, -(rows - 1));
  // No empty space below the last line when the sample has enough lines to fill the window.
  const bottom = layout.move(t, rows - 1);
  const missing = rows - 1 - layout.distance(t, bottom, rows);
  if (missing > 0) t = layout.move(t, -missing);
  return { cursor, top: t, row: layout.distance(t, pos, rows) };
}

/** The token `delta` lines away from the cursor, at the cursor's column. */
function verticalTarget(layout: SampleLayout, cursor: number, delta: number): number {
  const pos = layout.lineOf(cursor);
  const column = columnOf(layout.line(pos), cursor) ?? 0;
  let target = layout.move(pos, delta);
  // Lines holding only a cut marker have no token: keep going in the same direction.
  for (let guard = 0; guard < 4; guard++) {
    const token = tokenAtColumn(layout.line(target), column);
    if (token !== undefined) return token;
    const next = layout.move(target, Math.sign(delta));
    if (compare(next, target) === 0) break;
    target = next;
  }
  return cursor;
}

export function reduceTokenView(
  state: TokenViewState,
  action: TokenViewAction,
  layout: SampleLayout,
  rows: number,
): TokenViewState {
  const n = layout.sample.tokens.length;
  rows = Math.max(1, rows);
  if (n === 0) return INITIAL_TOKEN_VIEW;
  const cursor = Math.min(Math.max(0, state.cursor), n - 1);
  switch (action.type) {
    case 'left':
      return show(layout, Math.max(0, cursor - 1), state.top, rows);
    case 'right':
      return show(layout, Math.min(n - 1, cursor + 1), state.top, rows);
    case 'home':
      return show(layout, 0, state.top, rows);
    case 'end':
      return show(layout, n - 1, state.top, rows);
    case 'goto':
      return show(layout, Math.min(Math.max(0, action.token), n - 1), state.top, rows);
    case 'hazard': {
      const { tokens } = layout.sample;
      const d = action.direction;
      for (let i = action.edge ? (d > 0 ? 0 : n - 1) : cursor + d; i >= 0 && i < n; i += d)
        if (isHazard(tokens[i]!)) return show(layout, i, state.top, rows);
      return state;
    }
    case 'up':
    case 'down':
      return show(layout, verticalTarget(layout, cursor, action.type === 'up' ? -1 : 1), state.top, rows);
    case 'pageUp':
    case 'pageDown': {
      const delta = action.type === 'pageUp' ? -rows : rows;
      const target = verticalTarget(layout, cursor, delta);
      // The window moves by the same amount, like a pager.
      const top = layout.move(
        clampPos(layout, state.top),
        layout.distance(layout.lineOf(cursor), layout.lineOf(target), rows * 2),
      );
      return show(layout, target, top, rows);
    }
    case 'fit': {
      const pos = layout.lineOf(cursor);
      return show(layout, cursor, layout.move(pos, -Math.min(state.row, rows - 1)), rows);
    }
  }
}
