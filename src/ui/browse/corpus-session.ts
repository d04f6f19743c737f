// What the browse screen shows, kept outside React: samples streamed in from the corpus files,
// per-sample token counts and markers computed in the background, and the full tokenization
// (with offsets) of the few samples someone looks at. Nothing waits for the whole corpus:
// the first screen needs the first samples only.
//
// - Samples arrive from `readSamples` as the files are read (past the first screenful, once the
//   first tokens are drawn, in slices that give keys and frames a turn); listeners hear about it
//   at most once per event-loop turn.
// - The selected sample is tokenized with offsets on a pool worker (on this thread only without
//   workers, in tests), ahead of any count, so neither a 1 MB sample nor a backtracking regex
//   blocks input: the pool stops a worker past its time budget and the sample shows the error.
//   Truncation is not part of the cached result: the view derives it from the tokens and the
//   current max_length, so changing max_length does not tokenize again.
// - Counts come from a TokenizerPool without offsets (ids only), samples on screen first, once the
//   first tokens are drawn.

import type { ShownSample } from '../../corpus/shown-samples.js';
import type { RawEncoding, TokenizedSample } from '../../core/token-model.js';
import { toSample } from '../../core/tokenized-sample.js';
import type { LoadedTokenizer } from '../../tokenizers/load.js';
import type { TokenizerPool } from '../../tokenizers/pool.js';
import { SampleBudgetError } from '../../time-budget.js';
import { EngineCrashError } from '../../errors.js';
import { COUNTED, IdFlags, LITERAL_SPECIAL, encodingHazards, sampleHazards } from './hazards.js';
import { SampleMarks } from './sample-marks.js';
import { ChangeNotifier } from './change-notifier.js';
import { encodeCounts } from './encode-counts.js';
import type { BaselineMatch } from './snapshot-baseline.js';
import type { SessionOptions } from './session-options.js';

const CACHE_SIZE = 64;
/** Samples read before the first tokens are shown: a screenful and more (the rest, and the counts, wait for them)… */
const FIRST_SAMPLES = 200;
/** …at most this long (a first sample of megabytes takes seconds). */
const FIRST_TOKENS_WAIT_MS = 2000;
const COUNT_BATCH = 128;
/** Past the first screenful, the read gives the event loop a turn after this long. */
const READ_SLICE_MS = 4;

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
  /** Per tokenizer: report's per-id flags (unknown, byte fallback, special), learned as ids come. */
  private readonly idFlags: IdFlags[] = [];
  /** Per tokenizer: its files' fingerprint, once a worker has hashed them. */
  private readonly fingerprints: Array<string | undefined> = [];
  /** The sample the screen asked for before the workers were ready: tokenized before any count. */
  private wanted: number | undefined;
  private readonly cache = new Map<string, TokenizedSample>();
  private readonly inFlight = new Set<string>();
  private readonly failures = new Map<string, string>();
  private firstSamples: Promise<void>;
  private resolveFirst!: () => void;
  /** Resolved once the first sample has been tokenized (or could not be), or the screen closed. */
  private firstTokens: Promise<void>;
  private resolveFirstTokens!: () => void;
  private visible: number[] = [];
  private nextToCount = 0;
  private readonly claimed: Array<Set<number>> = [];
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly options: SessionOptions) {
    this.firstSamples = new Promise((r) => (this.resolveFirst = r));
    this.firstTokens = new Promise((r) => (this.resolveFirstTokens = r));
  }

  /** The first tokens are on screen (or could not be, or FIRST_TOKENS_WAIT_MS passed). */
  private firstTokensDrawn(): Promise<unknown> {
    return Promise.race([this.firstTokens, new Promise((r) => setTimeout(r, FIRST_TOKENS_WAIT_MS).unref())]);
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

  private readonly notifier = new ChangeNotifier();
  subscribe = this.notifier.subscribe;
  getVersion = this.notifier.getVersion;
  private changed = (urgent = true): void => this.notifier.changed(urgent);

  private async read(): Promise<void> {
    try {
      let slice = 0;
      for await (const sample of this.options.samples) {
        if (this.closed) return;
        this.samples.push(sample);
        // The first screenful matters; after that, the growing total is background news.
        this.changed(this.samples.length <= FIRST_SAMPLES);
        this.wake();
        if (this.samples.length === FIRST_SAMPLES) {
          this.resolveFirst();
          // The rest of a large corpus is read once the first tokens are on screen: until then
          // this thread's time (and the garbage of a million samples) goes to showing them.
          await this.firstTokensDrawn();
          slice = performance.now();
        } else if (
          this.samples.length % 64 === 0 &&
          this.samples.length > FIRST_SAMPLES &&
          performance.now() - slice > READ_SLICE_MS
        ) {
          // A file arrives in 1 MiB chunks, each turned into ~7,000 samples by promise callbacks
          // alone (tens of ms, with its garbage): a key, its render and its frame each waited for one.
          await new Promise((r) => setImmediate(r));
          slice = performance.now();
        }
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
    if (!this.options.loadsElsewhere) {
      // Show the first samples before the load blocks this thread.
      await Promise.race([this.firstSamples, new Promise((r) => setTimeout(r, 250))]);
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      const tokenizers = await this.options.loadTokenizers();
      if (this.closed) return;
      this.tokenizers = tokenizers;
      tokenizers.forEach((t, k) => {
        const baseline = (this.baselines[k] = this.options.baseline?.(t, k));
        this.marks[k] = new SampleMarks(baseline && 'baseline' in baseline ? baseline.baseline : undefined);
        this.idFlags[k] = new IdFlags(t.vocabulary);
        this.claimed[k] = new Set();
      });
      // Workers loading the tokenizers themselves are ready now: drawn below, once.
      if (!this.options.loadsElsewhere) this.changed();
      this.pools = await Promise.all(
        tokenizers.map((t) =>
          this.options.tokenizing.openPool(t, { workers: this.options.workers, offsets: false, roundTrip: true }),
        ),
      );
      if (this.closed) return void (await this.closePools());
      // The sample on screen goes to the workers first, then the counts, then the fingerprints
      // (the status bar's; each costs a worker about as much as parsing the vocabulary).
      const wanted = this.wanted;
      if (wanted !== undefined) for (let k = 0; k < tokenizers.length; k++) this.tokenized(k, wanted);
      // Its answer redraws the screen: a frame drawn now would hold that answer up, so the one
      // that says "tokenizing" waits in case the answer comes first.
      this.changed(wanted === undefined);
      // Counts wait until that answer is drawn: a worker counting while this thread draws holds
      // the first tokens up wherever the cores are busy (the worker, its GC, this thread's GC).
      if (wanted !== undefined) await this.firstTokensDrawn();
      if (this.closed) return;
      for (let k = 0; k < tokenizers.length; k++)
        for (let w = 0; w < Math.max(1, this.options.workers); w++) void this.countLoop(k);
      if (this.options.workers > 0)
        this.pools.forEach((pool, k) =>
          pool!.fingerprint().then(
            (f) => {
              this.fingerprints[k] = f;
              this.changed(false);
            },
            () => {}, // a failed worker is reported by the sample or the count that needed it
          ),
        );
    } catch (e) {
      this.loadError = e as Error;
      this.resolveFirstTokens();
      this.changed();
    }
  }

  get ready(): boolean {
    return this.tokenizers.length > 0;
  }

  /** Tokenizer k's fingerprint, once known (on this thread without workers). */
  fingerprint(k: number): string | undefined {
    return this.options.workers > 0 ? this.fingerprints[k] : this.tokenizers[k]?.fingerprint;
  }

  /** The screen has drawn a sample's tokens: the rest of the corpus is read from now on. */
  tokensShown(): void {
    this.resolveFirstTokens();
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
        encodings = await encodeCounts(
          pool,
          batch.map((i) => this.samples[i]!),
        );
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
                : await encodeCounts(pool, [this.samples[i]!]).then(
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
            this.idFlags[k]!,
            this.tokenizers[k]!.vocabulary.byteLevel,
            this.samples[i]!.rendered !== undefined,
          ),
        );
        if (shown.has(i)) urgent = true;
      });
      this.changed(urgent);
    }
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
    if (!sample || this.inFlight.has(key) || this.failures.has(key)) return undefined;
    if (!tokenizer || !this.pools[k]) {
      this.wanted = index;
      return undefined;
    }
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
        this.resolveFirstTokens();
        this.failures.set(key, e.message);
        // Past its budget, or a crash of the engine: counting it would only fail again (and hold
        // the worker that long), so it is counted as failed, as the count loop does.
        if ((e instanceof SampleBudgetError || e instanceof EngineCrashError) && this.marks[k])
          this.marks[k]!.record(index, sample, [], () => false, COUNTED);
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
      // Posted at once (the pools are open): ahead of any count batch asked for after it.
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
    this.resolveFirstTokens();
    this.notifier.stop();
    this.wake();
    await this.closePools();
  }
}
