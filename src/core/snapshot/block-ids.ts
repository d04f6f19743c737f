// Each snapshot block's ids digest (ids-digest.ts), taken as the file is scanned for `check`
// (snapshot-scan.ts): the ids are read where they lie, and a block gets a digest only when it
// passes, read this way, what parseBlock checks of a block: the shape serializeEntry writes (the
// sample line, an optional record line, the text line, then pairs of `tokens:` and `ids:` lines),
// as many ids on each line as tokens, as many in all as the sample line counts, and a text (a
// chat sample's record) that still hashes to the key. A trusted block is never parsed, so these
// are what keep an edited or damaged one from passing: any other block is read and compared the
// full way, which reports its damage (file:line).

import { isUtf8 } from 'node:buffer';
import { idsDigest } from './ids-digest.js';
import { keyOfBytes, sampleKey } from './sample-key.js';
import type { ByteSource } from './snapshot-index.js';
import { unescapeText } from './text-escape.js';

const NL = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const bytesOf = (s: string) => Buffer.from(s, 'utf8');
const SAMPLE_LINE = bytesOf('\n== ');
const COUNT = bytesOf(' · ');
const COUNTED = bytesOf(' token');
const RECORD = bytesOf('record: "');
const TEXT = bytesOf('text: "');
const TOKENS = bytesOf('tokens:');
const IDS = bytesOf('ids:');
/** Ids are vocabulary indexes: from 2^31 on, a number is left to parseBlock (which reads up to 2^32 - 1). */
const MAX_ID = 0x7fffffff;
/** Blocks are read this many bytes at a time (a longer block alone). */
const WINDOW = 1 << 22;

/**
 * The digest of each block's ids (2 words per block, in file order; (0, 0) for a block without
 * one), for blocks at `starts` (each block up to the next start, the last up to the end). The
 * bytes are read in windows of whole blocks, each window checked as UTF-8 at once.
 */
export function digestBlocks(source: ByteSource, starts: Float64Array, count: number): Uint32Array {
  const out = new Uint32Array(2 * count);
  const ids: number[] = [];
  const endOf = (i: number) => (i + 1 < count ? starts[i + 1]! : source.size);
  for (let first = 0; first < count; ) {
    let last = first + 1;
    while (last < count && endOf(last) - starts[first]! <= WINDOW) last++;
    const from = starts[first]!;
    const read = source.read(from, endOf(last - 1) - from);
    const window = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    // Invalid UTF-8 anywhere in the window: each of its blocks is left to the full comparison.
    if (isUtf8(window))
      for (let i = first; i < last; i++)
        if (blockIds(window, starts[i]! - from, endOf(i) - from, ids)) idsDigest(ids, out, i);
    first = last;
  }
  return out;
}

/** Reads the ids of the block at [at, end) of `bytes` into `ids` when it passes the checks above; false when not. */
function blockIds(bytes: Buffer, at: number, end: number, ids: number[]): boolean {
  ids.length = 0;
  const key = at + SAMPLE_LINE.length;
  // `== KEY · N tokens…` (the key was checked as the file was scanned).
  if (!startsWith(bytes, at, SAMPLE_LINE) || !startsWith(bytes, key + 16, COUNT)) return false;
  at = key + 16 + COUNT.length;
  let count = 0;
  const digits = at;
  for (; at < end && bytes[at]! >= ZERO && bytes[at]! <= ZERO + 9; at++)
    if (at - digits > 9) return false;
    else count = count * 10 + (bytes[at]! - ZERO);
  if (at === digits || !startsWith(bytes, at, COUNTED)) return false;
  at = lineEnd(bytes, at, end);
  let keyed = -1;
  if (startsWith(bytes, at, RECORD)) {
    keyed = at + RECORD.length - 1;
    at = quotedLineEnd(bytes, at, end);
  }
  if (!startsWith(bytes, at, TEXT)) return false;
  if (keyed === -1) keyed = at + TEXT.length - 1;
  at = quotedLineEnd(bytes, at, end);
  if (at < 0 || !literalHasKey(bytes, keyed, bytes.indexOf(NL, keyed), key)) return false;
  do {
    // As many tokens as spaces after `tokens:` (parseBlock splits the rest at each space).
    if (!startsWith(bytes, at, TOKENS)) return false;
    at += TOKENS.length;
    let tokens = 0;
    for (; at < end && bytes[at] !== NL; at++) if (bytes[at] === SPACE) tokens++;
    if (at++ >= end) return false;
    const before = ids.length;
    if (!startsWith(bytes, at, IDS)) return false;
    at += IDS.length;
    while (at < end && bytes[at] === SPACE) {
      let value = 0;
      const first = ++at;
      for (let c = bytes[at]!; at < end && c >= ZERO && c <= ZERO + 9; c = bytes[++at]!)
        value = value * 10 + (c - ZERO);
      const digits = at - first;
      // No digits, a leading zero (String() writes none but "0"), or past MAX_ID.
      if (digits === 0 || (digits > 1 && bytes[first] === ZERO) || value > MAX_ID) return false;
      ids.push(value);
    }
    if (at >= end || bytes[at] !== NL || ids.length - before !== tokens) return false;
    at++;
  } while (at < end);
  return at === end && ids.length === count;
}

/**
 * Whether the string literal at [from, to) (its quotes included) is of a text whose key is the 16
 * digits at `key`: its bytes hashed as they are when it holds no escape, as escapeText writes a
 * text of printable characters; else unescaped first.
 */
function literalHasKey(bytes: Buffer, from: number, to: number, key: number): boolean {
  const literal = bytes.subarray(from + 1, to - 1);
  if (literal.indexOf(BACKSLASH) === -1) return keyOfBytes(literal, bytes, key);
  try {
    return sampleKey(unescapeText(bytes.toString('utf8', from, to))) === bytes.toString('latin1', key, key + 16);
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at < 0 || at + prefix.length > bytes.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/** The offset after the line at `at` (its \n included), or -1 when it does not end before `end`. */
function lineEnd(bytes: Buffer, at: number, end: number): number {
  if (at < 0) return -1;
  const nl = bytes.indexOf(NL, at);
  return nl === -1 || nl >= end ? -1 : nl + 1;
}

/** lineEnd of a `name: "..."` line, -1 unless it ends with a quote (literalHasKey reads the rest). */
function quotedLineEnd(bytes: Buffer, at: number, end: number): number {
  const next = lineEnd(bytes, at, end);
  return next !== -1 && bytes[next - 2] === QUOTE ? next : -1;
}
