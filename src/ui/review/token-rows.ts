// A snapshot tokenization (token spellings and ids) laid out for review: the same wrapping and
// painting as the token view (token-text.ts items, paint.ts overlay); the changes between old
// and new come from the one token diff (core/snapshot/token-diff.ts). Pure.

import type { Tokenization } from '../../core/snapshot/classify.js';
import { tokenMark } from '../../core/snapshot/text-escape.js';
import { type Hunk, tokenHunks } from '../../core/snapshot/token-diff.js';
import { displayWidth } from '../../render/display-width.js';
import { type Cell, wrapItems } from '../../render/token-layout.js';
import type { Item, Part } from '../../render/token-items.js';
import { hasInvisible, visible } from '../../core/visible.js';
import { type Overlay, paintIdLine, paintLine } from '../token-view/paint.js';

/** The changes of one pending change: token hunks without context, and per-token marks. */
export interface ReviewDiff {
  hunks: Hunk[];
  /** 1 where a token of that side is part of a change. */
  old: Uint8Array;
  new: Uint8Array;
}

export function reviewDiff(before: Tokenization | undefined, after: Tokenization | undefined): ReviewDiff {
  const old = new Uint8Array(before?.tokens.length ?? 0);
  const neu = new Uint8Array(after?.tokens.length ?? 0);
  // An added or removed sample is one change: all of it.
  if (!before || !after) {
    old.fill(1);
    neu.fill(1);
    return { hunks: [], old, new: neu };
  }
  const hunks = tokenHunks(before, after, 0);
  for (const h of hunks) {
    old.fill(1, h.oldStart, h.oldStart + h.removed.length);
    neu.fill(1, h.newStart, h.newStart + h.added.length);
  }
  return { hunks, old, new: neu };
}

/** A spelling from a snapshot file, safe to print even if the file was edited by hand. */
function safe(spelling: string): string {
  return hasInvisible(spelling) ? visible(spelling) : spelling;
}

// token-text.ts's style codes, so paint.ts themes them like the token view's.
const KIND_SGR = { normal: '48;5;237', special: '1;35;48;5;237', inserted: '1;3;35;48;5;237', unknown: '1;7;31' };

/**
 * Lines of token cells. In colour a token is its own background shade; in `plain` (mono) it is
 * `[bracketed]` (special tokens are already `⟦…⟧`), so every boundary shows in every theme.
 */
export function tokenLines(t: Tokenization, width: number, ids: boolean, plain: boolean): Cell[][] {
  const items: Item[] = t.tokens.map((spelling, i) => {
    const text = safe(spelling);
    const mark = tokenMark(spelling);
    const parts: Part[] =
      plain && mark === 'normal'
        ? [
            { text: '[', role: 'punct', sgr: '' },
            { text: text.replace(/[\\\]]/g, '\\$&'), role: 'text', sgr: '' },
            { text: ']', role: 'punct', sgr: '' },
          ]
        : [{ text, role: 'text', sgr: KIND_SGR[mark] }];
    return {
      parts,
      width: parts.reduce((w, p) => w + displayWidth(p.text), 0),
      id: String(t.ids[i]),
      breakAfter: text.endsWith('⏎'),
      token: i,
    };
  });
  return wrapItems(items, Math.max(1, width), ids);
}

/** Painted rows: each line, and its id line under it when `ids`. */
export function tokenRows(lines: Cell[][], ids: boolean, overlay: Overlay): string[] {
  const out: string[] = [];
  for (const cells of lines) {
    out.push(paintLine(cells, overlay));
    if (ids) out.push(paintIdLine(cells, overlay));
  }
  return out;
}

/** The row (counting id rows) that shows `token`, or the last row when past the end. */
export function rowOfToken(lines: Cell[][], token: number, ids: boolean): number {
  const step = ids ? 2 : 1;
  for (let l = 0; l < lines.length; l++)
    for (const c of lines[l]!) if (c.item.token !== undefined && c.item.token >= token) return l * step;
  return Math.max(0, (lines.length - 1) * step);
}

/** `[·brown] → [·b] [rown]`, as `check` prints a change. */
export function hunkText(h: Hunk): string {
  const list = (ts: Hunk['removed']) => (ts.length ? ts.map((t) => `[${safe(t.token)}]`).join(' ') : '∅');
  return `${list(h.removed)} → ${list(h.added)}`;
}
