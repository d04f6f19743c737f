// Small text helpers for the screen: everything from a corpus or a tokenizer goes through
// visible() before it is measured or cut, so data can never move the cursor or set colours.

import { displayWidth, graphemeWidth } from '../render/display-width.js';
import { visibleParts } from '../core/visible.js';
import { sgr } from '../render/sgr.js';

const segmenter = new Intl.Segmenter();

/** `s` cut to `width` columns (ending in `…` when cut), never splitting a grapheme. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(s) <= width) return s;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const w = graphemeWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** `s` cut to `width` columns from the start (beginning with `…` when cut): the end stays in view. */
export function truncateStart(s: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(s) <= width) return s;
  const graphemes = [...segmenter.segment(s)].map((g) => g.segment);
  let out = '';
  let used = 0;
  for (let i = graphemes.length - 1; i >= 0; i--) {
    const w = graphemeWidth(graphemes[i]!);
    if (used + w > width - 1) break;
    out = graphemes[i]! + out;
    used += w;
  }
  return '…' + out;
}

/** `s` in lines of at most `width` columns, broken at spaces (a longer word is cut). */
export function wrapWords(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (displayWidth(next) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => truncate(l, width));
}

/**
 * A one-column divider pinned at `column` (0-based): the cursor is moved there (CHA) before the
 * `│` is drawn, so a row whose text the terminal draws narrower or wider than counted (terminals
 * disagree on emoji sequences and Indic clusters, display-width.ts) cannot move what follows.
 */
export function pinnedEdge(column: number): string {
  return `\x1b[${column + 1}G${sgr('2', '│')}`;
}

/** `s` cut or padded with spaces to exactly `width` columns. */
export function fit(s: string, width: number): string {
  const t = truncate(s, width);
  return t + ' '.repeat(Math.max(0, width - displayWidth(t)));
}

/** The start of a text for a one-line list row: visible(), but spaces stay spaces. */
export function preview(text: string, width: number): string {
  // Only the start is ever shown: do not escape a megabyte to show a line of it.
  let end = Math.min(text.length, Math.max(0, width) * 4 + 16);
  const code = text.charCodeAt(end - 1);
  if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--; // not half a surrogate pair
  const shown = visibleParts(text.slice(0, end))
    .map((p) => (p.symbol ? p.text.replace(/·/g, ' ') : p.text))
    .join('');
  return truncate(end < text.length ? shown + '…' : shown, width);
}

/** A name from a file or the command line, safe on one line: spaces stay, `⏎` `→` `␛`… show. */
export function label(s: string): string {
  return visibleParts(s)
    .map((p) => (p.symbol ? p.text.replace(/·/g, ' ') : p.text))
    .join('');
}
