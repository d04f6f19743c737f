// Paints wrapped token cells for the terminal UI: token-text.ts's styles, with the cursor and
// compare highlights laid over them. Without colour (NO_COLOR) only attributes remain (bold,
// dim, underline, inverse): the token view is still in bracket notation then, and the cursor
// must still show. Only SGR sequences are emitted; the text went through visible() already.

import type { Cell } from '../../render/token-text.js';

export interface Overlay {
  color: boolean;
  /** Tokens under the cursor. */
  cursor?: (token: number) => boolean;
  /** Tokens in a span where two segmentations differ. */
  highlight?: (token: number) => boolean;
  /** Background of highlighted tokens in colour (default dark red). */
  highlightBg?: string;
}

const CURSOR_COLOR = ['1', '30', '48;5;214'];
const HIGHLIGHT_BG = '48;5;88';

/** SGR parameters split into whole attributes (`48;5;237` stays one). */
export function sgrAttributes(sgr: string): string[] {
  if (!sgr) return [];
  const codes = sgr.split(';');
  const out: string[] = [];
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if ((c === '38' || c === '48') && codes[i + 1] === '5') {
      out.push(codes.slice(i, i + 3).join(';'));
      i += 2;
    } else if ((c === '38' || c === '48') && codes[i + 1] === '2') {
      out.push(codes.slice(i, i + 5).join(';'));
      i += 4;
    } else out.push(c);
  }
  return out;
}

function isColour(a: string): boolean {
  if (a.startsWith('38;') || a.startsWith('48;')) return true;
  const n = Number(a);
  return (n >= 30 && n <= 49) || (n >= 90 && n <= 107);
}

const isBackground = (a: string) =>
  a.startsWith('48;') || (Number(a) >= 40 && Number(a) <= 49) || (Number(a) >= 100 && Number(a) <= 107);

/** The SGR parameters of one part of a token after the overlay. */
export function overlaySgr(sgr: string, token: number | undefined, overlay: Overlay): string {
  let attrs = sgrAttributes(sgr);
  if (!overlay.color) attrs = attrs.filter((a) => !isColour(a));
  if (token !== undefined && overlay.highlight?.(token)) {
    if (overlay.color)
      attrs = [...attrs.filter((a) => !isBackground(a) && a !== '7'), overlay.highlightBg ?? HIGHLIGHT_BG, '4'];
    else attrs.push('4');
  }
  if (token !== undefined && overlay.cursor?.(token)) {
    if (overlay.color) attrs = [...attrs.filter((a) => !isColour(a) && a !== '7' && a !== '2'), ...CURSOR_COLOR];
    // Without colour the cursor is inverse video; a token that is inverse already (unknown) flips back.
    else attrs = attrs.includes('7') ? attrs.filter((a) => a !== '7').concat('4') : [...attrs, '7'];
  }
  return [...new Set(attrs)].join(';');
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
      if (run) out += runSgr ? `\x1b[${runSgr}m${run}\x1b[0m` : run;
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
  const dim = (s: string) => (s.trim() ? `\x1b[2m${s}\x1b[0m` : s);
  let out = '';
  let pending = '';
  for (const c of cells) {
    const id = c.item.id ?? '';
    if (id && c.item.token !== undefined && overlay.cursor?.(c.item.token)) {
      out += dim(pending) + `\x1b[1;4m${id}\x1b[0m`;
      pending = ' '.repeat(c.width - id.length);
    } else pending += id.padEnd(c.width);
  }
  return out + dim(pending.trimEnd());
}
