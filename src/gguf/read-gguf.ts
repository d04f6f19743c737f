// Reads the metadata of a GGUF file (llama.cpp's model format): the header and key/value
// section only, in chunks, so a multi-GB model file costs the few MB of its vocabulary.
// Layout: "GGUF", version (u32), tensor count (u64), key/value count (u64), then each key
// (u64 length + UTF-8) with a u32 value type and its value; arrays are an element type, a u64
// count and the elements. Little-endian, as every GGUF file llama.cpp writes.

import fs from 'node:fs';
import { InputError, fileError } from '../errors.js';

export type GgufValue = number | bigint | boolean | string | GgufValue[];
export type GgufMetadata = Map<string, GgufValue>;

export interface GgufHeader {
  version: number;
  tensorCount: bigint;
  metadata: GgufMetadata;
  /** Bytes from the start of the file to the end of the key/value section (tensor infos and weights follow). */
  metadataBytes: number;
}

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const CHUNK = 1 << 20;
// No real key, string or array comes near these; a corrupt length must not allocate gigabytes.
const MAX_STRING_BYTES = 64 << 20;
const MAX_ARRAY_ITEMS = 1 << 26;

enum T {
  U8 = 0,
  I8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  U64 = 10,
  I64 = 11,
  F64 = 12,
}
const FIXED_SIZE: Partial<Record<T, number>> = {
  [T.U8]: 1,
  [T.I8]: 1,
  [T.U16]: 2,
  [T.I16]: 2,
  [T.U32]: 4,
  [T.I32]: 4,
  [T.F32]: 4,
  [T.BOOL]: 1,
  [T.U64]: 8,
  [T.I64]: 8,
  [T.F64]: 8,
};

/** True when the file starts with the GGUF magic (cheap: reads 4 bytes). */
export function isGgufFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === MAGIC;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The header and every metadata key of a GGUF file; tensors are never read. */
export function readGgufHeader(file: string): GgufHeader {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw fileError(file, e);
  }
  try {
    const r = new ChunkReader(fd, file);
    if (r.u32() !== MAGIC) throw new InputError(file, 'not a GGUF file (no GGUF magic at the start)');
    const version = r.u32();
    if (version < 2 || version > 3)
      throw new InputError(file, `GGUF version ${version} is not supported (tokpeek reads versions 2 and 3)`);
    const tensorCount = r.u64();
    const count = r.u64();
    const metadata: GgufMetadata = new Map();
    for (let i = 0n; i < count; i++) {
      const key = r.string();
      metadata.set(key, r.value(r.u32(), key));
    }
    return { version, tensorCount, metadata, metadataBytes: r.position };
  } finally {
    fs.closeSync(fd);
  }
}

class ChunkReader {
  private buf = Buffer.alloc(0);
  private at = 0;
  /** File position of buf[0]. */
  private base = 0;

  constructor(
    private readonly fd: number,
    private readonly file: string,
  ) {}

  private need(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const keep = this.buf.subarray(this.at);
    const next = Buffer.alloc(Math.max(CHUNK, n));
    keep.copy(next);
    this.base += this.at;
    let filled = keep.length;
    while (filled < n) {
      const got = fs.readSync(this.fd, next, filled, next.length - filled, this.base + filled);
      if (got === 0)
        throw new InputError(this.file, `GGUF metadata ends early (truncated file at byte ${this.base + filled})`);
      filled += got;
    }
    this.buf = next.subarray(0, filled);
    this.at = 0;
  }

  /** File position of the next byte to read. */
  get position(): number {
    return this.base + this.at;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64LE(this.at);
    this.at += 8;
    return v;
  }

  string(): string {
    const length = this.u64();
    if (length > BigInt(MAX_STRING_BYTES))
      throw new InputError(this.file, `corrupt GGUF metadata: a string of ${length} bytes`);
    const n = Number(length);
    this.need(n);
    const s = this.buf.toString('utf8', this.at, this.at + n);
    this.at += n;
    return s;
  }

  value(type: number, key: string): GgufValue {
    if (type === T.STRING) return this.string();
    if (type === T.ARRAY) {
      const itemType = this.u32();
      const count = this.u64();
      if (count > BigInt(MAX_ARRAY_ITEMS))
        throw new InputError(this.file, `corrupt GGUF metadata: ${key} claims ${count} items`);
      const out: GgufValue[] = new Array(Number(count));
      for (let i = 0; i < out.length; i++) out[i] = this.value(itemType, key);
      return out;
    }
    const size = FIXED_SIZE[type as T];
    if (size === undefined)
      throw new InputError(this.file, `corrupt GGUF metadata: ${key} has unknown value type ${type}`);
    this.need(size);
    const b = this.buf;
    const at = this.at;
    this.at += size;
    switch (type as T) {
      case T.U8:
        return b.readUInt8(at);
      case T.I8:
        return b.readInt8(at);
      case T.U16:
        return b.readUInt16LE(at);
      case T.I16:
        return b.readInt16LE(at);
      case T.U32:
        return b.readUInt32LE(at);
      case T.I32:
        return b.readInt32LE(at);
      case T.F32:
        return b.readFloatLE(at);
      case T.BOOL:
        return b.readUInt8(at) !== 0;
      case T.U64:
        return b.readBigUInt64LE(at);
      case T.I64:
        return b.readBigInt64LE(at);
      default:
        return b.readDoubleLE(at);
    }
  }
}
