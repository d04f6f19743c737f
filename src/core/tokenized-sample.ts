// An engine's raw encoding as tokpeek's token model: each token described from the vocabulary,
// and the truncation point marked where a max_length is given.

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
    const { words } = raw;
    // A special token written in the text spans its own text (an [UNK] the model made does not).
    const literal = (i: number) => {
      const t = tokens[i]!;
      return t.special && !t.inserted && text.slice(t.start, t.end).includes(t.text);
    };
    const truncation = truncationOf(
      tokens,
      options.maxLength,
      options.truncationSide,
      words ? { words, literal } : undefined,
    );
    if (truncation) sample.truncation = truncation;
  }
  return sample;
}
