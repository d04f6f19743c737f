// Terminal columns of a string: the one width function every clipping and padding goes through.
// Its own module because `string-width` (and its emoji tables) takes longer to import than the
// rest of the snapshot path: only what draws columns loads it.
//
// Terminals disagree on some graphemes. Most (xterm, VTE, tmux, xterm.js' Unicode 11 provider)
// advance the cursor per code point by its East Asian width: `👍🏽` is 2 + 2 columns, `हि` 1 + 1.
// Grapheme-aware ones (kitty, WezTerm, Windows Terminal, Ink's own layout via string-width) give
// a cluster the width of its emoji presentation or base: 2 and 1. A grapheme is counted here as
// the larger of the two, so text clipped to N columns never draws past N in either kind of
// terminal; the screens pin every column that must not move (ui/text.ts column()), so drawing
// narrower than counted leaves a blank, never a shift.

import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const codePointWidths = new Map<number, number>();

/**
 * Columns one code point advances the cursor in a per-code-point terminal (wcwidth): East Asian
 * wide/fullwidth and emoji-presentation 2, combining marks, format characters, variation
 * selectors and Hangul medial vowels and final consonants (conjoining jamo after a leading one) 0.
 */
function codePointWidth(cp: number): number {
  let w = codePointWidths.get(cp);
  if (w === undefined) {
    w = (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff) ? 0 : stringWidth(String.fromCodePoint(cp));
    codePointWidths.set(cp, w);
  }
  return w;
}

/** Columns of one grapheme cluster: the wider of the per-code-point and the cluster reading. */
export function graphemeWidth(g: string): number {
  if (g.length === 1) return codePointWidth(g.charCodeAt(0));
  let sum = 0;
  for (const ch of g) sum += codePointWidth(ch.codePointAt(0)!);
  return Math.max(sum, stringWidth(g));
}

/** Terminal columns of `s` (SGR and other CSI sequences take none): see graphemeWidth. */
export function displayWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  const plain = s.includes('\x1b') ? s.replace(ANSI, '') : s;
  let w = 0;
  for (const { segment } of segmenter.segment(plain)) w += graphemeWidth(segment);
  return w;
}
