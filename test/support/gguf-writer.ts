// A small GGUF writer for tests: vocab-only files (zero tensors) that llama.cpp loads with
// `vocabOnly`. No real model's GGUF can be downloaded here, so tests build them from the
// bundled tokenizer.json files, laid out as llama.cpp's convert_hf_to_gguf.py writes them
// (see gguf-from-hf.ts). Little-endian, GGUF version 3.

import fs from 'node:fs';

export type GgufEntry =
  | { type: 'string'; value: string }
  | { type: 'u32' | 'i32' | 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string[]'; value: string[] }
  | { type: 'i32[]' | 'f32[]'; value: number[] };

const TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;

class Out {
  private chunks: Buffer[] = [];
  private cur = Buffer.alloc(1 << 20);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.cur.length) return;
    this.chunks.push(this.cur.subarray(0, this.at));
    this.cur = Buffer.alloc(Math.max(1 << 20, n));
    this.at = 0;
  }
  u32(v: number): void {
    this.room(4);
    this.at = this.cur.writeUInt32LE(v, this.at);
  }
  i32(v: number): void {
    this.room(4);
    this.at = this.cur.writeInt32LE(v, this.at);
  }
  f32(v: number): void {
    this.room(4);
    this.at = this.cur.writeFloatLE(v, this.at);
  }
  u64(v: number): void {
    this.room(8);
    this.at = this.cur.writeBigUInt64LE(BigInt(v), this.at);
  }
  u8(v: number): void {
    this.room(1);
    this.at = this.cur.writeUInt8(v, this.at);
  }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.room(bytes.length);
    this.at += bytes.copy(this.cur, this.at);
  }
  done(): Buffer {
    this.chunks.push(this.cur.subarray(0, this.at));
    return Buffer.concat(this.chunks);
  }
}

/** The bytes of a GGUF v3 file with these metadata entries and no tensors. */
export function ggufBytes(entries: Record<string, GgufEntry>): Buffer {
  const out = new Out();
  out.u32(0x46554747); // "GGUF"
  out.u32(3);
  out.u64(0); // tensors
  const keys = Object.keys(entries);
  out.u64(keys.length);
  for (const key of keys) {
    const e = entries[key]!;
    out.string(key);
    switch (e.type) {
      case 'string':
        out.u32(TYPE.string);
        out.string(e.value);
        break;
      case 'u32':
        out.u32(TYPE.u32);
        out.u32(e.value);
        break;
      case 'i32':
        out.u32(TYPE.i32);
        out.i32(e.value);
        break;
      case 'f32':
        out.u32(TYPE.f32);
        out.f32(e.value);
        break;
      case 'bool':
        out.u32(TYPE.bool);
        out.u8(e.value ? 1 : 0);
        break;
      case 'string[]':
        out.u32(TYPE.array);
        out.u32(TYPE.string);
        out.u64(e.value.length);
        for (const s of e.value) out.string(s);
        break;
      case 'i32[]':
      case 'f32[]':
        out.u32(TYPE.array);
        out.u32(e.type === 'i32[]' ? TYPE.i32 : TYPE.f32);
        out.u64(e.value.length);
        for (const v of e.value) e.type === 'i32[]' ? out.i32(v) : out.f32(v);
        break;
    }
  }
  return out.done();
}

export function writeGguf(file: string, entries: Record<string, GgufEntry>): void {
  fs.writeFileSync(file, ggufBytes(entries));
}
