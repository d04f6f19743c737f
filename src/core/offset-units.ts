// Offsets in the unit the reader indexes text by. The token model keeps UTF-16 indices (what a
// JavaScript string slices by); Python's offset_mapping and jq count code points, Rust and C
// count UTF-8 bytes. `show 'a😀b'`: b is at 3–4 in UTF-16, 2–3 in code points, 5–6 in bytes.

import type { TokenizedSample } from './token-model.js';
import { isHighSurrogate, isLowSurrogate } from './code-points.js';

export const OFFSET_UNITS = ['codepoint', 'utf16', 'byte'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

/**
 * Maps UTF-16 indices of `text` to `unit`. An index inside a surrogate pair (a byte-fallback
 * token holding part of an emoji) moves to the character's start for a start offset and to its
 * end for an end offset, so a span never holds less than the character it touches. A lone
 * surrogate counts as one code point and as the 3 bytes of the U+FFFD UTF-8 writes for it.
 */
function offsetMapper(text: string, unit: OffsetUnit): (index: number, edge: 'start' | 'end') => number {
  if (unit === 'utf16') return (i) => i;
  const at = new Uint32Array(text.length + 1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    at[i] = n;
    const c = text.charCodeAt(i);
    const pair = isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1));
    if (pair) {
      at[++i] = n; // inside the pair: resolved by edge below
      n += unit === 'byte' ? 4 : 1;
    } else n += unit === 'codepoint' ? 1 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  at[text.length] = n;
  return (i, edge) => {
    if (i <= 0) return 0;
    if (i >= text.length) return at[text.length]!;
    const inside = isLowSurrogate(text.charCodeAt(i)) && isHighSurrogate(text.charCodeAt(i - 1));
    return inside && edge === 'end' ? at[i + 1]! : at[i]!;
  };
}

/** The sample with every offset (tokens' start/end, the truncation's cutAt) in `unit`. */
export function inOffsetUnit(sample: TokenizedSample, unit: OffsetUnit): TokenizedSample {
  if (unit === 'utf16') return sample;
  const map = offsetMapper(sample.text, unit);
  const out: TokenizedSample = {
    text: sample.text,
    tokens: sample.tokens.map((t) => {
      const start = map(t.start, 'start');
      return { ...t, start, end: t.end === t.start ? start : map(t.end, 'end') };
    }),
  };
  if (sample.truncation) {
    const cut = sample.truncation;
    out.truncation = { ...cut, cutAt: map(cut.cutAt, cut.side === 'right' ? 'end' : 'start') };
  }
  return out;
}
