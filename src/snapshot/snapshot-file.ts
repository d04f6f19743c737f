// Snapshot files on disk, read as streams: a file is indexed in chunks (keys and block offsets
// only) and held open while blocks are read and parsed on demand, so a snapshot's size is
// bounded by disk, not memory. Damage is an InputError naming file:line.
//
//   readSnapshotIndex(file)       → SnapshotFileIndex  (block by block: pending, diff, browse)
//   readSnapshotIndexAhead(file)  → Promise of one, a large file scanned on a thread of its own (check)
//   readSnapshotHeader(file)  → SnapshotHeader?    (the header alone; undefined when unreadable)

import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError, fileError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { regularFile } from '../contained-path.js';
import { type SnapshotHeader, SnapshotFormatError } from '../core/snapshot/format.js';
import { parseSnapshotHeader } from '../core/snapshot/parse.js';
import { type SnapshotIndex, indexOfScan } from '../core/snapshot/snapshot-index.js';
import { fdSource } from './file-source.js';
import { type SnapshotScan, scanSnapshot } from '../core/snapshot/snapshot-scan.js';

const DAMAGED_HINT =
  'The file is damaged or cut short: restore it from version control (git checkout -- FILE) or re-create it with `tokpeek snapshot`.';

/** An open snapshot file: read block by block while open (see indexSnapshot). */
export interface SnapshotFileIndex extends SnapshotIndex {
  /** The open descriptor (spanAt's offsets are in it): a pool's worker threads share it to read blocks themselves. */
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
  const { fd, size } = openSnapshot(file, shownAs);
  return fileIndex(fd, size, shownAs, () => scanSnapshot(fdSource(fd, size, shownAs)));
}

// Smaller files are scanned where they are asked for: a thread's start costs about as much.
const AHEAD_MIN_BYTES = 8 << 20;
const SCAN_WORKER = path.join(PACKAGE_ROOT, 'dist', 'bundle', 'snapshot-scan-worker.js');

const DIGESTS = { digests: true };

/**
 * readSnapshotIndex for `check`, with each block's ids digest (see block-ids.ts), and a large
 * file scanned on a thread of its own from now on: check starts it as it starts loading the
 * tokenizer, which keeps the main thread busy on one core for about half a second (a 146 MB
 * snapshot's scan, ~650 ms with its digests, was main-thread time with the pool's workers
 * waiting). Rejects as readSnapshotIndex throws; a thread that cannot run leaves the scan to
 * this one.
 */
export function readSnapshotIndexAhead(file: string, shownAs: string = file): Promise<SnapshotFileIndex> {
  let opened: { fd: number; size: number };
  try {
    opened = openSnapshot(file, shownAs);
  } catch (e) {
    return Promise.reject(e);
  }
  const { fd, size } = opened;
  const here = () => fileIndex(fd, size, shownAs, () => scanSnapshot(fdSource(fd, size, shownAs), DIGESTS));
  if (size < AHEAD_MIN_BYTES) return new Promise((resolve) => resolve(here()));
  // One scan thread at a time (a suite opens its next tokenizers' snapshots ahead): each waits
  // for the last. The first starts now, not in a later microtask: the tokenizer's load that
  // follows keeps this thread busy for half a second without a turn.
  const start = () => scanOnThread(fd, size);
  const answer = scanning ? scanning.then(start) : start();
  scanning = answer;
  void answer.then(() => {
    if (scanning === answer) scanning = undefined;
  });
  return answer.then((answer) =>
    fileIndex(fd, size, shownAs, () => {
      if (answer && 'scan' in answer) return answer.scan;
      if (answer && 'format' in answer) throw new SnapshotFormatError(answer.format.message, answer.format.line);
      // The thread could not read the file, or did not run: the scan here says what went wrong.
      return scanSnapshot(fdSource(fd, size, shownAs), DIGESTS);
    }),
  );
}

let scanning: Promise<unknown> | undefined;

/** The scan thread's answer, or undefined when it did not give one. */
function scanOnThread(fd: number, size: number): Promise<ScanAnswer | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(SCAN_WORKER, { workerData: { fd, size } satisfies ScanRequest });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (answer: ScanAnswer) => resolve(answer));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

/** What the scan thread is given: the main thread's descriptor (threads share them) and the file's size. */
export interface ScanRequest {
  fd: number;
  size: number;
}

/** The scan thread's answer: the scan, a damaged file's SnapshotFormatError, or its failure to read it. */
export type ScanAnswer = { scan: SnapshotScan } | { format: { message: string; line: number } } | { failed: true };

function openSnapshot(file: string, shownAs: string): { fd: number; size: number } {
  try {
    const size = regularFile(file, 'snapshot file').size;
    return { fd: fs.openSync(file, 'r'), size };
  } catch (e) {
    throw fileError(shownAs, e, 'snapshot file');
  }
}

/** The index over an open descriptor, from `scan`'s result (closed again when that throws). */
function fileIndex(fd: number, size: number, shownAs: string, scan: () => SnapshotScan): SnapshotFileIndex {
  const close = () => fs.closeSync(fd);
  try {
    const source = fdSource(fd, size, shownAs);
    const index = asInputError(shownAs, () => indexOfScan(source, scan()));
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
