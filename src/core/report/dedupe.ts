// Duplicate detection in fixed memory: a 53-bit hash per distinct sample (cyrb53) in an
// open-addressing table of typed arrays, with where each was first seen and how often it came
// (20 bytes per slot, at most half the slots used). Two different texts share a hash with
// probability ~n²/2⁵⁴ (1e-5 at 10⁶ distinct samples).
//
// The table never holds more than `capacity` distinct texts (2¹⁹ by default, 20 MiB): up to
// there the duplicate count is exact. Past it, the table keeps only the texts whose hash falls
// in a 1-in-2^k sample of all hashes (k grows by one each time it fills, evicting the others),
// counts the repeats of those exactly — a kept hash was in every earlier sample too, so none of
// its sightings was missed — and scales them by 2^k. Whole texts are in or out of the sample,
// so the estimate is unbiased; its standard error is about √(2^k × repeats) when the repeats
// are spread over many texts (one text repeated very often is either counted whole or not).
// The table is what a partial stores, so shards merge into the single-run count; a sample
// repeated across shards points to its first sighting in the shard given first.

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

interface FirstSeen {
  file: number;
  line: number;
}

export interface SeenSetJson {
  /** base64 of Float64Array hashes, Int32Array file indices, Int32Array lines (same order). */
  hashes: string;
  files: string;
  lines: string;
  /** base64 of Int32Array sightings per hash (absent in older partials: 1 each). */
  counts?: string;
  /** Hashes kept: 1 in 2^level (absent: 0). */
  level?: number;
}

/** Distinct texts an exact count holds by default (the table then takes 20 MiB). */
const SEEN_CAPACITY = 1 << 19;

export class SeenSet {
  size = 0;
  /** Only hashes with `sampleBits(hash) & (2^level - 1) = 0` are kept. */
  level = 0;
  /** Sightings of kept hashes beyond their first. */
  private repeats = 0;
  private keys = new Float64Array(1024);
  private files = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private counts = new Int32Array(1024);

  constructor(private readonly capacity = SEEN_CAPACITY) {}

  /** Repeated samples: exact at level 0, else the kept repeats scaled by 2^level. */
  get duplicates(): number {
    return this.repeats * 2 ** this.level;
  }

  /** Adds a hash seen `count` times; returns where it was first seen when it is already there. */
  add(hash: number, file: number, line: number, count = 1): FirstSeen | undefined {
    if (!this.keeps(hash)) return undefined;
    let slot = this.find(hash);
    if (this.keys[slot] === hash) {
      this.counts[slot]! += count;
      this.repeats += count;
      return { file: this.files[slot]!, line: this.lines[slot]! };
    }
    if (this.size >= this.capacity) {
      while (this.size >= this.capacity) {
        this.level++;
        this.rebuild(this.keys.length);
      }
      if (!this.keeps(hash)) return undefined;
      slot = this.find(hash);
    } else if ((this.size + 1) * 2 > this.keys.length) {
      this.rebuild(this.keys.length * 2);
      slot = this.find(hash);
    }
    this.keys[slot] = hash;
    this.files[slot] = file;
    this.lines[slot] = line;
    this.counts[slot] = count;
    this.size++;
    this.repeats += count - 1;
    return undefined;
  }

  /** Moves an existing hash's first sighting (merging shards: an earlier copy came later). */
  replace(hash: number, file: number, line: number): void {
    const slot = this.find(hash);
    if (this.keys[slot] !== hash) return;
    this.files[slot] = file;
    this.lines[slot] = line;
  }

  private keeps(hash: number): boolean {
    // The low 32 bits of a cyrb53 hash (its h1 half): independent of the table slot's bits.
    return this.level === 0 || ((hash >>> 0) & ((1 << this.level) - 1)) === 0;
  }

  private find(hash: number): number {
    const mask = this.keys.length - 1;
    let slot = (hash % 0x7fffffff) & mask;
    while (this.keys[slot] !== 0 && this.keys[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  }

  /** Re-inserts the kept hashes into tables of `length` slots (dropping those the level no longer keeps). */
  private rebuild(length: number): void {
    const { keys, files, lines, counts } = this;
    this.keys = new Float64Array(length);
    this.files = new Int32Array(length);
    this.lines = new Int32Array(length);
    this.counts = new Int32Array(length);
    this.size = 0;
    this.repeats = 0;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0 || !this.keeps(keys[i]!)) continue;
      const slot = this.find(keys[i]!);
      this.keys[slot] = keys[i]!;
      this.files[slot] = files[i]!;
      this.lines[slot] = lines[i]!;
      this.counts[slot] = counts[i]!;
      this.size++;
      this.repeats += counts[i]! - 1;
    }
  }

  /** The kept hashes, in table order (callers merge by re-adding). */
  *entries(): Generator<{ hash: number; file: number; line: number; count: number }> {
    for (let i = 0; i < this.keys.length; i++)
      if (this.keys[i] !== 0)
        yield { hash: this.keys[i]!, file: this.files[i]!, line: this.lines[i]!, count: this.counts[i]! };
  }

  /** Samples as sparsely as `other` does (before merging its entries into this one). */
  sampleAtLeast(level: number): void {
    if (level <= this.level) return;
    this.level = level;
    this.rebuild(this.keys.length);
  }

  toJSON(): SeenSetJson {
    const hashes = new Float64Array(this.size);
    const files = new Int32Array(this.size);
    const lines = new Int32Array(this.size);
    const counts = new Int32Array(this.size);
    let k = 0;
    for (const e of this.entries()) {
      hashes[k] = e.hash;
      files[k] = e.file;
      lines[k] = e.line;
      counts[k] = e.count;
      k++;
    }
    const b64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return { hashes: b64(hashes), files: b64(files), lines: b64(lines), counts: b64(counts), level: this.level };
  }

  static fromJSON(json: SeenSetJson): SeenSet {
    const buf = (s: string) => {
      const b = Buffer.from(s, 'base64');
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    };
    const hashes = new Float64Array(buf(json.hashes));
    const files = new Int32Array(buf(json.files));
    const lines = new Int32Array(buf(json.lines));
    const counts = json.counts === undefined ? undefined : new Int32Array(buf(json.counts));
    if (files.length !== hashes.length || lines.length !== hashes.length || (counts && counts.length !== hashes.length))
      throw new RangeError('duplicate table arrays differ in length');
    const set = new SeenSet();
    set.sampleAtLeast(json.level ?? 0);
    for (let i = 0; i < hashes.length; i++) set.add(hashes[i]!, files[i]!, lines[i]!, counts?.[i] ?? 1);
    return set;
  }
}
