// Truncation as Hugging Face applies it: the post-processor's special tokens are kept,
// `max_length` counts them, and the content is cut on the truncation side.

import type { Token, Truncation } from './token-model.js';

export type TruncationSide = 'left' | 'right';

export function truncationOf(
  tokens: readonly Token[],
  maxLength: number,
  side: TruncationSide = 'right',
  /** When the engine reports them: each token's pre-token ("word"), and whether it is a special token written in the text. */
  words?: { words: readonly number[]; literal: (index: number) => boolean },
): Truncation | undefined {
  if (tokens.length <= maxLength) return undefined;
  const [from, to] = contentBounds((i) => tokens[i]!.inserted === true, tokens.length);
  const specials = tokens.length - (to - from);
  let keep = Math.max(0, maxLength - specials);
  // Below the template's own length, Rust's `max_length - added_tokens` wraps around, and what
  // it keeps is one whole pre-token ("word") on the kept side, with the special tokens written
  // in the text at that edge (measured on tokenizers 0.23 for N = 0..5: BERT at max_length 0 and
  // 1 keeps `[CLS] un ##believ ##able [SEP]`, and `[CLS] [CLS] a [SEP]` for "[CLS] a [CLS] b").
  // Without word indices nothing of the content is kept.
  if (maxLength < specials && words && to > from) keep = edgeWord(words, from, to, side);
  if (keep >= to - from) return undefined;
  if (side === 'right') {
    const droppedFrom = from + keep;
    return { maxLength, side, droppedFrom, droppedTo: to, cutAt: tokens[droppedFrom]!.start };
  }
  const droppedTo = to - keep;
  return { maxLength, side, droppedFrom: from, droppedTo, cutAt: tokens[droppedTo - 1]!.end };
}

/**
 * The tokens truncation drops, over the tokens' inserted flags alone (statistics over a corpus
 * have no Token objects): the half-open range [from, to), as `truncationOf` computes it when the
 * engine gives no word indices.
 */
export function droppedRange(
  inserted: ArrayLike<boolean>,
  maxLength: number,
  side: TruncationSide,
): [number, number] | undefined {
  const n = inserted.length;
  if (n <= maxLength) return undefined;
  const [from, to] = contentBounds((i) => inserted[i] === true, n);
  const keep = Math.max(0, maxLength - (n - (to - from)));
  return side === 'right' ? [from + keep, to] : [from, to - keep];
}

/** The content between the post-processor's leading and trailing inserted tokens. */
function contentBounds(inserted: (index: number) => boolean, n: number): [number, number] {
  let from = 0;
  while (from < n && inserted(from)) from++;
  let to = n;
  while (to > from && inserted(to - 1)) to--;
  return [from, to];
}

/** How many content tokens Rust keeps below the template's length: the edge's literal specials and one word. */
function edgeWord(
  { words, literal }: NonNullable<Parameters<typeof truncationOf>[3]>,
  from: number,
  to: number,
  side: TruncationSide,
): number {
  const step = side === 'right' ? 1 : -1;
  let i = side === 'right' ? from : to - 1;
  const inside = (k: number) => k >= from && k < to;
  while (inside(i) && literal(i)) i += step;
  if (inside(i)) {
    const word = words[i];
    while (inside(i) && words[i] === word && !literal(i)) i += step;
  }
  return side === 'right' ? i - from : to - 1 - i;
}

/** The tokens a model would see after truncation. */
export function keptTokens(tokens: readonly Token[], t: Truncation | undefined): Token[] {
  return t ? [...tokens.slice(0, t.droppedFrom), ...tokens.slice(t.droppedTo)] : [...tokens];
}
