// Truncation as Hugging Face applies it: the post-processor's special tokens are kept,
// `max_length` counts them, and the content is cut on the truncation side.

import type { Token, Truncation } from './token-model.js';

export type TruncationSide = 'left' | 'right';

export function truncationOf(
  tokens: readonly Token[],
  maxLength: number,
  side: TruncationSide = 'right',
): Truncation | undefined {
  if (tokens.length <= maxLength) return undefined;
  let from = 0;
  while (from < tokens.length && tokens[from]!.inserted) from++;
  let to = tokens.length;
  while (to > from && tokens[to - 1]!.inserted) to--;
  const specials = tokens.length - (to - from);
  const keep = Math.max(0, maxLength - specials);
  if (side === 'right') {
    const droppedFrom = from + keep;
    return { maxLength, side, droppedFrom, droppedTo: to, cutAt: tokens[droppedFrom]!.start };
  }
  const droppedTo = to - keep;
  return { maxLength, side, droppedFrom: from, droppedTo, cutAt: tokens[droppedTo - 1]!.end };
}

/** The tokens a model would see after truncation. */
export function keptTokens(tokens: readonly Token[], t: Truncation | undefined): Token[] {
  return t ? [...tokens.slice(0, t.droppedFrom), ...tokens.slice(t.droppedTo)] : [...tokens];
}
