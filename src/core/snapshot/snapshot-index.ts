// A snapshot file indexed block by block over a byte source (a file read piece by piece, or
// bytes in memory). Only the header, the keys and the blocks' offsets are held: a snapshot's
// size is bounded by disk, not memory, and no block is decoded unless it is asked for.

import { type Snapshot, type SnapshotEntry, type SnapshotHeader, SnapshotFormatError } from './format.js';
import { keyWord } from './sample-key.js';
import { compareKeys, serializeHeader } from './serialize.js';
import { parseBlock } from './parse.js';
import { utf8Fault } from '../utf8-fault.js';
import { type SnapshotScan, lineOf, scanSnapshot, utf8 } from './snapshot-scan.js';

/** Bytes that can be read at any offset: a file (see snapshot/store.ts) or a buffer. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `at`, fewer only past the end; valid until the next read (a file source reuses its buffer). */
  read(at: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (at, length) => bytes.subarray(at, at + length) };
}

/**
 * A snapshot file read lazily, for `check` and the pending changes: the header is parsed,
 * every sample's block is found by key, and a block is parsed only when asked for. Most
 * samples of a check are unchanged, and `holds` tells that by comparing the block with the new
 * one as bytes, which costs a fraction of parsing 20 MB of token lines. A block equal to a
 * fresh serializeEntry is well-formed by construction; any other is parsed (and validated)
 * when it is read.
 */
export interface SnapshotIndex {
  header: SnapshotHeader;
  /** Sample keys in file order (sorted). */
  keys: readonly string[];
  has(key: string): boolean;
  /** Where `key` is in `keys`, or -1. */
  position(key: string): number;
  /** Whether the file's block for `key` is exactly `block` (as serializeEntry writes it). */
  holds(key: string, block: string): boolean;
  entry(key: string): SnapshotEntry | undefined;
  /** The block of `key` as serializeEntry wrote it (UTF-8, \n line ends), to copy unparsed. */
  block(key: string): Uint8Array | undefined;
  /**
   * The block of `key` as the file holds it, to compare in place (valid until the next read);
   * undefined when there is none, or when the file has \r\n line ends (then `holds` says).
   */
  rawBlock(key: string): Uint8Array | undefined;
  /** Where the block at `position` is in the source (offset, length), for a reader of its own; undefined as for rawBlock. */
  spanAt(position: number): readonly [at: number, length: number] | undefined;
  /** From a scan that took them: each block's ids digest (ids-digest.ts), 2 words per position. */
  idsDigests?: Uint32Array;
  /** Every entry, parsed one at a time in file order. */
  entries(): Generator<SnapshotEntry>;
}

/** Parses a whole snapshot (every entry in memory). */
export function parseSnapshot(content: string | ByteSource): Snapshot {
  const index = indexSnapshot(content);
  return { header: index.header, entries: [...index.entries()] };
}

/**
 * Checks what can be checked without parsing every block: the header, the final newline,
 * keys (well-formed, sorted, unique), the sample count, and the last block (where a file cut
 * short shows). Every problem is a SnapshotFormatError naming the line.
 */
export function indexSnapshot(content: string | ByteSource): SnapshotIndex {
  const source = typeof content === 'string' ? bytesSource(Buffer.from(content, 'utf8')) : content;
  return indexOfScan(source, scanSnapshot(source));
}

/** A SnapshotIndex over `source` from its scan (see indexSnapshot). */
export function indexOfScan(source: ByteSource, scan: SnapshotScan): SnapshotIndex {
  const { header, samples, starts, highs, lows, crlf } = scan;
  const size = source.size;
  const lineAt = (offset: number) => lineOf(source, offset);
  const digits = Buffer.from(scan.keyBytes.buffer, scan.keyBytes.byteOffset, scan.keyBytes.byteLength);
  const keys = new Array<string>(scan.count);
  for (let i = 0; i < keys.length; i++) keys[i] = digits.toString('latin1', 16 * i, 16 * i + 16);
  const startOf = (i: number) => (i < keys.length ? starts[i]! : size);

  const textOf = (i: number): string => {
    const bytes = source.read(startOf(i), startOf(i + 1) - startOf(i));
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      // The block starts with the newline that ends the line before it.
      const fault = utf8Fault(bytes);
      throw new SnapshotFormatError(
        `sample ${keys[i]}: ${fault.message} (file damaged)`,
        lineAt(startOf(i)) + fault.linesBefore,
      );
    }
    // In a CRLF file the \r before the next block's "\n== " ends this block's last line.
    return crlf ? text.replaceAll('\r\n', '\n').replace(/\r$/, '') : text;
  };
  // Line numbers are counted only for an error message.
  const blockOf = (i: number): SnapshotEntry => parseBlock(textOf(i), () => lineAt(startOf(i)), i === keys.length - 1);
  // Keys are 16 lowercase hex digits (the scan checked them): their order is that of their halves as
  // numbers. Being hash digits they spread evenly, so the search starts around where the first
  // half puts the key (its bounds narrowed only where the keys there allow it).
  const reach = 64 + 4 * Math.ceil(Math.sqrt(keys.length));
  const find = (key: string): number => {
    const high = key.length === 16 ? keyWord(key, 0) : -1;
    const low = high < 0 ? -1 : keyWord(key, 8);
    if (low < 0) return -1;
    const order = (i: number) => (highs[i]! !== high ? highs[i]! - high : lows[i]! - low);
    let lo = 0;
    let hi = keys.length - 1;
    const guess = Math.floor((high / 2 ** 32) * keys.length);
    if (guess - reach > lo && order(guess - reach) <= 0) lo = guess - reach;
    if (guess + reach < hi && order(guess + reach) >= 0) hi = guess + reach;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = order(mid);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  // A file cut at a line end shows in its last block (or in the count, below).
  if (keys.length) blockOf(keys.length - 1);
  if (keys.length !== samples.count) {
    throw new SnapshotFormatError(
      `the header counts ${samples.count} samples but the file holds ${keys.length}${keys.length < samples.count ? ' (file is truncated)' : ''}`,
      keys.length < samples.count ? lineAt(size) - 1 : samples.line,
    );
  }
  return {
    header,
    keys,
    has: (key) => find(key) !== -1,
    position: find,
    holds(key, block) {
      const i = find(key);
      if (i === -1) return false;
      const length = startOf(i + 1) - startOf(i);
      if (crlf) return length >= block.length && textOf(i) === block;
      if (Buffer.byteLength(block, 'utf8') !== length) return false;
      return Buffer.from(source.read(startOf(i), length)).equals(Buffer.from(block, 'utf8'));
    },
    entry(key) {
      const i = find(key);
      return i === -1 ? undefined : blockOf(i);
    },
    rawBlock(key) {
      const i = crlf ? -1 : find(key);
      return i === -1 ? undefined : source.read(startOf(i), startOf(i + 1) - startOf(i));
    },
    spanAt(i) {
      return crlf || i < 0 || i >= keys.length ? undefined : [startOf(i), startOf(i + 1) - startOf(i)];
    },
    ...(scan.digests ? { idsDigests: scan.digests } : {}),
    block(key) {
      const i = find(key);
      if (i === -1) return undefined;
      if (crlf) return Buffer.from(textOf(i), 'utf8');
      // Copied: a file source's buffer is reused by its next read.
      return Buffer.from(source.read(startOf(i), startOf(i + 1) - startOf(i)));
    },
    *entries() {
      for (let i = 0; i < keys.length; i++) yield blockOf(i);
    },
  };
}

/**
 * Serialized blocks in key order: their keys, sorted, and the blocks in that order (each call of
 * `blocks` starts over). A Map in memory (blocksInMemory) or runs spilled to disk
 * (snapshot/sorted-runs.ts).
 */
export interface SortedBlocks {
  readonly keys: readonly string[];
  blocks(): Iterable<Uint8Array>;
}

export function blocksInMemory(blocks: ReadonlyMap<string, Uint8Array>): SortedBlocks {
  const keys = [...blocks.keys()].sort(compareKeys);
  return { keys, blocks: () => keys.map((k) => blocks.get(k)!) };
}

/** Some of a file's blocks, by key, read from it one at a time as they are merged. */
export function blocksOf(index: Pick<SnapshotIndex, 'block'>, keys: Iterable<string>): SortedBlocks {
  const sorted = [...keys].sort(compareKeys);
  return {
    keys: sorted,
    *blocks() {
      for (const k of sorted) yield index.block(k)!;
    },
  };
}

/**
 * A snapshot file's bytes, chunk by chunk, without holding it: the header, then every key of
 * `old` and of `changed` in order, each block taken from `changed` or copied unparsed from
 * `old`, except the keys `drop` names.
 */
export function* mergedSnapshot(
  header: SnapshotHeader,
  old: Pick<SnapshotIndex, 'keys' | 'block'> | undefined,
  changed: SortedBlocks,
  drop: (key: string) => boolean = () => false,
): Generator<Uint8Array> {
  // Two passes over the keys alone: the header counts the samples before any block is read.
  let count = 0;
  for (const [key] of joinKeys(old?.keys ?? [], changed.keys)) if (!drop(key)) count++;
  yield Buffer.from(serializeHeader(header, count), 'utf8');
  const fresh = changed.blocks()[Symbol.iterator]();
  for (const [key, , inChanged] of joinKeys(old?.keys ?? [], changed.keys)) {
    // The changed blocks come in key order: one is taken for each of its keys, dropped or not.
    const block = inChanged ? fresh.next().value! : undefined;
    if (!drop(key)) yield block ?? old!.block(key)!;
  }
}

/** The keys of two sorted key lists in order, each once, with whether each list holds it. */
export function* joinKeys(a: readonly string[], b: readonly string[]): Generator<[string, boolean, boolean]> {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const c = j === b.length ? -1 : i === a.length ? 1 : compareKeys(a[i]!, b[j]!);
    if (c === 0) j++;
    if (c <= 0) yield [a[i++]!, true, c === 0];
    else yield [b[j++]!, false, true];
  }
}
