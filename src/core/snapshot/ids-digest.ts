// A 64-bit digest of a sample's ids, taken of a snapshot block's `ids:` lines while the file is
// scanned (digestBlocks) and of the live encoding in a pool worker: `check` compares the two
// instead of reading the block again, when the snapshot was written by this tokpeek from the same
// tokenizer files and engine (see check-subject.ts: the block's other lines follow from its
// ids and key then). Reading every block in the workers cost check ~1.5 s of CPU on a 146 MB
// snapshot: its bytes went through the caches the encoder lives in.
//
// Two 32-bit hashes (MurmurHash3's mixing, two seeds) over the ids and their count: two
// different id sequences share a digest with a chance of about 2^-64. (0, 0) means "no digest":
// a block that does not have exactly the shape serializeEntry writes gets none, and is compared
// the full way (and its damage reported) as before.

import { isUtf8 } from 'node:buffer';
import type { ByteSource } from './snapshot-index.js';

const SEED_A = 0x9747b28c;
const SEED_B = 0x6a09e667;
/** Ids are vocabulary indexes: a larger number is no id serializeEntry writes. */
const MAX_ID = 0x7fffffff;

function mix(h: number, id: number): number {
  let k = Math.imul(id, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, count: number): number {
  h ^= count;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Writes the digest of `ids` at `out[2 * at]`, `out[2 * at + 1]`, never (0, 0). */
export function idsDigest(ids: ArrayLike<number>, out: Uint32Array, at: number): void {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < ids.length; i++) {
    a = mix(a, ids[i]!);
    b = mix(b, ~ids[i]!);
  }
  store(out, at, finish(a, ids.length), finish(b, ids.length));
}

/** Whether `ids` has the digest at `digests[2 * at]` (`scratch`: 2 words). */
export function matchesDigest(ids: ArrayLike<number>, digests: Uint32Array, at: number, scratch: Uint32Array): boolean {
  idsDigest(ids, scratch, 0);
  return scratch[0] === digests[2 * at] && scratch[1] === digests[2 * at + 1];
}

function store(out: Uint32Array, at: number, a: number, b: number): void {
  out[2 * at] = a;
  out[2 * at + 1] = a === 0 && b === 0 ? 1 : b;
}

const NL = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const QUOTE = 0x22;
const utf8 = (s: string) => Buffer.from(s, 'latin1');
const SAMPLE_LINE = utf8('\n== ');
const RECORD = utf8('record: "');
const TEXT = utf8('text: "');
const TOKENS = utf8('tokens:');
const IDS = utf8('ids:');
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
    // Invalid UTF-8 anywhere in the window: each of its blocks is left to the full comparison,
    // which reports the damage.
    if (isUtf8(window))
      for (let i = first; i < last; i++) {
        const at = starts[i]! - from;
        if (blockIds(window, at, endOf(i) - from, ids)) idsDigest(ids, out, i);
      }
    first = last;
  }
  return out;
}

/**
 * Reads the ids of the block at [at, end) of `bytes` into `ids`, when it has the shape
 * serializeEntry writes: the sample line, an optional record line, the text line, then pairs
 * of `tokens:` and `ids:` lines, and nothing after. False for anything else.
 */
function blockIds(bytes: Uint8Array, at: number, end: number, ids: number[]): boolean {
  ids.length = 0;
  if (!startsWith(bytes, at, SAMPLE_LINE)) return false;
  at = lineEnd(bytes, at + 1, end);
  if (startsWith(bytes, at, RECORD)) at = quotedLineEnd(bytes, at, end);
  if (!startsWith(bytes, at, TEXT)) return false;
  at = quotedLineEnd(bytes, at, end);
  do {
    if (!startsWith(bytes, at, TOKENS)) return false;
    at = lineEnd(bytes, at, end);
    if (!startsWith(bytes, at, IDS)) return false;
    at += IDS.length;
    while (at < end && bytes[at] === SPACE) {
      let value = 0;
      const first = ++at;
      for (let c = bytes[at]!; at < end && c >= ZERO && c <= ZERO + 9; c = bytes[++at]!)
        value = value * 10 + (c - ZERO);
      const digits = at - first;
      // No digits, a leading zero (String() writes none but "0"), or no id.
      if (digits === 0 || (digits > 1 && bytes[first] === ZERO) || value > MAX_ID) return false;
      ids.push(value);
    }
    if (at >= end || bytes[at] !== NL) return false;
    at++;
  } while (at < end);
  return at === end;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at < 0 || at + prefix.length > bytes.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/** The offset after the line at `at` (its \n included), or -1 when it does not end before `end`. */
function lineEnd(bytes: Uint8Array, at: number, end: number): number {
  if (at < 0) return -1;
  const nl = (bytes as Buffer).indexOf(NL, at);
  return nl === -1 || nl >= end ? -1 : nl + 1;
}

/** lineEnd of a `name: "..."` line, -1 unless it ends with its closing quote. */
function quotedLineEnd(bytes: Uint8Array, at: number, end: number): number {
  const next = lineEnd(bytes, at, end);
  return next !== -1 && bytes[next - 2] === QUOTE ? next : -1;
}
