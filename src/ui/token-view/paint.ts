// Paints wrapped token cells for the terminal UI: token-text.ts's styles, with the cursor and
// compare highlights laid over them. Without colour (NO_COLOR) only attributes remain (bold,
// dim, underline, inverse): the token view is still in bracket notation then, and the cursor
// must still show. Only SGR sequences are emitted; the text went through visible() already.

import type { Cell } from '../../render/token-layout.js';
import { DIM, isBackground, isColour, sgr, sgrAttributes } from '../../render/sgr.js';
import { type Palette, type Theme, bg, fg } from '../theme.js';

export interface Overlay {
  theme: Theme;
  /** Tokens under the cursor. */
  cursor?: (token: number) => boolean;
  /** Tokens in a span where two segmentations (or the old and new tokenization) differ. */
  highlight?: (token: number) => boolean;
  /** Which diff backgrounds highlighted tokens get (default: compare's `differ`). */
  highlightKind?: 'differ' | 'removed' | 'added';
  /** Chat: tokens the model is trained on (assistant turns), underlined. */
  trained?: (token: number) => boolean;
}

/**
 * token-text.ts's styles (ANSI colour names, for `show`) in the theme's palette: every colour
 * is set as a foreground/background pair the theme's contrast test covers. Token backgrounds
 * alternate by token index, so neighbouring tokens always differ in shade.
 */
function themed(attrs: string[], token: number | undefined, p: Palette): { attrs: string[]; fg?: number; bg?: number } {
  const has = (a: string) => attrs.includes(a);
  let rest = attrs.filter((a) => !isColour(a));
  let f: number | undefined;
  let b: number | undefined;
  if (has('31') && has('7')) {
    rest = rest.filter((a) => a !== '7');
    f = p.unknown.fg;
    b = p.unknown.bg;
  } else if (has('35')) f = has('3') ? p.inserted : p.special;
  else if (has('33')) f = p.bytes;
  else if (has('31')) f = p.marks.cut;
  if (b === undefined && attrs.some(isBackground)) {
    b = p.tokenBg[(token ?? 0) % 2];
    f ??= p.text;
  }
  return { attrs: rest, ...(f !== undefined ? { fg: f } : {}), ...(b !== undefined ? { bg: b } : {}) };
}

/** The SGR parameters of one part of a token after the overlay. */
export function overlaySgr(sgr: string, token: number | undefined, overlay: Overlay): string {
  const { theme } = overlay;
  const base = sgrAttributes(sgr);
  const highlighted = token !== undefined && overlay.highlight?.(token) === true;
  const cursor = token !== undefined && overlay.cursor?.(token) === true;
  if (token !== undefined && overlay.trained?.(token)) base.push('4');
  if (!theme.color) {
    // Attributes only: the cursor is inverse video; a token that is inverse already (unknown) flips back.
    let attrs = base.filter((a) => !isColour(a));
    if (highlighted) attrs.push('4');
    if (cursor) attrs = attrs.includes('7') ? attrs.filter((a) => a !== '7').concat('4') : [...attrs, '7'];
    return [...new Set(attrs)].join(';');
  }
  const p = theme.palette;
  let { attrs, fg: f, bg: b } = themed(base, token, p);
  if (highlighted) {
    const shades = p[`${overlay.highlightKind ?? 'differ'}Bg`];
    // The diff colour, in two shades alternating per token: the splits inside a change stay visible.
    b = shades[token! % 2];
    f = p.text;
    attrs = [...attrs, '4'];
  }
  if (cursor) {
    attrs = attrs.filter((a) => a !== '2');
    f = p.cursor.fg;
    b = p.cursor.bg;
    attrs.push('1');
  }
  const out = [...new Set(attrs)];
  if (f !== undefined) out.push(fg(f));
  if (b !== undefined) out.push(bg(b));
  return out.join(';');
}

/** One line of cells as a string with SGR styles (no trailing spaces). */
export function paintLine(cells: Cell[], overlay: Overlay): string {
  let out = '';
  let pad = 0;
  for (const c of cells) {
    if (pad) out += ' '.repeat(pad);
    let run = '';
    let runSgr = '';
    const flush = () => {
      if (run) out += sgr(runSgr, run);
      run = '';
    };
    for (const p of c.item.parts) {
      const s = overlaySgr(p.sgr, c.item.token, overlay);
      if (s !== runSgr) {
        flush();
        runSgr = s;
      }
      run += p.text;
    }
    flush();
    pad = c.width - c.item.width;
  }
  return out;
}

/** The ids under a line of cells, dim, the cursor's id bold and underlined. */
export function paintIdLine(cells: Cell[], overlay: Overlay): string {
  const dim = (s: string) => (s.trim() ? sgr(DIM, s) : s);
  let out = '';
  let pending = '';
  for (const c of cells) {
    const id = c.item.id ?? '';
    if (id && c.item.token !== undefined && overlay.cursor?.(c.item.token)) {
      out += dim(pending) + sgr('1;4', id);
      pending = ' '.repeat(c.width - id.length);
    } else pending += id.padEnd(c.width);
  }
  return out + dim(pending.trimEnd());
}
