// A mergeable length histogram: exact counts for every length up to EXACT_MAX, then
// logarithmic buckets (64 per doubling, so a bucket spans at most ~1.1% of its value).
// Percentiles are exact whenever they fall at or below EXACT_MAX and otherwise are the upper
// bound of their bucket ("exact to the histogram's resolution"). Count, sum, min and max are
// always exact, and so are merges: merging shards' histograms equals one histogram of all.

/** Lengths up to this are counted one by one (131,072 = a 128K context). */
export const EXACT_MAX = 131_072;
/** Logarithmic buckets per doubling above EXACT_MAX. */
const LOG_STEPS = 64;

export interface HistogramJson {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  /** [length, count] for every length ≤ EXACT_MAX seen. */
  exact: Array<[number, number]>;
  /** [bucket key, count, sum of lengths] above EXACT_MAX; a key's range is (upper(key-1), upper(key)]. */
  log: Array<[number, number, number]>;
}

/** The bucket key of a length above EXACT_MAX. */
export function bucketKey(length: number): number {
  let key = Math.ceil(Math.log2(length) * LOG_STEPS);
  // Guard floating-point edges so that upper(key - 1) < length ≤ upper(key).
  while (bucketUpper(key) < length) key++;
  while (key > 0 && bucketUpper(key - 1) >= length) key--;
  return key;
}

/** Largest length in a bucket. */
export function bucketUpper(key: number): number {
  return Math.floor(2 ** (key / LOG_STEPS));
}

export class LengthHistogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private exact: Float64Array | undefined;
  private readonly log = new Map<number, { count: number; sum: number }>();

  add(length: number, times = 1): void {
    if (!Number.isInteger(length) || length < 0)
      throw new RangeError(`length must be a whole number ≥ 0, got ${length}`);
    this.count += times;
    this.sum += length * times;
    if (length < this.min) this.min = length;
    if (length > this.max) this.max = length;
    if (length <= EXACT_MAX) {
      this.exact ??= new Float64Array(EXACT_MAX + 1);
      this.exact[length] = this.exact[length]! + times;
    } else {
      const key = bucketKey(length);
      const b = this.log.get(key);
      if (b) {
        b.count += times;
        b.sum += length * times;
      } else this.log.set(key, { count: times, sum: length * times });
    }
  }

  merge(other: LengthHistogram): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    if (other.exact) {
      this.exact ??= new Float64Array(EXACT_MAX + 1);
      for (let i = 0; i <= EXACT_MAX; i++) if (other.exact[i]) this.exact[i] = this.exact[i]! + other.exact[i]!;
    }
    for (const [key, b] of other.log) {
      const mine = this.log.get(key);
      if (mine) {
        mine.count += b.count;
        mine.sum += b.sum;
      } else this.log.set(key, { ...b });
    }
  }

  get mean(): number | null {
    return this.count ? this.sum / this.count : null;
  }

  /**
   * Nearest-rank quantile (q in [0, 1]): the smallest length L such that at least
   * ceil(q · count) samples are ≤ L (the first sample for q = 0). Exact at or below
   * EXACT_MAX; above it, the upper bound of the bucket, capped at the exact max.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count - 1e-9));
    let seen = 0;
    if (this.exact) {
      for (let i = 0; i <= EXACT_MAX; i++) {
        seen += this.exact[i]!;
        if (seen >= rank) return i;
      }
    }
    for (const key of [...this.log.keys()].sort((a, b) => a - b)) {
      seen += this.log.get(key)!.count;
      if (seen >= rank) return Math.min(bucketUpper(key), this.max);
    }
    return this.max;
  }

  /** Samples of length ≤ limit (exact when limit ≤ EXACT_MAX or on a bucket edge). */
  countAtMost(limit: number): number {
    let n = 0;
    if (this.exact) for (let i = 0; i <= Math.min(limit, EXACT_MAX); i++) n += this.exact[i]!;
    for (const [key, b] of this.log) if (bucketUpper(key) <= limit) n += b.count;
    return n;
  }

  /** Σ min(length, limit) over the samples (same exactness as countAtMost). */
  sumCapped(limit: number): number {
    let s = 0;
    if (this.exact) {
      const top = Math.min(limit, EXACT_MAX);
      for (let i = 0; i <= EXACT_MAX; i++) {
        const c = this.exact[i]!;
        if (c) s += c * (i <= top ? i : limit);
      }
    }
    for (const [key, b] of this.log) s += bucketUpper(key) <= limit ? b.sum : b.count * limit;
    return s;
  }

  /** Equal-width bins over [0, upTo]; the last bin also holds everything above upTo. */
  bins(binCount: number, upTo: number): Array<{ from: number; to: number; count: number }> {
    const width = Math.max(1, Math.ceil((upTo + 1) / binCount));
    const out = Array.from({ length: binCount }, (_, i) => ({ from: i * width, to: (i + 1) * width - 1, count: 0 }));
    const put = (length: number, c: number) => {
      out[Math.min(binCount - 1, Math.floor(length / width))]!.count += c;
    };
    if (this.exact) for (let i = 0; i <= EXACT_MAX; i++) if (this.exact[i]) put(i, this.exact[i]!);
    for (const [key, b] of this.log) put(Math.min(bucketUpper(key), this.max), b.count);
    return out;
  }

  /**
   * Bins whose edges grow geometrically from `from` to `upTo` (a log scale), so a long tail
   * gets columns of its own; lengths below `from` go to the first bin. At most `binCount`
   * bins (fewer where integer edges would repeat).
   */
  logBins(binCount: number, from: number, upTo: number): Array<{ from: number; to: number; count: number }> {
    const lo = Math.max(1, from);
    const ratio = (upTo + 1) / lo;
    const edges = [0];
    for (let k = 1; k <= binCount; k++) {
      const e = k === binCount ? upTo + 1 : Math.round(lo * ratio ** (k / binCount));
      if (e > edges[edges.length - 1]!) edges.push(e);
    }
    const out = edges.slice(0, -1).map((e, i) => ({ from: e, to: edges[i + 1]! - 1, count: 0 }));
    const put = (length: number, c: number) => {
      let a = 0;
      let b = out.length - 1;
      while (a < b) {
        const m = (a + b + 1) >> 1;
        if (out[m]!.from <= length) a = m;
        else b = m - 1;
      }
      out[a]!.count += c;
    };
    if (this.exact) for (let i = 0; i <= EXACT_MAX; i++) if (this.exact[i]) put(i, this.exact[i]!);
    for (const [key, b] of this.log) put(Math.min(bucketUpper(key), this.max), b.count);
    return out;
  }

  toJSON(): HistogramJson {
    const exact: Array<[number, number]> = [];
    if (this.exact) for (let i = 0; i <= EXACT_MAX; i++) if (this.exact[i]) exact.push([i, this.exact[i]!]);
    const log = [...this.log.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([k, b]): [number, number, number] => [k, b.count, b.sum]);
    return {
      count: this.count,
      sum: this.sum,
      min: this.count ? this.min : null,
      max: this.count ? this.max : null,
      exact,
      log,
    };
  }

  static fromJSON(json: HistogramJson): LengthHistogram {
    const h = new LengthHistogram();
    h.count = json.count;
    h.sum = json.sum;
    h.min = json.min ?? Infinity;
    h.max = json.max ?? -Infinity;
    if (json.exact.length) {
      h.exact = new Float64Array(EXACT_MAX + 1);
      for (const [len, c] of json.exact) {
        if (!(len >= 0 && len <= EXACT_MAX)) throw new RangeError(`histogram length ${len} is out of range`);
        h.exact[len] = c;
      }
    }
    for (const [key, count, sum] of json.log) h.log.set(key, { count, sum });
    return h;
  }
}
