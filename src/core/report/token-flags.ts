// What kind of token each id is (unknown, byte fallback, special, end of sequence), computed once
// per vocabulary so that counting a corpus is one table lookup per token.

import type { Vocabulary } from '../vocabulary.js';
import type { Observation } from './observation.js';

export const UNKNOWN = 1;
export const BYTE_FALLBACK = 2;
export const SPECIAL = 4;
const EOS = 8;

/** Per-id flags, computed once from the vocabulary. */
export function tokenFlags(vocabulary: Vocabulary, eosTokens: readonly string[]): Uint8Array {
  // Ids past the end read as no flag: the table reaches the last id that has one (the whole
  // vocabulary only when byte-fallback pieces are looked for; a 200k-key object is slow to walk).
  let size = 0;
  const vocab = vocabulary.json.model?.vocab;
  if (vocabulary.byteFallback) size = vocabulary.size;
  else if (Array.isArray(vocab)) size = vocab.length;
  // Otherwise the unknown token's id is the vocabulary's (or an added token's): reached as it is.
  else if (vocabulary.unkId !== undefined) size = vocabulary.unkId + 1;
  for (const id of vocabulary.added.keys()) size = Math.max(size, id + 1);
  const flags = new Uint8Array(size);
  // Pieces matter only for byte fallback: without it, no vocabulary string is looked up.
  const pieceOf = vocabulary.byteFallback ? (id: number) => vocabulary.pieceOf(id) : () => '';
  for (let id = 0; id < size; id++) flags[id] = idFlags(vocabulary, id, pieceOf(id));
  for (const eos of eosTokens) {
    const id = vocabulary.addedByContent.get(eos)?.id;
    if (id !== undefined) flags[id]! |= EOS;
  }
  return flags;
}

/**
 * One id's flags but EOS, from its piece: what `tokenFlags` holds for every id, for a caller
 * that meets ids one by one and has only a vocabulary profile and the pieces (a screen).
 */
export function idFlags(
  vocabulary: Pick<Vocabulary, 'unkId' | 'byteFallback' | 'added'>,
  id: number,
  piece: string,
): number {
  let f = id === vocabulary.unkId ? UNKNOWN : 0;
  if (vocabulary.byteFallback && /^<0x[0-9A-Fa-f]{2}>$/.test(piece)) f |= BYTE_FALLBACK;
  if (vocabulary.added.get(id)?.special) f |= SPECIAL;
  return f;
}

/** Index of the EOS token that ends a sample: followed only by whitespace tokens (a template's newline), or undefined. */
export function lastEos(
  ids: ArrayLike<number>,
  inserted: ArrayLike<boolean>,
  flags: Uint8Array,
  isWhitespace: (id: number) => boolean,
): number | undefined {
  let end = ids.length;
  while (end > 0 && inserted[end - 1]) end--;
  const from = Math.max(0, end - 4);
  // Most samples end without one: then no token is spelled out (its piece looked up) to say so.
  let any = false;
  for (let i = end - 1; i >= from && !any; i--) any = ((flags[ids[i]!] ?? 0) & EOS) !== 0;
  if (!any) return undefined;
  for (let i = end - 1; i >= from; i--) {
    if ((flags[ids[i]!] ?? 0) & EOS) return i;
    if (!isWhitespace(ids[i]!)) return undefined;
  }
  return undefined;
}

/**
 * Whether the token at `i` (the unknown token) is its own text written in the data (`[UNK]`
 * typed out): by its offsets when the sample has them, else by how often that text occurs in
 * the sample (`typed.left` counts them down, so the unknown of a missing character is never
 * taken for it).
 */
export function spelledOut(
  o: Pick<Observation, 'text' | 'offsets'>,
  i: number,
  content: string | undefined,
  typed: { left?: number },
): boolean {
  if (!content) return false;
  const span = o.offsets?.[i];
  if (span) return o.text.slice(span[0], span[1]) === content;
  typed.left ??= o.text.split(content).length - 1;
  if (typed.left === 0) return false;
  typed.left--;
  return true;
}
