// What the browse screen shows, kept outside React: samples streamed in from the corpus files,
// per-sample token counts and markers computed in the background, and the full tokenization
// (with offsets) of the few samples someone looks at. Nothing waits for the whole corpus:
// the first screen needs the first samples only.
//
// - Samples arrive from `readSamples` as the files are read; listeners hear about it at most
//   once per event-loop turn.
// - Counts come from a TokenizerPool without offsets (ids only: much faster with the js
//   engine), samples on screen first, the rest in order.
// - The selected sample is tokenized with offsets on a pool worker (on this thread only without
//   workers, in tests), so neither a 1 MB sample nor a backtracking pre-tokenizer regex blocks
//   input: the pool stops a worker past its time budget and the sample shows the error.
//   Truncation is not part of the cached result: the view derives it from the tokens and the
//   current max_length, so changing max_length does not tokenize again.

import type { ShownSample } from '../../corpus/shown-samples.js';
import type { RawEncoding, TokenizedSample } from '../../core/token-model.js';
import { toSample } from '../../core/tokenized-sample.js';
import type { LoadedTokenizer } from '../../tokenizers/load.js';
import type { TokenizerPool } from '../../tokenizers/pool.js';
import { SampleBudgetError } from '../../time-budget.js';
import { EngineCrashError } from '../../errors.js';
import { tokenFlags } from '../../core/report/token-flags.js';
import { COUNTED, LITERAL_SPECIAL, encodingHazards, sampleHazards } from './hazards.js';
import { SampleMarks } from './sample-marks.js';
import type { BaselineMatch } from './snapshot-baseline.js';

const CACHE_SIZE = 64;
const COUNT_BATCH = 128;
const BACKGROUND_MS = 250;

/** Per-sample flags: the hazard bits of hazards.ts. */

interface SessionOptions {
  /** The samples, in order (an async generator streams them in). */
  samples: AsyncIterable<ShownSample> | Iterable<ShownSample>;
  /** Loads the tokenizers (one, or two to compare). Called once, after the first frame. */
  loadTokenizers: () => Promise<LoadedTokenizer[]>;
  /** Worker threads per tokenizer for counts and large samples; 0 works on this thread (tests). */
  workers: number;
  /**
   * How the session tokenizes, given by the command (the screen opens no pools itself): a
   * tokenizer's worker pool (ids only: counts), and a text tokenized on this thread (no workers).
   */
  tokenizing: SessionTokenizing;
  /** Per tokenizer: the snapshot its drift markers compare with, or why there is none. */
  baseline?: (tokenizer: LoadedTokenizer, index: number) => BaselineMatch;
}

export interface SessionTokenizing {
  openPool(
    tokenizer: LoadedTokenizer,
    options: { workers: number; offsets: false; roundTrip: true },
  ): Promise<TokenizerPool>;
  tokenizeHere(tokenizer: LoadedTokenizer, text: string, addSpecialTokens: boolean): Promise<TokenizedSample>;
}

type Listener = () => void;

export class CorpusSession {
  readonly samples: ShownSample[] = [];
  readingDone = false;
  readError: Error | undefined;
  tokenizers: LoadedTokenizer[] = [];
  loadError: Error | undefined;
  /** Per tokenizer: token count and hazard bits per sample. */
  private readonly marks: SampleMarks[] = [];
  /** Per tokenizer: what drift is measured against, or why it is not. */
  readonly baselines: Array<BaselineMatch | undefined> = [];
  private pools: Array<TokenizerPool | undefined> = [];
  /** Per tokenizer: report's per-id flags (unknown, byte fallback, special). */
  private readonly idTables: Uint8Array[] = [];
  private readonly cache = new Map<string, TokenizedSample>();
  private readonly inFlight = new Set<string>();
  private readonly failures = new Map<string, string>();
  private readonly listeners = new Set<Listener>();
  private version = 0;
  private notifyScheduled: false | 'now' | 'later' = false;
  private timer: NodeJS.Timeout | undefined;
  private firstSamples: Promise<void>;
  private resolveFirst!: () => void;
  private visible: number[] = [];
  private nextToCount = 0;
  private readonly claimed: Array<Set<number>> = [];
  private waiters: Array<() => void> = [];
  private poolsReady: Promise<void>;
  private resolvePools!: () => void;
  private closed = false;

  constructor(private readonly options: SessionOptions) {
    this.poolsReady = new Promise((r) => (this.resolvePools = r));
    this.firstSamples = new Promise((r) => (this.resolveFirst = r));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private sleep(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  private started = { reading: false, loading: false };

  /** Starts reading the corpus (once). */
  start(): void {
    if (this.started.reading) return;
    this.started.reading = true;
    void this.read();
  }

  /**
   * Starts loading the tokenizers (once): the screen calls this after its first frame, since a
   * tokenizer load blocks this thread for up to a second.
   */
  startLoading(): void {
    this.start();
    if (this.started.loading) return;
    this.started.loading = true;
    void this.load();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /**
   * Coalesces changes into one notification: at the next event-loop turn for what the user is
   * looking at (`urgent`), at most every BACKGROUND_MS for progress elsewhere — every
   * notification re-renders the screen, and a screen busy re-rendering answers keys late.
   */
  private changed(urgent = true): void {
    this.version++;
    if (this.closed) return;
    if (urgent && this.notifyScheduled !== 'now') {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.notifyScheduled = 'now';
      setImmediate(() => this.notify());
    } else if (!this.notifyScheduled) {
      this.notifyScheduled = 'later';
      this.timer = setTimeout(() => this.notify(), BACKGROUND_MS);
    }
  }

  private notify(): void {
    this.notifyScheduled = false;
    this.timer = undefined;
    if (this.closed) return;
    for (const l of this.listeners) l();
  }

  private async read(): Promise<void> {
    try {
      for await (const sample of this.options.samples) {
        if (this.closed) return;
        this.samples.push(sample);
        // The first screenful matters; after that, the growing total is background news.
        this.changed(this.samples.length <= 200);
        if (this.samples.length === 200) this.resolveFirst();
        this.wake();
      }
    } catch (e) {
      this.readError = e as Error;
    }
    this.readingDone = true;
    this.resolveFirst();
    this.changed();
    this.wake();
  }

  private async load(): Promise<void> {
    // Show the first samples before the load blocks this thread.
    await Promise.race([this.firstSamples, new Promise((r) => setTimeout(r, 250))]);
    await new Promise((r) => setTimeout(r, 20));
    try {
      const tokenizers = await this.options.loadTokenizers();
      if (this.closed) return;
      this.tokenizers = tokenizers;
      tokenizers.forEach((t, k) => {
        const baseline = (this.baselines[k] = this.options.baseline?.(t, k));
        this.marks[k] = new SampleMarks(baseline && 'baseline' in baseline ? baseline.baseline : undefined);
        this.idTables[k] = tokenFlags(t.vocabulary, []);
        this.claimed[k] = new Set();
      });
      this.changed();
      this.pools = await Promise.all(
        tokenizers.map((t) =>
          this.options.tokenizing.openPool(t, { workers: this.options.workers, offsets: false, roundTrip: true }),
        ),
      );
      this.resolvePools();
      if (this.closed) return void (await this.closePools());
      this.changed();
      for (let k = 0; k < tokenizers.length; k++)
        for (let w = 0; w < Math.max(1, this.options.workers); w++) void this.countLoop(k);
    } catch (e) {
      this.loadError = e as Error;
      this.changed();
    }
  }

  get ready(): boolean {
    return this.tokenizers.length > 0;
  }

  /** Samples on screen: counted before the rest. */
  setVisible(indices: number[]): void {
    this.visible = indices;
    this.wake();
  }

  count(k: number, index: number): number | undefined {
    return this.marks[k]?.count(index);
  }

  flagsOf(k: number, index: number): number {
    return this.marks[k]?.flagsOf(index) ?? 0;
  }

  private nextBatch(k: number): number[] {
    const marks = this.marks[k]!;
    const claimed = this.claimed[k]!;
    const todo = (i: number) => i < this.samples.length && !(marks.flagsOf(i) & COUNTED) && !claimed.has(i);
    const batch = this.visible.filter(todo);
    if (batch.length) return batch;
    while (this.nextToCount < this.samples.length && batch.length < COUNT_BATCH) {
      if (todo(this.nextToCount)) batch.push(this.nextToCount);
      this.nextToCount++;
    }
    return batch;
  }

  private async countLoop(k: number): Promise<void> {
    const pool = this.pools[k]!;
    const claimed = this.claimed[k]!;
    while (!this.closed) {
      const batch = this.nextBatch(k);
      if (batch.length === 0) {
        // Woken by new samples, a new visible window, or close().
        await this.sleep();
        continue;
      }
      for (const i of batch) claimed.add(i);
      let encodings: RawEncoding[];
      try {
        encodings = await this.encodeCounts(pool, batch);
      } catch (e) {
        if ((e instanceof SampleBudgetError || e instanceof EngineCrashError) && !this.closed) {
          // One sample ran out of time, or a Rust panic killed the worker process (the pool replaced
          // the worker either way): that sample shows the error, the rest are counted again. After a
          // panic each sample of the batch is tried alone to find it.
          for (const i of batch) {
            claimed.delete(i);
            const text = this.samples[i]!.text;
            const failed =
              e instanceof SampleBudgetError
                ? text === e.text && e
                : await this.encodeCounts(pool, [i]).then(
                    () => undefined,
                    (crash: Error) => (crash instanceof EngineCrashError ? crash : Promise.reject(crash)),
                  );
            if (failed) {
              this.marks[k]!.record(i, this.samples[i]!, [], () => false, COUNTED);
              this.failures.set(`${k}:${i}`, failed.message);
            }
          }
          this.changed();
          continue;
        }
        if (!this.closed) this.loadError = e as Error;
        this.changed();
        return;
      }
      if (this.closed) return;
      const shown = new Set(this.visible);
      let urgent = false;
      batch.forEach((i, j) => {
        claimed.delete(i);
        const e = encodings[j]!;
        const text = this.samples[i]!.text;
        this.marks[k]!.record(
          i,
          this.samples[i]!,
          e.ids,
          (t) => e.inserted[t] === true,
          encodingHazards(
            text,
            e,
            this.idTables[k]!,
            this.tokenizers[k]!.vocabulary.byteLevel,
            this.samples[i]!.rendered !== undefined,
          ),
        );
        if (shown.has(i)) urgent = true;
      });
      this.changed(urgent);
    }
  }

  /** Ids of a batch, each sample with its own special-token setting (chat renders: none added). */
  private async encodeCounts(pool: TokenizerPool, batch: number[]): Promise<RawEncoding[]> {
    const chat = batch.filter((i) => this.samples[i]!.rendered?.addSpecialTokens === false);
    if (chat.length === 0) return pool.encode(batch.map((i) => this.samples[i]!.text));
    const plain = batch.filter((i) => !chat.includes(i));
    const [a, b] = await Promise.all([
      plain.length ? pool.encode(plain.map((i) => this.samples[i]!.text)) : [],
      pool.encode(
        chat.map((i) => this.samples[i]!.text),
        { addSpecialTokens: false },
      ),
    ]);
    const byIndex = new Map<number, RawEncoding>();
    plain.forEach((i, j) => byIndex.set(i, a[j]!));
    chat.forEach((i, j) => byIndex.set(i, b[j]!));
    return batch.map((i) => byIndex.get(i)!);
  }

  /**
   * The sample's tokenization with offsets (no truncation), or undefined while it is being
   * computed; the session notifies when it arrives.
   */
  tokenized(k: number, index: number): TokenizedSample | undefined {
    const key = `${k}:${index}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const tokenizer = this.tokenizers[k];
    const sample = this.samples[index];
    if (!tokenizer || !sample || this.inFlight.has(key) || this.failures.has(key)) return undefined;
    this.inFlight.add(key);
    void this.tokenize(k, tokenizer, sample).then(
      (result) => {
        this.inFlight.delete(key);
        if (this.closed) return;
        this.cache.set(key, result);
        if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
        if (!(this.flagsOf(k, index) & COUNTED))
          this.marks[k]!.record(
            index,
            sample,
            result.tokens.map((t) => t.id),
            (t) => result.tokens[t]!.inserted,
            sampleHazards(result, sample.rendered),
          );
        // A chat counted without offsets could not tell literal special tokens from the template's: now it can.
        else if (sample.rendered)
          this.marks[k]!.addFlags(index, sampleHazards(result, sample.rendered) & LITERAL_SPECIAL);
        this.changed();
      },
      (e: Error) => {
        this.inFlight.delete(key);
        this.failures.set(key, e.message);
        this.changed();
      },
    );
    return undefined;
  }

  /** Why tokenizing a sample failed, if it did. */
  failure(k: number, index: number): string | undefined {
    return this.failures.get(`${k}:${index}`);
  }

  private async tokenize(k: number, tokenizer: LoadedTokenizer, sample: ShownSample): Promise<TokenizedSample> {
    const { text } = sample;
    // A rendered chat holds the template's own special tokens (apply_chat_template adds none).
    const addSpecialTokens = sample.rendered?.addSpecialTokens ?? true;
    if (this.options.workers > 0) {
      // Wait for the workers rather than freeze the screen on this thread.
      await this.poolsReady;
      const [raw] = await this.pools[k]!.encode([text], { offsets: true, addSpecialTokens });
      return toSample(text, raw!, tokenizer.vocabulary);
    }
    return this.options.tokenizing.tokenizeHere(tokenizer, text, addSpecialTokens);
  }

  private async closePools(): Promise<void> {
    await Promise.all(this.pools.map((p) => p?.close()));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake();
    await this.closePools();
  }
}
