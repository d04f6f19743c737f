// Mergeable heavy hitters (Misra–Gries, batched): the strings that produce unknown tokens,
// most frequent first, in bounded memory.
//
// Up to `capacity` keys are counted exactly. When more distinct keys arrive, the table is
// compacted: the (capacity+1)-th largest count c is subtracted from every key and keys at
// ≤ 0 are dropped. Every reported count is then a lower bound, short of the true count by at
// most `errorBound` (the sum of the c's subtracted), and errorBound ≤ total / (capacity + 1).
// Merging two summaries adds the counters and compacts the same way (Agarwal et al.,
// "Mergeable summaries", 2012), so the bound holds for shards merged anywhere. While no
// compaction has happened (errorBound = 0, the usual case), counts are exact and a merge of
// shards equals a single run.

import type { Location } from './location.js';

export interface TopKEntry {
  key: string;
  count: number;
  /** Where the key was first seen (among the samples that kept it counted). */
  example: Location;
}

export interface TopKJson {
  capacity: number;
  total: number;
  errorBound: number;
  entries: TopKEntry[];
}

export class TopK {
  total = 0;
  errorBound = 0;
  private counts = new Map<string, TopKEntry>();

  constructor(readonly capacity = 1000) {}

  add(key: string, example: Location, weight = 1): void {
    this.total += weight;
    const e = this.counts.get(key);
    if (e) e.count += weight;
    else {
      this.counts.set(key, { key, count: weight, example });
      // Compact only at twice the capacity, so compaction costs O(1) amortized per key.
      if (this.counts.size > 2 * this.capacity) this.compact();
    }
  }

  /** Adds another shard's counts; with `order` (input order) each key keeps its first example, and ties rank by it. */
  merge(other: TopK, order?: (a: Location, b: Location) => number): void {
    this.total += other.total;
    this.errorBound += other.errorBound;
    for (const e of other.counts.values()) {
      const mine = this.counts.get(e.key);
      if (!mine) this.counts.set(e.key, { ...e });
      else {
        mine.count += e.count;
        if (order && order(e.example, mine.example) < 0) mine.example = e.example;
      }
    }
    if (order) this.counts = new Map([...this.counts].sort((a, b) => order(a[1].example, b[1].example)));
    this.compact();
  }

  private compact(): void {
    if (this.counts.size <= this.capacity) return;
    const sorted = [...this.counts.values()].map((e) => e.count).sort((a, b) => b - a);
    const c = sorted[this.capacity]!;
    for (const [key, e] of this.counts) {
      e.count -= c;
      if (e.count <= 0) this.counts.delete(key);
    }
    this.errorBound += c;
  }

  /** True when every count is exact. */
  get exact(): boolean {
    return this.errorBound === 0;
  }

  /** The n most frequent keys, ties by first appearance. */
  top(n: number): TopKEntry[] {
    this.compact();
    return [...this.counts.values()].sort((a, b) => b.count - a.count).slice(0, n);
  }

  toJSON(): TopKJson {
    this.compact();
    return {
      capacity: this.capacity,
      total: this.total,
      errorBound: this.errorBound,
      entries: [...this.counts.values()],
    };
  }

  static fromJSON(json: TopKJson): TopK {
    const t = new TopK(json.capacity);
    t.total = json.total;
    t.errorBound = json.errorBound;
    for (const e of json.entries) t.counts.set(e.key, { ...e });
    return t;
  }
}
