// Seeded reservoir sampling (Vitter's Algorithm R): `--sample N` keeps a uniform sample of
// N records out of a stream of unknown length, the same N for the same seed and input.

import { mulberry32 } from '../random.js';

export class Reservoir<T> {
  /** Items offered so far. */
  seen = 0;
  private readonly kept: Array<{ ordinal: number; item: T }> = [];
  private readonly random: () => number;

  constructor(
    readonly size: number,
    seed: number,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('reservoir size must be ≥ 1');
    this.random = mulberry32(seed);
  }

  offer(item: T): void {
    const ordinal = this.seen++;
    if (ordinal < this.size) {
      this.kept.push({ ordinal, item });
      return;
    }
    const j = Math.floor(this.random() * (ordinal + 1));
    if (j < this.size) this.kept[j] = { ordinal, item };
  }

  /** The sample, in input order. */
  items(): T[] {
    return [...this.kept].sort((a, b) => a.ordinal - b.ordinal).map((k) => k.item);
  }
}
