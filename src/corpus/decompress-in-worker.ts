// Decompressing a file on a worker thread, for the decoders that are pure JS (bzip2 by seek-bzip,
// zstd by fzstd). bzip2 decodes about three times slower than the reader parses: on its own core
// it leaves the reader's free, so reading a .bz2 costs about what decompressing it does, not that
// plus the parsing (`npm run bench -- compressed`). zstd is fast, but one push into fzstd can
// expand a few KB into hundreds of MB (a frame of repeated lines) in a single call, which no
// stream backpressure can interrupt on this thread; the worker's sink blocks mid-frame instead.
// node:zlib needs neither: it inflates on libuv's thread pool, chunkSize bytes at a time. Memory
// stays bounded: the worker ships 1 MiB chunks (sync-decoders.ts) and waits while MAX_IN_FLIGHT
// of them are not yet taken by the reader.

import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../package-info.js';

export type WorkerCompression = 'bzip2' | 'zstd';

export const MAX_IN_FLIGHT = 4;
/** Slots of the shared Int32Array: chunks sent and not yet taken; 1 once the reader stopped. */
export const IN_FLIGHT = 0;
export const CANCELLED = 1;

export interface DecompressWorkerData {
  /** An open file descriptor (this thread opens it, so a missing file fails where it did). */
  fd: number;
  compression: WorkerCompression;
  state: SharedArrayBuffer;
}

export type DecompressMessage =
  | { kind: 'data'; bytes: ArrayBuffer; length: number; consumed: number }
  | { kind: 'end'; consumed: number }
  | { kind: 'error'; message: string; code?: string; syscall?: string };

// Workers always run the compiled module, also when the caller runs from TypeScript sources (tests).
const WORKER_SCRIPT = path.join(PACKAGE_ROOT, 'dist', 'corpus', 'decompress-worker.js');

/** The worker failed on its own (not on the file): exit 70, a bug to report. */
export class DecompressorCrash extends Error {}

export interface DecompressedFile {
  stream: AsyncIterable<Buffer>;
  /** Bytes of the compressed file read so far. */
  consumed(): number;
  close(): void;
}

/** The decompressed bytes of `fd` (which this closes when done). Errors come out of the stream. */
export function decompressInWorker(fd: number, compression: WorkerCompression): DecompressedFile {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const data: DecompressWorkerData = { fd, compression, state: state.buffer as SharedArrayBuffer };
  // No inherited flags: `node --input-type=module -e …` or a loader would break the worker's start.
  const worker = new Worker(WORKER_SCRIPT, { workerData: data, execArgv: [] });
  // The worker keeps the process alive only while the reader waits for it: a reader left
  // suspended (a screen that read what it needed) never holds up the exit.
  worker.unref();
  const queue: DecompressMessage[] = [];
  let wake: (() => void) | undefined;
  let consumed = 0;
  let closed = false;
  const deliver = (m: DecompressMessage) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', deliver);
  // The worker posts every fault of the file or the archive; anything else is tokpeek's own bug.
  let crash: Error | undefined;
  worker.on('error', (e) => {
    crash ??= new DecompressorCrash(e.message);
    wake?.();
  });
  worker.on('exit', () => {
    fs.closeSync(fd);
    crash ??= new DecompressorCrash('the decompressing thread stopped');
    wake?.();
  });
  const close = () => {
    if (closed) return;
    closed = true;
    Atomics.store(state, CANCELLED, 1);
    Atomics.notify(state, IN_FLIGHT);
    void worker.terminate();
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        while (queue.length === 0) {
          if (crash) throw crash;
          worker.ref();
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          worker.unref();
        }
        const m = queue.shift()!;
        if (m.kind === 'error') throw Object.assign(new Error(m.message), { code: m.code, syscall: m.syscall });
        consumed = m.consumed;
        if (m.kind === 'end') return;
        Atomics.sub(state, IN_FLIGHT, 1);
        Atomics.notify(state, IN_FLIGHT);
        yield Buffer.from(m.bytes, 0, m.length);
      }
    } finally {
      close();
    }
  }
  return { stream: chunks(), consumed: () => consumed, close };
}
