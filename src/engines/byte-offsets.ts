// Offsets for engines that report only ids (llama.cpp, tiktoken): each token's bytes are
// laid over the UTF-8 bytes of the original text, in order. A token that holds part of a
// character gets that whole character's span, as the Rust reference reports it.

import { utf8Bytes } from '../core/byte-level.js';

export interface ByteAlignment {
  offsets: Array<[number, number]>;
  /** Tokens whose bytes were not found where the text was expected to continue (-1 when all matched). */
  firstMismatch: number;
}

/**
 * `bytes[i]` is what token i stands for in the text, or undefined for a token with no bytes
 * there (an inserted BOS, an unknown token: the latter takes one character). A token whose
 * bytes start with a space the text lacks at that point (SentencePiece's added prefix
 * space) is laid over the bytes after the space.
 */
export function alignTokenBytes(text: string, bytes: Array<Uint8Array | undefined>, inserted: boolean[]): ByteAlignment {
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
  for (let i = 0; i < bytes.length; i++) {
    if (inserted[i]) {
      const here = startOf[Math.min(at, src.length)]!;
      offsets.push([here, here]);
      continue;
    }
    const tok = bytes[i];
    let from = at;
    let length: number;
    if (tok === undefined) {
      length = at < src.length ? utf8Length(text.codePointAt(startOf[at]!)!) : 0;
    } else if (matchesAt(src, at, tok, 0)) {
      length = tok.length;
    } else if (tok[0] === 0x20 && matchesAt(src, at, tok, 1)) {
      length = tok.length - 1;
    } else {
      if (firstMismatch < 0) firstMismatch = i;
      length = Math.min(tok.length, src.length - at);
    }
    at = from + length;
    if (length === 0) {
      const here = startOf[Math.min(from, src.length)]!;
      offsets.push([here, here]);
      continue;
    }
    from = Math.min(from, src.length);
    offsets.push([startOf[from]!, endOf[at - 1]!]);
  }
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
