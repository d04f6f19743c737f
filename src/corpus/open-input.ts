// Opening a corpus input as a byte stream: a file, `-` for standard input, and compressed
// files decompressed on the fly (`.gz`, `.br` by node:zlib; `.zst` by fzstd and `.bz2` by
// unbzip2-stream, both pure JS and streaming), so memory never holds the whole file.
// The format is the extension under the compression's (`train.jsonl.gz` is JSON Lines).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PassThrough, type Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { regularFile } from '../contained-path.js';
import { InputError, fileError } from '../errors.js';

const require = createRequire(import.meta.url);

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
  let raw: Readable;
  if (file === STDIN) raw = process.stdin;
  else {
    try {
      // FIFOs, sockets and devices are refused before a read can block.
      regularFile(file);
      raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    } catch (e) {
      throw fileError(file, e);
    }
  }
  let consumed = 0;
  raw.on('data', (chunk: Buffer) => (consumed += chunk.length));
  const compression = file === STDIN ? undefined : compressionOf(file);
  let stream: Readable = raw;
  if (compression) {
    // unbzip2-stream is a classic stream: a PassThrough makes every decompressor async-iterable,
    // and carries errors of the file or the archive to the reader.
    const decompressor = decompressorFor(compression);
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    raw.on('error', (e) => out.destroy(e));
    decompressor.on('error', (e: Error) => out.destroy(e));
    stream = raw.pipe(decompressor as Transform).pipe(out);
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

async function* wrapErrors(stream: Readable, file: string, compression: Compression | undefined) {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (e) {
    if (e instanceof InputError) throw e;
    if (compression && !(e as NodeJS.ErrnoException).syscall)
      throw new InputError(
        file,
        `not a readable ${compression} file (${String((e as Error).message ?? e).split('\n')[0]})`,
      );
    throw fileError(file, e);
  }
}

function decompressorFor(compression: Compression): Transform {
  switch (compression) {
    case 'gzip':
      return zlib.createGunzip();
    case 'brotli':
      return zlib.createBrotliDecompress();
    case 'zstd':
      return zstdStream();
    case 'bzip2':
      return bzip2Stream();
  }
}

function zstdStream(): Transform {
  // Loaded only when a .zst file comes.
  const { Decompress } = require('fzstd') as typeof import('fzstd');
  let out: Transform;
  const d = new Decompress((data) => out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  out = new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        d.push(chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done) {
      try {
        d.push(new Uint8Array(0), true);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  return out;
}

function bzip2Stream(): Transform {
  const unbzip2 = require('unbzip2-stream') as () => Transform;
  return unbzip2();
}
