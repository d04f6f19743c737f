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

export interface TokenwiseDecoder {
  /** The decode of ids without special-token skipping or cleanup, as `tokenizer.decode` gives it. */
  decode(ids: number[]): string;
  /**
   * The round trip of `text` through these ids, the post-processor's inserted tokens left out:
   * the first UTF-16 index where the decode differs from the text, or -1 when equal. Read
   * token by token, it stops at the first difference (a lowercasing BERT differs at the first
   * capital) without building the decode.
   */
  roundTrip(text: string, ids: number[], inserted: boolean[]): number;
}

/** The tokenwise decoder of this tokenizer; undefined where its decoder is not one. */
export function tokenwiseDecoder(tokenizer: unknown, json: Record<string, any>): TokenwiseDecoder | undefined {
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
  return {
    decode(ids) {
      if (ids.length === 0) return '';
      let out = first[ids[0]!] ?? text(ids[0]!, false);
      for (let i = 1; i < ids.length; i++) out += later[ids[i]!] ?? text(ids[i]!, true);
      return out;
    },
    roundTrip(source, ids, inserted) {
      let at = 0;
      let after = false;
      for (let i = 0; i < ids.length; i++) {
        if (inserted[i]) continue;
        const id = ids[i]!;
        const s = (after ? later[id] : first[id]) ?? text(id, after);
        after = true;
        for (let k = 0; k < s.length; k++, at++)
          if (at >= source.length || source.charCodeAt(at) !== s.charCodeAt(k)) return at;
      }
      return at === source.length ? -1 : at;
    },
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
): TokenwiseDecoder | undefined {
  let decoder: TokenwiseDecoder | undefined;
  try {
    decoder = tokenwiseDecoder(tokenizer, json);
    if (!decoder) return undefined;
    for (const [, text] of CANARIES) {
      const ids = idsOf(text);
      if (ids?.length && decoder.decode(ids) !== library(ids)) return undefined;
    }
  } catch {
    return undefined; // the internals it reads are not there
  }
  return decoder;
}
