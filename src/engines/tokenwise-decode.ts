// The library's decode for decoders that turn each token into text on its own (WordPiece: a
// token is itself at the start, `##` stripped or a space put before it after that, and the
// cleanup applied to that one token), memoised per id. The report's round trip decodes every
// sample; for a WordPiece tokenizer that decode (ten regex replaces per token) cost as much as
// the encode. Each token's text comes from the library's own decoder, so nothing is
// re-implemented; the engine takes this only while it gives the library's decode on the canaries.

import { CANARIES } from '../core/snapshot/canaries.js';
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
  // Each id's text as the first token and after another, filled as ids come.
  const first: Array<string | undefined> = [];
  const later: Array<string | undefined> = [];
  const text = (id: number, after: boolean): string => {
    const token = vocab[id] ?? unk ?? '';
    const s = after ? decoder.decode_chain(['', token])[1]! : decoder.decode_chain([token])[0]!;
    // Ids outside the vocabulary are not kept (an array indexed by them could grow without bound).
    if (id >= 0 && id < vocab.length) (after ? later : first)[id] = s;
    return s;
  };
  return (ids) => {
    if (ids.length === 0) return '';
    let out = first[ids[0]!] ?? text(ids[0]!, false);
    for (let i = 1; i < ids.length; i++) out += later[ids[i]!] ?? text(ids[i]!, true);
    return out;
  };
}

/**
 * The tokenwise decoder of this tokenizer when it gives `library`'s decode on the ids `idsOf`
 * gives each canary string (with special tokens); undefined otherwise.
 */
export function checkedTokenwiseDecoder(
  tokenizer: unknown,
  json: Record<string, any>,
  idsOf: (text: string) => number[] | undefined,
  library: (ids: number[]) => string,
): ((ids: number[]) => string) | undefined {
  let decoder: ((ids: number[]) => string) | undefined;
  try {
    decoder = tokenwiseDecoder(tokenizer, json);
    if (!decoder) return undefined;
    for (const [, text] of CANARIES) {
      const ids = idsOf(text);
      if (ids?.length && decoder(ids) !== library(ids)) return undefined;
    }
  } catch {
    return undefined; // the internals it reads are not there
  }
  return decoder;
}
