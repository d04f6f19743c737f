// Snapshot files on disk, read as streams: a file is indexed in chunks (keys and block offsets
// only) and held open while blocks are read and parsed on demand, so a snapshot's size is
// bounded by disk, not memory. Damage is an InputError naming file:line.
//
//   readSnapshotIndex(file)   → SnapshotFileIndex  (block by block: check, pending, diff, browse)
//   readSnapshotHeader(file)  → SnapshotHeader?    (the header alone; undefined when unreadable)

import fs from 'node:fs';
import { InputError, fileError } from '../errors.js';
import { regularFile } from '../contained-path.js';
import { type SnapshotHeader, SnapshotFormatError } from '../core/snapshot/format.js';
import { parseSnapshotHeader } from '../core/snapshot/parse.js';
import { type ByteSource, type SnapshotIndex, indexSnapshot } from '../core/snapshot/snapshot-index.js';

const DAMAGED_HINT =
  'The file is damaged or cut short: restore it from version control (git checkout -- FILE) or re-create it with `tokpeek snapshot`.';

/** An open snapshot file: read block by block while open (see indexSnapshot). */
export interface SnapshotFileIndex extends SnapshotIndex {
  /** The open descriptor (blockSpan's offsets are in it): a pool's worker threads share it to read blocks themselves. */
  fd: number;
  close(): void;
}

/**
 * A snapshot file indexed for `check` and the pending changes (see indexSnapshot): the file is
 * read in chunks and held open, blocks are read and parsed when asked for, and a damaged one is
 * reported then, as an InputError naming file:line. The descriptor keeps reading the file this
 * index was made from even after an atomic write replaces it; `close()` releases it.
 */
export function readSnapshotIndex(file: string, shownAs: string = file): SnapshotFileIndex {
  let fd: number;
  let size: number;
  try {
    size = regularFile(file, 'snapshot file').size;
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw fileError(shownAs, e, 'snapshot file');
  }
  const source: ByteSource = {
    size,
    read(at, length) {
      const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - at)));
      try {
        for (let n = 0, got: number; n < buf.length; n += got)
          if ((got = fs.readSync(fd, buf, n, buf.length - n, at + n)) === 0)
            throw new SnapshotFormatError('the file shrank while it was read', 1);
      } catch (e) {
        throw e instanceof SnapshotFormatError ? e : fileError(shownAs, e, 'snapshot file');
      }
      return buf;
    },
  };
  const close = () => fs.closeSync(fd);
  try {
    const index = asInputError(shownAs, () => indexSnapshot(source));
    return {
      ...index,
      has: index.has,
      holds: (key, block) => asInputError(shownAs, () => index.holds(key, block)),
      entry: (key) => asInputError(shownAs, () => index.entry(key)),
      block: (key) => asInputError(shownAs, () => index.block(key)),
      rawBlock: (key) => asInputError(shownAs, () => index.rawBlock(key)),
      fd,
      *entries() {
        const all = index.entries();
        for (;;) {
          const next = asInputError(shownAs, () => all.next());
          if (next.done) return;
          yield next.value;
        }
      },
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * The header of a snapshot file, read without the rest, or undefined when the file is missing
 * or its header damaged (a hint for openTokenizer; reading the file for real reports damage).
 */
const HEADER_LIMIT = 1 << 20;

export function readSnapshotHeader(file: string): SnapshotHeader | undefined {
  let fd: number;
  try {
    if (!fs.statSync(file).isFile()) return undefined; // opening a FIFO would block
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.allocUnsafe(1 << 16);
    // A header is a few hundred bytes: past HEADER_LIMIT the file has none worth reading here.
    for (let n: number, read = 0; read < HEADER_LIMIT && (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      read += n;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      const start = Buffer.concat(chunks).toString('utf8');
      if (/\r?\n---\r?\n/.test(start)) return parseSnapshotHeader(start);
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function asInputError<T>(shownAs: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof SnapshotFormatError) throw new InputError(shownAs, e.message, e.line, DAMAGED_HINT);
    throw e;
  }
}
