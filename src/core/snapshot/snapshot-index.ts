// A snapshot file indexed block by block over a byte source (a file read piece by piece, or
// bytes in memory). Only the header, the keys and the blocks' offsets are held: a snapshot's
// size is bounded by disk, not memory, and no block is decoded unless it is asked for.

import { type Snapshot, type SnapshotEntry, type SnapshotHeader, SnapshotFormatError } from './format.js';
import { SAMPLE_KEY, keyWord } from './sample-key.js';
import { compareKeys, serializeHeader } from './serialize.js';
import { parseBlock, parseHeader } from './parse.js';
import { utf8Fault } from '../utf8-fault.js';

/** Bytes that can be read at any offset: a file (see snapshot/store.ts) or a buffer. */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `at`, fewer only past the end. */
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
  /** Where rawBlock's bytes are in the source (offset, length), for a reader of its own; undefined as for rawBlock. */
  blockSpan(key: string): readonly [at: number, length: number] | undefined;
  /** Every entry, parsed one at a time in file order. */
  entries(): Generator<SnapshotEntry>;
}

/** Parses a whole snapshot (every entry in memory). */
export function parseSnapshot(content: string | ByteSource): Snapshot {
  const index = indexSnapshot(content);
  return { header: index.header, entries: [...index.entries()] };
}

const CHUNK = 1 << 22;
/** A header is a few hundred bytes; past this the file has no header worth reading. */
const HEADER_LIMIT = 1 << 20;
const NL = 0x0a;
const CR = 0x0d;
const BLOCK_START = Buffer.from('\n== ');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Checks what can be checked without parsing every block: the header, the final newline,
 * keys (well-formed, sorted, unique), the sample count, and the last block (where a file cut
 * short shows). Every problem is a SnapshotFormatError naming the line.
 */
export function indexSnapshot(content: string | ByteSource): SnapshotIndex {
  const source = typeof content === 'string' ? bytesSource(Buffer.from(content, 'utf8')) : content;
  const size = source.size;
  const lineAt = (offset: number) => lineOf(source, offset);
  if (size === 0) throw new SnapshotFormatError('file is empty', 1);
  // One byte-order mark (an editor's) is an encoding mark, not content.
  const bom = Buffer.from(source.read(0, 3)).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  if (source.read(size - 1, 1)[0] !== NL)
    throw new SnapshotFormatError('file is truncated: the last line has no newline', lineAt(size));

  // The file never holds a raw \r (text escapes it), so \r\n can only come from a git checkout
  // with autocrlf: such a file's blocks are read as \n before they are compared or parsed.
  let crlf = false;
  const { header, samples, bodyStart } = readHeader(source, bom, () => (crlf = true));

  // Block starts: every "\n== " (no line but a sample line starts with "== "). Blank lines
  // before the first sample are tolerated, as anywhere between samples.
  let starts = new Float64Array(1024);
  const keys: string[] = [];
  // Each key's two 32-bit halves, for a binary search over numbers (a check looks up every sample).
  let highs = new Uint32Array(1024);
  let lows = new Uint32Array(1024);
  for (let from = bodyStart; from < size; from += CHUNK) {
    // 19 bytes more than a chunk, so that a start found in the chunk has its key.
    // A view, not a copy (146 MB of copying for a 40 MB corpus's snapshot): a source's read is
    // only reused by a later read, and nothing else is read before this window is done with.
    const read = source.read(from, CHUNK + 19);
    const window = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    if (!crlf && window.indexOf(CR) !== -1) crlf = true;
    let at = window.indexOf(BLOCK_START);
    if (keys.length === 0) {
      const lead = window.subarray(0, at === -1 || at >= CHUNK ? CHUNK : at);
      const bad = lead.findIndex((b) => b !== NL && b !== CR);
      if (bad !== -1) {
        const text = Buffer.from(source.read(from + bad, 60)).toString('utf8');
        throw new SnapshotFormatError(
          `expected a "== <key>" sample line, found "${text.split(/\r?\n/)[0]}"`,
          lineAt(from + bad),
        );
      }
    }
    for (; at !== -1 && at < CHUNK; at = window.indexOf(BLOCK_START, at + 1)) {
      const key = window.toString('latin1', at + 4, at + 20);
      if (!SAMPLE_KEY.test(key)) {
        const line = Buffer.from(source.read(from + at + 1, 60)).toString('utf8');
        throw new SnapshotFormatError(`damaged sample line "${line.split(/\r?\n/)[0]}"`, lineAt(from + at + 1));
      }
      const prev = keys[keys.length - 1];
      if (prev !== undefined && compareKeys(prev, key) >= 0)
        throw new SnapshotFormatError(
          prev === key ? `sample ${key} appears twice` : `sample ${key} is out of order (samples are sorted by key)`,
          lineAt(from + at + 1),
        );
      if (keys.length === starts.length) {
        starts = grown(starts, new Float64Array(starts.length * 2));
        highs = grown(highs, new Uint32Array(highs.length * 2));
        lows = grown(lows, new Uint32Array(lows.length * 2));
      }
      starts[keys.length] = from + at;
      highs[keys.length] = keyWord(key, 0);
      lows[keys.length] = keyWord(key, 8);
      keys.push(key);
    }
  }
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
  // Keys are 16 lowercase hex digits (checked above): their order is that of their halves as numbers.
  const find = (key: string): number => {
    if (!SAMPLE_KEY.test(key)) return -1;
    const high = keyWord(key, 0);
    const low = keyWord(key, 8);
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = highs[mid]!;
      const c = h !== high ? h - high : lows[mid]! - low;
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
    blockSpan(key) {
      const i = crlf ? -1 : find(key);
      return i === -1 ? undefined : [startOf(i), startOf(i + 1) - startOf(i)];
    },
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

function grown<T extends Float64Array | Uint32Array>(old: T, into: T): T {
  into.set(old);
  return into;
}

/** The header, read up to its closing `---` line; `sawCr` is called when it has \r\n line ends. */
function readHeader(
  source: ByteSource,
  from: number,
  sawCr: () => void,
): ReturnType<typeof parseHeader> & { bodyStart: number } {
  let bytes = Buffer.alloc(0);
  let close = -1;
  const closing = /\n---\r?\n/;
  while (bytes.length < Math.min(HEADER_LIMIT, source.size - from)) {
    bytes = Buffer.concat([bytes, source.read(from + bytes.length, 1 << 16)]);
    // A snapshot starts with "---": anything else is not one, whatever its size.
    const firstLine = bytes.indexOf(NL);
    if ((firstLine !== -1 || bytes.length >= 5) && !/^---\r?(\n|$)/.test(bytes.toString('latin1', 0, 5)))
      throw new SnapshotFormatError('not a tokpeek snapshot: the first line is not "---"', 1);
    const m = closing.exec(bytes.toString('latin1'));
    if (m) {
      close = m.index + m[0].length;
      break;
    }
  }
  if (close === -1 && bytes.length >= HEADER_LIMIT)
    throw new SnapshotFormatError('the header has no closing "---" in its first MiB (file damaged)', 1);
  const head = bytes.subarray(0, close === -1 ? bytes.length : close);
  if (head.includes(CR)) sawCr();
  let text: string;
  try {
    text = utf8.decode(head);
  } catch {
    const fault = utf8Fault(head, from);
    throw new SnapshotFormatError(`the header: ${fault.message} (file damaged)`, 1 + fault.linesBefore);
  }
  const parsed = parseHeader(text.replaceAll('\r\n', '\n'));
  return { ...parsed, bodyStart: from + (close === -1 ? bytes.length : close) };
}

/** The 1-based line of a byte offset (only for error messages: it reads up to the offset). */
function lineOf(source: ByteSource, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at += CHUNK) {
    const chunk = source.read(at, Math.min(CHUNK, offset - at));
    for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) line++;
  }
  return line;
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
