// Offsets for engines that report only ids (llama.cpp, tiktoken): each token's bytes are
// laid over the UTF-8 bytes of the original text, in order. A token that holds part of a
// character gets that whole character's span, as the Rust reference reports it.

import { byteFallbackByte, byteLevelBytes, utf8Bytes } from '../core/byte-level.js';
import type { RawEncoding } from '../core/token-model.js';
import type { Vocabulary } from '../core/vocabulary.js';

interface TokenBytes {
  /** What the token stands for in the text; undefined when not known (the token then takes one character). */
  bytes: Uint8Array | undefined;
  /** Inserted by the runtime (BOS/EOS): an empty span where the text has got to. */
  inserted: boolean;
  /** A special token matched in the text: SentencePiece prepends a space to the text after it. */
  special?: boolean;
  /** The unknown token: its bytes (`<unk>`) when written in the text, else it stands for one character. */
  unknown?: boolean;
}

interface ByteAlignment {
  offsets: Array<[number, number]>;
  /** The first token whose bytes were not found where the text was expected to continue (-1 when all matched). */
  firstMismatch: number;
}

/**
 * `prefixSpace`: the runtime prepends a space to the text and to each stretch after a special
 * token (SentencePiece's add_space_prefix). A token starting with that space is laid over the
 * bytes after it, as HF's Prepend normalizer maps it; a lone such space takes the character
 * it precedes. Elsewhere a token whose leading space the text lacks is treated the same way.
 */
export function alignTokenBytes(text: string, tokens: TokenBytes[], prefixSpace = false): ByteAlignment {
  const src = utf8Bytes(text);
  // UTF-16 index of the character each byte belongs to, and of the character's end.
  const startOf = new Int32Array(src.length + 1);
  const endOf = new Int32Array(src.length + 1);
  let b = 0;
  let u = 0;
  for (const ch of text) {
    const n = utf8Length(ch.codePointAt(0)!);
    for (let k = 0; k < n; k++) {
      startOf[b + k] = u;
      endOf[b + k] = u + ch.length;
    }
    b += n;
    u += ch.length;
  }
  startOf[src.length] = endOf[src.length] = text.length;

  const offsets: Array<[number, number]> = [];
  let firstMismatch = -1;
  let at = 0;
  let pending = prefixSpace;
  const empty = () => {
    const here = startOf[Math.min(at, src.length)]!;
    offsets.push([here, here]);
  };
  tokens.forEach((t, i) => {
    if (t.inserted) return empty();
    const tok = t.bytes;
    const skipsSpace = tok !== undefined && tok[0] === 0x20 && matchesAt(src, at, tok, 1);
    let length: number;
    const oneCharacter = () => (at < src.length ? utf8Length(text.codePointAt(startOf[at]!)!) : 0);
    if (tok === undefined) length = oneCharacter();
    else if (t.unknown && !matchesAt(src, at, tok, 0)) length = oneCharacter();
    else if (pending && skipsSpace) length = tok.length - 1;
    else if (matchesAt(src, at, tok, 0)) length = tok.length;
    else if (skipsSpace) length = tok.length - 1;
    else {
      if (firstMismatch < 0) firstMismatch = i;
      length = Math.min(tok.length, src.length - at);
    }
    pending = prefixSpace && t.special === true;
    if (length === 0) {
      // A lone added space: the reference places it on the character it precedes.
      if (skipsSpace && at < src.length) offsets.push([startOf[at]!, endOf[at]!]);
      else empty();
      return;
    }
    offsets.push([startOf[at]!, endOf[at + length - 1]!]);
    at += length;
  });
  return { offsets, firstMismatch };
}

function matchesAt(src: Uint8Array, at: number, tok: Uint8Array, skip: number): boolean {
  if (at + tok.length - skip > src.length) return false;
  for (let k = skip; k < tok.length; k++) if (src[at + k - skip] !== tok[k]) return false;
  return true;
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Offsets of an encoding from its pieces, for a Hugging Face engine whose internals tokpeek
 * cannot replay (a release other than the one it is built with): each piece's bytes, as the
 * vocabulary describes it, laid over the text.
 */
export function offsetsFromPieces(
  text: string,
  e: Pick<RawEncoding, 'ids' | 'pieces' | 'inserted'>,
  vocabulary: Vocabulary,
): Array<[number, number]> {
  const tokens = e.ids.map((id, i): TokenBytes => {
    const t = vocabulary.describe(id, e.pieces[i]!, 0, 0, e.inserted[i]!);
    const fallback = t.byteFallback ? byteFallbackByte(t.piece) : undefined;
    const bytes =
      fallback !== undefined ? [fallback] : t.partial ? byteLevelBytes(t.piece) : Array.from(utf8Bytes(t.text));
    return { bytes: bytes && Uint8Array.from(bytes), inserted: t.inserted, unknown: t.unknown, special: t.special };
  });
  return alignTokenBytes(text, tokens).offsets;
}
