// Serialized snapshot blocks put in key order in bounded memory (an external merge sort): blocks
// arrive in corpus order and are held until they pass a budget, then sorted and written as a run
// to a temp file beside the snapshot; the snapshot is then written from a merge of the runs and
// what is still held. Recording or checking a snapshot of any size holds the budget, the keys
// (tens of bytes each) and one read buffer per run, never the file.

import fs from 'node:fs';
import path from 'node:path';
import { InputError, writeError } from '../errors.js';
import { keyOrder } from '../core/snapshot/serialize.js';
import type { SortedBlocks } from '../core/snapshot/snapshot-index.js';
import { writeChunks } from '../write-file-atomic.js';

/** Bytes of blocks held before they are written as a run: TOKPEEK_SORT_BUFFER_BYTES, else 64 MiB. */
export function sortBudget(env: NodeJS.ProcessEnv): number {
  const set = Number(env.TOKPEEK_SORT_BUFFER_BYTES);
  return Number.isSafeInteger(set) && set > 0 ? set : 64 * 2 ** 20;
}

const READ_SIZE = 1 << 20;
let runCounter = 0;

interface Run {
  file: string;
  keys: string[];
  lengths: number[];
}

/** Blocks added in any order, read back in key order (SortedBlocks once `finish` has run). */
export class SortedRuns implements SortedBlocks {
  private held: Array<{ key: string; block: Uint8Array }> = [];
  private heldBytes = 0;
  private readonly runs: Run[] = [];
  private merged: { keys: string[]; from: Uint16Array } | undefined;

  /**
   * Runs are temp files beside `target` (named as writeFileAtomic names its own, so that
   * removeStaleTemps removes those of a killed process); a failed write names `target`.
   */
  constructor(
    private readonly target: string,
    private readonly budget: number,
  ) {}

  get size(): number {
    return this.merged?.keys.length ?? this.runs.reduce((n, r) => n + r.keys.length, 0) + this.held.length;
  }

  add(key: string, block: Uint8Array): void {
    if (this.merged) throw new Error('SortedRuns: add after finish');
    this.held.push({ key, block });
    this.heldBytes += block.length;
    if (this.heldBytes >= this.budget) this.spill();
  }

  private spill(): void {
    const held = this.sortHeld();
    const file = `${this.target}.run-${runCounter}.tmp-${process.pid}-${runCounter++}`;
    const run: Run = { file, keys: held.map((h) => h.key), lengths: held.map((h) => h.block.length) };
    let fd: number | undefined;
    try {
      // The first snapshot of a tokenizer spills before its folder exists (writeFileAtomic makes it too).
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fd = fs.openSync(file, 'wx');
      // Registered once created ('wx': never a file someone placed), so that close() removes it
      // also when the disk fills up half-way.
      this.runs.push(run);
      writeChunks(
        fd,
        held.map((h) => h.block),
      );
    } catch (e) {
      throw writeError(this.target, e);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    this.held = [];
    this.heldBytes = 0;
  }

  private sortHeld(): Array<{ key: string; block: Uint8Array }> {
    const order = keyOrder(this.held.map((h) => h.key));
    return Array.from(order, (i) => this.held[i]!);
  }

  /** The merge order: every key, sorted, and which run (the last index: the held blocks) each comes from. */
  private finish(): { keys: string[]; from: Uint16Array } {
    if (this.merged) return this.merged;
    if (this.runs.length >= 0xffff) throw new Error('SortedRuns: too many runs');
    this.held = this.sortHeld();
    const sources = [...this.runs.map((r) => r.keys), this.held.map((h) => h.key)];
    const at = new Array<number>(sources.length).fill(0);
    const total = sources.reduce((n, k) => n + k.length, 0);
    const keys = new Array<string>(total);
    const from = new Uint16Array(total);
    for (let n = 0; n < total; n++) {
      let best = -1;
      for (let s = 0; s < sources.length; s++) {
        const k = sources[s]![at[s]!];
        if (k !== undefined && (best === -1 || k < sources[best]![at[best]!]!)) best = s;
      }
      const key = sources[best]![at[best]!++]!;
      if (n > 0 && keys[n - 1] === key) throw new Error(`duplicate sample key ${key}`);
      keys[n] = key;
      from[n] = best;
    }
    this.merged = { keys, from };
    return this.merged;
  }

  get keys(): readonly string[] {
    return this.finish().keys;
  }

  *blocks(): Generator<Uint8Array> {
    const { from } = this.finish();
    const readers = this.runs.map((r) => new RunReader(r, this.target));
    const held = this.held;
    let next = 0;
    try {
      for (let n = 0; n < from.length; n++) {
        const s = from[n]!;
        yield s === readers.length ? held[next++]!.block : readers[s]!.next();
      }
    } finally {
      for (const r of readers) r.close();
    }
  }

  /** Removes the run files. */
  close(): void {
    for (const r of this.runs) fs.rmSync(r.file, { force: true });
    this.runs.length = 0;
    this.held = [];
  }
}

/** A run's blocks read in order through one buffer. */
class RunReader {
  private fd: number;
  private buffer = Buffer.allocUnsafe(READ_SIZE);
  private start = 0;
  private end = 0;
  private position = 0;
  private index = 0;

  constructor(
    private readonly run: Run,
    private readonly target: string,
  ) {
    try {
      this.fd = fs.openSync(run.file, 'r');
    } catch (e) {
      throw writeError(target, e);
    }
  }

  next(): Uint8Array {
    const length = this.run.lengths[this.index++]!;
    if (this.end - this.start < length) this.fill(length);
    // Copied: the buffer is refilled while the block may still be in a write's staging.
    const block = Buffer.from(this.buffer.subarray(this.start, this.start + length));
    this.start += length;
    return block;
  }

  private fill(length: number): void {
    const left = this.buffer.subarray(this.start, this.end);
    const buffer = length > this.buffer.length ? Buffer.allocUnsafe(length) : this.buffer;
    left.copy(buffer, 0);
    this.buffer = buffer;
    this.end = left.length;
    this.start = 0;
    while (this.end < length) {
      let got: number;
      try {
        got = fs.readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, this.position);
      } catch (e) {
        throw writeError(this.target, e);
      }
      if (got === 0) throw new InputError(this.run.file, 'the temp file shrank while it was read (another process?)');
      this.end += got;
      this.position += got;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
