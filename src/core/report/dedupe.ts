// Exact duplicate detection in compact memory: a 53-bit hash per distinct sample (cyrb53) in
// an open-addressing table of typed arrays, with where each was first seen — about 32 bytes per
// distinct sample. Two different texts share a hash with probability ~n²/2⁵⁴ (1e-5 at 10⁶
// samples). The table is what a partial stores, so shards merge into exactly the single-run
// count; a sample repeated across shards points to its first sighting in the shard given first.

/** cyrb53 (public domain, bryc): a fast 53-bit string hash. Never returns 0. */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

export interface FirstSeen {
  file: number;
  line: number;
}

export interface SeenSetJson {
  /** base64 of Float64Array hashes, Int32Array file indices, Int32Array lines (same order). */
  hashes: string;
  files: string;
  lines: string;
}

export class SeenSet {
  size = 0;
  private keys = new Float64Array(1024);
  private files = new Int32Array(1024);
  private lines = new Int32Array(1024);

  /** Adds a hash; returns where it was first seen when it is already there. */
  add(hash: number, file: number, line: number): FirstSeen | undefined {
    let slot = this.find(hash);
    if (this.keys[slot] === hash) return { file: this.files[slot]!, line: this.lines[slot]! };
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      slot = this.find(hash);
    }
    this.keys[slot] = hash;
    this.files[slot] = file;
    this.lines[slot] = line;
    this.size++;
    return undefined;
  }

  /** Moves an existing hash's first sighting (merging shards: an earlier copy came later). */
  replace(hash: number, file: number, line: number): void {
    const slot = this.find(hash);
    if (this.keys[slot] !== hash) return;
    this.files[slot] = file;
    this.lines[slot] = line;
  }

  private find(hash: number): number {
    const mask = this.keys.length - 1;
    let slot = (hash % 0x7fffffff) & mask;
    while (this.keys[slot] !== 0 && this.keys[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { keys, files, lines } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.files = new Int32Array(keys.length * 2);
    this.lines = new Int32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const slot = this.find(keys[i]!);
      this.keys[slot] = keys[i]!;
      this.files[slot] = files[i]!;
      this.lines[slot] = lines[i]!;
    }
  }

  /** Entries in first-seen order is not kept; callers merge by re-adding. */
  *entries(): Generator<{ hash: number; file: number; line: number }> {
    for (let i = 0; i < this.keys.length; i++)
      if (this.keys[i] !== 0) yield { hash: this.keys[i]!, file: this.files[i]!, line: this.lines[i]! };
  }

  toJSON(): SeenSetJson {
    const hashes = new Float64Array(this.size);
    const files = new Int32Array(this.size);
    const lines = new Int32Array(this.size);
    let k = 0;
    for (const e of this.entries()) {
      hashes[k] = e.hash;
      files[k] = e.file;
      lines[k] = e.line;
      k++;
    }
    const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return { hashes: b64(hashes), files: b64(files), lines: b64(lines) };
  }

  static fromJSON(json: SeenSetJson): SeenSet {
    const buf = (s: string) => {
      const b = Buffer.from(s, 'base64');
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    };
    const hashes = new Float64Array(buf(json.hashes));
    const files = new Int32Array(buf(json.files));
    const lines = new Int32Array(buf(json.lines));
    if (files.length !== hashes.length || lines.length !== hashes.length)
      throw new RangeError('duplicate table arrays differ in length');
    const set = new SeenSet();
    for (let i = 0; i < hashes.length; i++) set.add(hashes[i]!, files[i]!, lines[i]!);
    return set;
  }
}
