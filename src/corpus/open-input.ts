// Opening a corpus input as a byte stream: a file, `-` for standard input, and compressed
// files decompressed on the fly (`.gz`, `.br` by node:zlib on its thread pool; `.zst` by fzstd
// and `.bz2` by seek-bzip, both pure JS, on a worker thread: decompress-in-worker.ts), so memory
// never holds the whole file.
// The format is the extension under the compression's (`train.jsonl.gz` is JSON Lines).

import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { regularFile } from '../contained-path.js';
import { InputError, fileError } from '../errors.js';
import { DecompressorCrash, decompressInWorker } from './decompress-in-worker.js';

type Compression = 'gzip' | 'brotli' | 'zstd' | 'bzip2';

const BY_EXTENSION: Record<string, Compression> = { '.gz': 'gzip', '.br': 'brotli', '.zst': 'zstd', '.bz2': 'bzip2' };
export const COMPRESSED_EXTENSIONS = Object.keys(BY_EXTENSION).map((e) => e.slice(1));

/** The name `-` stands for standard input. */
export const STDIN = '-';

export function compressionOf(file: string): Compression | undefined {
  return BY_EXTENSION[path.extname(file).toLowerCase()];
}

/** The file name without its compression extension (`a.jsonl.gz` → `a.jsonl`). */
export function withoutCompression(file: string): string {
  return compressionOf(file) ? file.slice(0, -path.extname(file).length) : file;
}

interface OpenedInput {
  /** Decompressed bytes. */
  stream: AsyncIterable<Buffer>;
  /** Bytes of the file (compressed) read so far: progress against its size on disk. */
  readonly consumed: () => number;
  close(): void;
}

export function openInput(file: string): OpenedInput {
  const compression = file === STDIN ? undefined : compressionOf(file);
  if (compression === 'bzip2' || compression === 'zstd') {
    let fd: number;
    try {
      // FIFOs, sockets and devices are refused before a read can block.
      regularFile(file);
      fd = fs.openSync(file, 'r');
    } catch (e) {
      throw fileError(file, e);
    }
    const d = decompressInWorker(fd, compression);
    return { stream: wrapErrors(d.stream, file, compression), consumed: d.consumed, close: d.close };
  }
  let raw: Readable;
  if (file === STDIN) raw = process.stdin;
  else {
    try {
      regularFile(file);
      raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    } catch (e) {
      throw fileError(file, e);
    }
  }
  let consumed = 0;
  raw.on('data', (chunk: Buffer) => (consumed += chunk.length));
  let stream: Readable = raw;
  if (compression) {
    // zlib's default 16 KiB output chunks cost the line splitter a pass per chunk: 1 MiB ones, as
    // the plain file is read in, keep the reader's per-chunk work the same for every input.
    const options = { chunkSize: 1 << 20 };
    const inflate = compression === 'gzip' ? zlib.createGunzip(options) : zlib.createBrotliDecompress(options);
    raw.on('error', (e) => inflate.destroy(e));
    stream = raw.pipe(inflate);
  }
  return {
    stream: wrapErrors(stream, file, compression),
    consumed: () => consumed,
    close: () => {
      stream.destroy();
      raw.destroy();
    },
  };
}

async function* wrapErrors(stream: AsyncIterable<Buffer>, file: string, compression: Compression | undefined) {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof InputError || e instanceof DecompressorCrash) throw e;
    if (compression && !(e as NodeJS.ErrnoException).syscall)
      throw new InputError(
        file,
        `not a readable ${compression} file (${String((e as Error).message ?? e).split('\n')[0]})`,
      );
    throw fileError(file, e);
  }
}
