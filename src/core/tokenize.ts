// From an engine's raw output to tokpeek's token model.

import type { RawEncoding, TokenizedSample } from './token-model.js';
import type { Vocabulary } from './vocabulary.js';
import { type TruncationSide, truncationOf } from './truncation.js';

export interface TokenizeOptions {
  addSpecialTokens?: boolean;
  maxLength?: number;
  truncationSide?: TruncationSide;
}

export function toSample(
  text: string,
  raw: RawEncoding,
  vocabulary: Vocabulary,
  options: TokenizeOptions = {},
): TokenizedSample {
  if (!raw.offsets) throw new Error('toSample needs an encoding with offsets');
  const offsets = raw.offsets;
  const tokens = raw.ids.map((id, i) => {
    const [start, end] = offsets[i]!;
    return vocabulary.describe(id, raw.pieces[i]!, start, end, raw.inserted[i]!);
  });
  const sample: TokenizedSample = { text, tokens };
  if (options.maxLength !== undefined) {
    const truncation = truncationOf(tokens, options.maxLength, options.truncationSide);
    if (truncation) sample.truncation = truncation;
  }
  return sample;
}
