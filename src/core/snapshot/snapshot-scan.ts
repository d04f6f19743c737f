// The one pass over a snapshot file that indexing makes (see snapshot-index.ts): the header, and
// each block's key and offset, with each block's ids digest for check; plain data, so that a
// thread of its own can scan a large file (snapshot/snapshot-scan-worker.ts).

import { type SnapshotHeader, SnapshotFormatError } from './format.js';
import { parseHeader } from './parse.js';
import { utf8Fault } from '../utf8-fault.js';
import { digestBlocks } from './block-ids.js';
import { keyWordOfBytes } from './sample-key.js';
import type { ByteSource } from './snapshot-index.js';

const CHUNK = 1 << 22;
/** A header is a few hundred bytes; past this the file has no header worth reading. */
const HEADER_LIMIT = 1 << 20;
const NL = 0x0a;
const CR = 0x0d;
const BLOCK_START = Buffer.from('\n== ');
/** Strict: a snapshot is UTF-8 (a damaged byte is an error naming its line). */
export const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * What one pass over a snapshot file finds (scanSnapshot): plain data, so that a thread of its
 * own can scan a large file while the main thread loads the tokenizer (snapshot-file.ts).
 */
export interface SnapshotScan {
  header: SnapshotHeader;
  /** The header's sample count, and its line. */
  samples: { count: number; line: number };
  /** Samples found. */
  count: number;
  /** Each block's offset (at the newline before its "== "), in file order. */
  starts: Float64Array;
  /** Each key's two 32-bit halves, for a binary search over numbers (a check looks up every sample). */
  highs: Uint32Array;
  lows: Uint32Array;
  /** The keys' 16 ASCII digits, back to back. */
  keyBytes: Uint8Array;
  /** The file has \r\n line ends (a git checkout with autocrlf). */
  crlf: boolean;
  /** When asked for (and the file has \n line ends): each block's ids digest (see digestBlocks). */
  digests?: Uint32Array;
}

/**
 * The pass over the file that indexSnapshot makes: the header, and every block's key and
 * offset; with `digests`, a second pass takes each block's ids digest (for check).
 */
export function scanSnapshot(source: ByteSource, options: { digests?: boolean } = {}): SnapshotScan {
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
  let count = 0;
  let starts = new Float64Array(1024);
  let highs = new Uint32Array(1024);
  let lows = new Uint32Array(1024);
  let keyBytes = new Uint8Array(16 * 1024);
  for (let from = bodyStart; from < size; from += CHUNK) {
    // 19 bytes more than a chunk, so that a start found in the chunk has its key.
    // A view, not a copy (146 MB of copying for a 40 MB corpus's snapshot): a source's read is
    // only reused by a later read, and nothing else is read before this window is done with.
    const read = source.read(from, CHUNK + 19);
    const window = Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    if (!crlf && window.indexOf(CR) !== -1) crlf = true;
    let at = window.indexOf(BLOCK_START);
    if (count === 0) {
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
      // The key's digits read as numbers where they lie: no string per key.
      const high = keyWordOfBytes(window, at + 4);
      const low = keyWordOfBytes(window, at + 12);
      if (high < 0 || low < 0) {
        const line = Buffer.from(source.read(from + at + 1, 60)).toString('utf8');
        throw new SnapshotFormatError(`damaged sample line "${line.split(/\r?\n/)[0]}"`, lineAt(from + at + 1));
      }
      if (count > 0) {
        const before = highs[count - 1]!;
        const order = before !== high ? before - high : lows[count - 1]! - low;
        if (order >= 0) {
          const key = window.toString('latin1', at + 4, at + 20);
          throw new SnapshotFormatError(
            order === 0 ? `sample ${key} appears twice` : `sample ${key} is out of order (samples are sorted by key)`,
            lineAt(from + at + 1),
          );
        }
      }
      if (count === starts.length) {
        starts = grown(starts, new Float64Array(starts.length * 2));
        highs = grown(highs, new Uint32Array(highs.length * 2));
        lows = grown(lows, new Uint32Array(lows.length * 2));
        keyBytes = grown(keyBytes, new Uint8Array(keyBytes.length * 2));
      }
      starts[count] = from + at;
      highs[count] = high;
      lows[count] = low;
      keyBytes.set(window.subarray(at + 4, at + 20), 16 * count);
      count++;
    }
  }
  const digests = options.digests && !crlf ? { digests: digestBlocks(source, starts, count) } : {};
  return { header, samples, count, starts, highs, lows, keyBytes, crlf, ...digests };
}

function grown<T extends Float64Array | Uint32Array | Uint8Array>(old: T, into: T): T {
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
export function lineOf(source: ByteSource, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset; at += CHUNK) {
    const chunk = source.read(at, Math.min(CHUNK, offset - at));
    for (let i = chunk.indexOf(NL); i !== -1; i = chunk.indexOf(NL, i + 1)) line++;
  }
  return line;
}
