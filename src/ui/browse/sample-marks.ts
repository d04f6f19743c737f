// Per tokenizer, what the sample list shows of every sample before anyone looks at it: its
// token count and its hazard bits (hazards.ts), drift against the snapshot included. Typed
// arrays that grow with the corpus: two numbers a sample, not an object.

import { COUNTED, DRIFT, SNAPSHOT } from './hazards.js';
import { type Baseline, driftsFrom } from './snapshot-baseline.js';
import { sampleKey } from '../../core/snapshot/sample-key.js';

class GrowingArray<T extends Int32Array | Uint16Array> {
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let size = this.data.length;
    while (size < n) size *= 2;
    const next = this.make(size);
    next.set(this.data);
    this.data = next;
  }
}

export class SampleMarks {
  private readonly counts = new GrowingArray(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly flags = new GrowingArray(new Uint16Array(1024), (n) => new Uint16Array(n));

  constructor(private readonly baseline: Baseline | undefined) {}

  /** Tokens of sample `index`, once counted. */
  count(index: number): number | undefined {
    return this.flagsOf(index) & COUNTED ? this.counts.data[index] : undefined;
  }

  flagsOf(index: number): number {
    return index < this.flags.data.length ? this.flags.data[index]! : 0;
  }

  /**
   * Records a sample's ids (`inserted(i)`: the tokenizer added token i) and hazard bits; compares
   * with the snapshot's ids of the sample (a chat record is keyed by the record, not its rendering).
   */
  record(
    index: number,
    sample: { text: string; snapshotKey?: string | undefined },
    ids: readonly number[],
    inserted: (i: number) => boolean,
    hazards: number,
  ): void {
    this.counts.ensure(index + 1);
    this.flags.ensure(index + 1);
    let f = hazards;
    const expected = this.baseline?.ids(sample.snapshotKey ?? sampleKey(sample.text));
    if (expected) {
      f |= SNAPSHOT;
      if (driftsFrom(expected, ids, inserted, this.baseline!.withoutInserted)) f |= DRIFT;
    }
    this.counts.data[index] = ids.length;
    this.flags.data[index] = f;
  }

  /** Adds bits to a counted sample (what only its tokenization with offsets can tell). */
  addFlags(index: number, bits: number): void {
    if (index < this.flags.data.length) this.flags.data[index]! |= bits;
  }
}
