// The pure-JS decompressors tokpeek streams through, driven synchronously: a file read in
// CHUNK_BYTES pieces in, CHUNK_BYTES chunks out. The worker of decompress-in-worker.ts runs
// them; the compressed-input benchmark runs the very same code bare, as the decompression
// tokpeek needs.

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CHUNK_BYTES = 1 << 20;

/** A file descriptor read from the start in CHUNK_BYTES pieces. */
export class FileSource {
  readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  pos = 0;
  end = 0;
  /** Bytes of the file read so far. */
  consumed = 0;
  constructor(private readonly fd: number) {}
  /** False once the file has no more bytes. */
  refill(): boolean {
    this.end = fs.readSync(this.fd, this.buffer, 0, CHUNK_BYTES, this.consumed);
    this.pos = 0;
    this.consumed += this.end;
    return this.end > 0;
  }
  atEnd(): boolean {
    return this.pos === this.end && !this.refill();
  }
}

/** Decompressed bytes gathered into CHUNK_BYTES chunks, each handed to `ship` (which owns it). */
export class ChunkSink {
  private out = new Uint8Array(CHUNK_BYTES);
  private pos = 0;
  constructor(private readonly ship: (chunk: Uint8Array) => void) {}
  writeByte(byte: number): void {
    this.out[this.pos++] = byte;
    if (this.pos === CHUNK_BYTES) this.flush();
  }
  write(bytes: Uint8Array): void {
    for (let from = 0; from < bytes.length; ) {
      const n = Math.min(CHUNK_BYTES - this.pos, bytes.length - from);
      this.out.set(bytes.subarray(from, from + n), this.pos);
      this.pos += n;
      from += n;
      if (this.pos === CHUNK_BYTES) this.flush();
    }
  }
  flush(): void {
    if (this.pos === 0) return;
    const chunk = this.out.subarray(0, this.pos);
    this.out = new Uint8Array(CHUNK_BYTES);
    this.pos = 0;
    this.ship(chunk);
  }
}

/** seek-bzip's decoder, as far as this file drives it (the package has no types). */
interface Bunzip {
  _init_block(): boolean;
  _read_bunzip(): void;
  _start_bunzip(input: unknown, output: unknown): void;
  reader: { read(bits: number): number };
  streamCRC: number;
}
interface SeekBzip {
  new (input: unknown, output: unknown): Bunzip;
  Stream: new () => Record<string, unknown>;
}

export function bunzip2(source: FileSource, sink: ChunkSink): void {
  const Bunzip = require('seek-bzip') as SeekBzip;
  const input = new Bunzip.Stream();
  const bytes = source.buffer;
  input.readByte = () => {
    if (source.atEnd()) throw new Error('the file ends before the compressed data does');
    return bytes[source.pos++];
  };
  const output = new Bunzip.Stream();
  output.writeByte = (byte: number) => sink.writeByte(byte);
  // Bunzip.decode's loop, except that the end of the file is only accepted after a stream's
  // trailer (its own loop stops quietly at any end of input, so a cut file could pass), and
  // further streams follow (pbzip2 and `cat a.bz2 b.bz2` write several).
  const bz = new Bunzip(input, output);
  for (;;) {
    if (bz._init_block()) bz._read_bunzip();
    else {
      const expected = bz.reader.read(32) >>> 0;
      if (expected !== bz.streamCRC) throw new Error('bad stream checksum');
      if (source.atEnd()) break;
      bz._start_bunzip(input, output);
    }
  }
  sink.flush();
}

export function unzstd(source: FileSource, sink: ChunkSink): void {
  const { Decompress } = require('fzstd') as typeof import('fzstd');
  const d = new Decompress((chunk) => sink.write(chunk));
  // A copy: fzstd keeps the tail of a piece that ends inside a frame, and the source's buffer is reused.
  while (source.refill()) d.push(new Uint8Array(source.buffer.subarray(0, source.end)));
  // As the zstd tool says: fzstd takes no input at all for no frames at all.
  if (source.consumed === 0) throw new Error('the file ends before the compressed data does');
  d.push(new Uint8Array(0), true);
  sink.flush();
}
