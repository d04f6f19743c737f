// A snapshot tokenization (token spellings and ids) laid out for review: the same wrapping and
// painting as the token view (token-text.ts items, paint.ts overlay), tokens that the other side
// does not have highlighted. Pure.

import { diffArrays } from 'diff';
import type { Tokenization } from '../../core/snapshot/classify.js';
import type { Cell, Item } from '../../render/token-text.js';
import { wrapItems } from '../../render/token-text.js';
import { displayWidth } from '../../render/display-width.js';
import { hasInvisible, visible } from '../../render/visible.js';
import { type Overlay, paintIdLine, paintLine } from '../token-view/paint.js';

const BACKGROUNDS = ['48;5;237', '48;5;23'];
export const REMOVED_BG = '48;5;88';
export const ADDED_BG = '48;5;22';

/** Which tokens of each side the other side lacks (same spelling and id = same token). */
export function changedTokens(
  before: Tokenization | undefined,
  after: Tokenization | undefined,
): { old: Uint8Array; new: Uint8Array } {
  const a = before ? before.tokens.map((t, i) => `${before.ids[i]}\u0000${t}`) : [];
  const b = after ? after.tokens.map((t, i) => `${after.ids[i]}\u0000${t}`) : [];
  const old = new Uint8Array(a.length);
  const neu = new Uint8Array(b.length);
  let i = 0;
  let j = 0;
  for (const c of diffArrays(a, b)) {
    if (c.added) for (let k = 0; k < c.count; k++) neu[j++] = 1;
    else if (c.removed) for (let k = 0; k < c.count; k++) old[i++] = 1;
    else {
      i += c.count;
      j += c.count;
    }
  }
  return { old, new: neu };
}

/** A spelling from a snapshot file, safe to print even if the file was edited by hand. */
function safe(spelling: string): string {
  return hasInvisible(spelling) ? visible(spelling) : spelling;
}

export function tokenLines(t: Tokenization, width: number, ids: boolean): Cell[][] {
  const items: Item[] = t.tokens.map((spelling, i) => {
    const text = safe(spelling);
    const special = spelling.startsWith('⟦');
    const sgr = [special ? '1;35' : '', BACKGROUNDS[i % BACKGROUNDS.length]].filter(Boolean).join(';');
    return {
      parts: [{ text, role: 'text', sgr }],
      width: displayWidth(text),
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
