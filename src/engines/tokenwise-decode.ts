// The library's decode for decoders that turn each token into text on its own (WordPiece: a
// token is itself at the start, `##` stripped or a space put before it after that, and the
// cleanup applied to that one token), memoised per id. The report's round trip decodes every
// sample; for a WordPiece tokenizer that decode (ten regex replaces per token) cost as much as
// the encode. Each token's text comes from the library's own decoder, so nothing is
// re-implemented; the engine takes this only while it gives the library's decode on the canaries.

import type { JsTokenizerInternals } from './js-internals.js';

interface DecoderInternals {
  decode_chain(tokens: string[]): string[];
  end_of_word_suffix?: string;
}

type LibraryTokenizer = Pick<JsTokenizerInternals, 'model'> & {
  decoder: DecoderInternals | null;
  model: { vocab: string[] };
};

/** Decoders whose decode_chain maps each token alone (given whether it is the first). */
const TOKENWISE = new Set(['WordPiece']);

/** A decode of ids without special-token skipping or cleanup, as `tokenizer.decode` gives it; undefined where it does not apply. */
export function tokenwiseDecoder(
  tokenizer: unknown,
  json: Record<string, any>,
): ((ids: number[]) => string) | undefined {
  const t = tokenizer as LibraryTokenizer;
  if (!TOKENWISE.has(json.decoder?.type) || !t.decoder || t.decoder.end_of_word_suffix) return undefined;
  const decoder = t.decoder;
  const vocab = t.model.vocab;
  const unk = t.model.unk_token;
  // Index 0 of each pair: the token first in the text; 1: after another.
  const memo = [new Map<number, string>(), new Map<number, string>()] as const;
  const tokenText = (id: number, later: 0 | 1): string => {
    let s = memo[later].get(id);
    if (s === undefined) {
      const token = vocab[id] ?? unk ?? '';
      s = later ? decoder.decode_chain(['', token])[1]! : decoder.decode_chain([token])[0]!;
      memo[later].set(id, s);
    }
    return s;
  };
  return (ids) => {
    let out = '';
    for (let i = 0; i < ids.length; i++) out += tokenText(ids[i]!, i === 0 ? 0 : 1);
    return out;
  };
}
