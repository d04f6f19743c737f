// Bulk tokenization over worker threads: each worker loads the tokenizer once, batches
// go to the worker with the least text waiting (up to about a MB ahead of its answers),
// results come back in input order, and only a bounded number of batches is in flight, so
// memory stays flat however large the corpus.

import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineName, RawEncoding } from '../core/token-model.js';
import { EngineCrashError, EngineUnavailableError, TokpeekError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-info.js';
import type { LoadedTokenizer } from './load.js';
import type { TokenizerJson } from '../core/tokenizer-files.js';
import { Vocabulary, vocabularyProfile } from '../core/vocabulary.js';
import { SampleBudgetError, sampleBudgetMs } from '../time-budget.js';
import { ProcessWorker } from './process-worker.js';
import { type BatchOptions, type PoolOptions, type ResolvedPoolOptions, resolvePoolOptions } from './pool-options.js';
import { sharedTableOf } from './shared-table.js';
import { keepYoungGenerationsSmall } from './heap-bound.js';
import { type EncodedBatch, encodeStream } from './encode-stream.js';
import {
  WATCH,
  WATCH_SLOTS,
  type PackedEncodings,
  type PoolWorkerData,
  roundTripAt,
  withDecodes,
  type PoolRequest,
  type ExpectedBlocks,
  unpackEncodings,
} from './pool-protocol.js';

// Workers always run the compiled module, bundled (test/tools/bundle-dist.mjs), also when the
// caller runs from TypeScript sources (tests).
const WORKER_SCRIPT = path.join(PACKAGE_ROOT, 'dist', 'bundle', 'pool-worker.js');

// Text posted to a worker ahead of its answers (a worker always takes a batch when it holds
// none): it never waits for this thread between batches, nor through a pause of this thread,
// and a worker that falls behind is not handed more than this.
const WORKER_CHARS = 1 << 20;
// Each worker's young generation (V8's default is 3 x 16 MB): 3 x 8 MB peaked 30-60 MB lower over a 100 MB report.
const WORKER_YOUNG_MB = 8;

interface Pending {
  offsets: boolean;
  chars: number;
  texts: string[];
  /** The worker it was posted to. */
  worker?: Worker;
  resolve: (e: RawEncoding[]) => void;
  reject: (e: Error) => void;
  /** A fingerprint request's answer (see `fingerprint`). */
  answer?: (fingerprint: string | undefined) => void;
}

/** Resolves once a worker runs (its heap exists), or has answered, failed or stopped; its listeners go then. */
function heapExists(worker: Worker): Promise<void> {
  const events = ['online', 'message', 'error', 'exit'];
  return new Promise((resolve) => {
    const done = () => {
      for (const event of events) worker.off(event, done);
      resolve();
    };
    for (const event of events) worker.on(event, done);
  });
}

export class TokenizerPool {
  private readonly workers: Worker[] = [];
  /** Characters of text posted to each ready worker and not yet answered. */
  private readonly load = new Map<Worker, number>();
  private readonly queue: Array<{ request: PoolRequest; pending: Pending }> = [];
  private readonly pending = new Map<number, Pending>();
  /** Pieces the workers sent, by id (kept dense: a sparse array is a slow dictionary). */
  private readonly pieces: Array<string | undefined> = [];
  private profile: TokenizerJson | undefined;
  private profileVocabulary: Vocabulary | undefined;
  private table: { value: PoolWorkerData['table'] } | undefined;
  private nextId = 0;
  private failure: Error | undefined;
  /** Each worker's watch (see PoolWorkerData.watch) and the timer that reads them. */
  private readonly watches = new Map<Worker, Float64Array>();
  private watchdog: NodeJS.Timeout | undefined;

  private constructor(
    private readonly tokenizer: LoadedTokenizer,
    private readonly options: ResolvedPoolOptions,
  ) {}

  static async open(tokenizer: LoadedTokenizer, options: PoolOptions = {}): Promise<TokenizerPool> {
    const pool = new TokenizerPool(tokenizer, resolvePoolOptions(tokenizer.engine.name, options));
    options.signal?.addEventListener('abort', () => void pool.close(), { once: true });
    try {
      await pool.start(options.whileStarting);
    } catch (e) {
      // A worker that failed to load waits for messages like the others: without this, they
      // would keep the process alive after the error is reported.
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Starts the workers (see sharedTable); `meanwhile`: see PoolOptions.whileStarting. */
  private async start(meanwhile?: () => void): Promise<void> {
    const ready = Promise.all(Array.from({ length: this.options.workers }, () => this.spawn()));
    ready.catch(() => {}); // awaited below, also when `meanwhile` throws first
    // V8 sets the young generations' growth back as it sets up each worker's heap: this thread's
    // work meanwhile would grow its own young generation for the rest of the run.
    const keepSmall = () => this.options.keepYoungGenerationsSmall && keepYoungGenerationsSmall();
    if (meanwhile) {
      await Promise.race([ready, Promise.all(this.workers.map(heapExists))]);
      keepSmall();
      meanwhile();
    }
    await ready;
    keepSmall();
  }

  /**
   * The table is built on this thread (up to a second for 280k merges): worth it for two workers
   * or more; one worker loads the tokenizer itself and leaves this thread (a screen) free.
   * (Starting the workers first, to load their code while the table is built, raised the peak RSS
   * of report on a 250 MB JSONL from 235-240 to 256-268 MiB for no time measurable under load.)
   */
  private sharedTable(): PoolWorkerData['table'] {
    this.table ??= { value: this.options.workers >= 2 ? sharedTableOf(this.tokenizer) : undefined };
    if (this.table.value && this.options.pieces) this.profile ??= vocabularyProfile(this.tokenizer.files.tokenizer);
    // With it the workers spell tokens as this pool describes them (check's block comparison).
    return this.table.value && this.profile ? { ...this.table.value, profile: this.profile } : this.table.value;
  }

  private spawn(): Promise<void> {
    const table = this.sharedTable();
    const data: Omit<PoolWorkerData, 'watch'> = {
      spec: this.tokenizer.source.spec,
      engine: this.tokenizer.engine.name as EngineName,
      project: this.tokenizer.project,
      env: { ...process.env },
      pieces: this.options.pieces,
      ...(table ? { table } : {}),
    };
    const watch = new SharedArrayBuffer(WATCH_SLOTS * 8);
    const worker =
      data.engine === 'rust'
        ? (new ProcessWorker(WORKER_SCRIPT, { ...data, watch }) as unknown as Worker)
        : new Worker(WORKER_SCRIPT, {
            workerData: { ...data, watch } satisfies PoolWorkerData,
            // A worker's garbage is short-lived (one batch): a small young generation keeps its RSS low.
            ...(this.options.smallYoungGeneration
              ? { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } }
              : {}),
          });
    this.workers.push(worker);
    this.watches.set(worker, new Float64Array(watch));
    this.watchdog ??= setInterval(() => this.watchWorkers(), 200).unref();
    return new Promise((resolve, reject) => {
      worker.on(
        'message',
        (msg: {
          type: string;
          id?: number;
          packed?: PackedEncodings;
          profile?: TokenizerJson;
          message?: string;
          name?: string;
          hint?: string;
          fingerprint?: string;
        }) => {
          if (msg.type === 'ready') {
            this.profile ??= msg.profile;
            this.load.set(worker, 0);
            this.fill(worker);
            resolve();
          } else if (msg.type === 'error') {
            const message = msg.message ?? 'worker failed to load the tokenizer';
            reject(
              msg.name === 'EngineUnavailableError'
                ? new EngineUnavailableError(message, msg.hint)
                : new TokpeekError(message, undefined, msg.hint),
            );
          } else if (msg.type === 'result' || msg.type === 'failed' || msg.type === 'fingerprint') {
            const p = this.pending.get(msg.id!);
            this.pending.delete(msg.id!);
            this.load.set(worker, this.load.get(worker)! - (p?.chars ?? 0));
            if (msg.packed?.pieces) this.learn(msg.packed.pieces);
            if (msg.type === 'fingerprint') p?.answer?.(msg.fingerprint);
            else if (msg.type === 'result')
              p?.resolve(
                unpackEncodings(
                  msg.packed!,
                  (id) => this.pieces[id] ?? this.tokenizer.vocabulary.pieceOf(id),
                  p.offsets,
                ),
              );
            else p?.reject(new Error(msg.message));
            this.fill(worker);
          }
        },
      );
      // Stopped before it was ready (closed while loading): open() fails instead of waiting forever.
      worker.once('exit', () => reject(new TokpeekError('the tokenizer worker stopped before it was ready')));
      worker.on('error', (e) => {
        // A worker process that dies on a batch (a Rust panic) fails the batches it held with
        // the crash, and a fresh one takes its place: encodeStream finds the sample by
        // encoding that batch's texts one at a time (see EngineCrashError).
        const held = [...this.pending.values()].find((p) => p.worker === worker);
        if (held && e instanceof TokpeekError && this.load.has(worker) && !this.failure) {
          this.replace(worker, new EngineCrashError(e, held.texts));
          return;
        }
        this.failure = e;
        reject(e);
        const error = held && e instanceof TokpeekError ? new EngineCrashError(e, held.texts) : e;
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      });
    });
  }

  /** Stops the pool when a worker has been on one text (or, for batch engines, one batch) past its budget. */
  private watchWorkers(): void {
    const now = Date.now();
    for (const [worker, watch] of this.watches) {
      const since = watch[WATCH.since]!;
      if (!since || this.failure) continue;
      const pending = this.pending.get(watch[WATCH.request]!);
      if (!pending) continue;
      const index = watch[WATCH.index]!;
      const text = index >= 0 ? (pending.texts[index] ?? '') : pending.texts.join('\n');
      const budget = sampleBudgetMs(text.length);
      if (now - since <= budget) continue;
      // That worker is stopped and its batches fail with the error; a fresh worker takes its
      // place, so a screen can show the error for that sample and go on (a bulk run stops on it).
      this.replace(worker, new SampleBudgetError(text, Math.max(0, index), budget));
    }
  }

  /** Stops a worker, fails the batches it held with `error`, and starts a fresh one in its place. */
  private replace(worker: Worker, error: Error): void {
    this.watches.delete(worker);
    this.load.delete(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    void worker.terminate();
    for (const [id, p] of this.pending)
      if (p.worker === worker) {
        this.pending.delete(id);
        p.reject(error);
      }
    this.spawn().catch((e: Error) => {
      this.failure = e;
    });
  }

  private learn(pieces: Array<[number, string]>): void {
    for (const [id, piece] of pieces) {
      while (this.pieces.length <= id) this.pieces.push(undefined);
      this.pieces[id] = piece;
    }
  }

  /**
   * With `pieces`: the piece of an id the workers have encoded. A worker sends a piece with the
   * first result holding its id, and results are handed out only after every earlier message
   * of their worker, so every id of a result handed out is known here.
   */
  piece(id: number): string | undefined {
    return this.pieces[id];
  }

  /** How many workers run (0: encoding on this thread). */
  get size(): number {
    return this.options.workers;
  }

  /** With `pieces`: a Vocabulary to describe tokens by those pieces, without the tokenizer files. */
  get vocabulary(): Vocabulary | undefined {
    return this.profile && (this.profileVocabulary ??= new Vocabulary(this.profile));
  }

  /** Posts queued batches to a worker while it holds less than WORKER_CHARS. */
  private fill(worker: Worker): void {
    while (this.queue.length && this.load.get(worker)! < WORKER_CHARS) {
      const next = this.queue.shift()!;
      this.send(worker, next.request, next.pending);
    }
  }

  /** The ready worker with the least text waiting, if it can take more. */
  private leastLoaded(): Worker | undefined {
    let best: Worker | undefined;
    for (const [worker, chars] of this.load)
      if (chars < WORKER_CHARS && (best === undefined || chars < this.load.get(best)!)) best = worker;
    return best;
  }

  private send(worker: Worker, request: PoolRequest, pending: Pending): void {
    pending.worker = worker;
    this.pending.set(request.id, pending);
    this.load.set(worker, this.load.get(worker)! + pending.chars);
    worker.postMessage(request);
  }

  /** Encodes one batch on the next free worker; `options` override the pool's; `expect`: see ExpectedBlocks. */
  encode(texts: string[], options: BatchOptions = {}, expect?: ExpectedBlocks): Promise<RawEncoding[]> {
    if (this.failure) return Promise.reject(this.failure);
    const offsets = options.offsets ?? this.options.offsets;
    const addSpecialTokens = options.addSpecialTokens ?? this.options.addSpecialTokens;
    const decode = options.decode ?? false;
    if (this.options.workers === 0) return this.encodeHere(texts, { addSpecialTokens, offsets, decode });
    return new Promise((resolve, reject) => {
      const request = { id: this.nextId++, texts, addSpecialTokens, offsets, roundTrip: this.options.roundTrip };
      if (decode) Object.assign(request, { decode });
      // Workers spelling tokens compare (not a Rust child process: the descriptor is not its own).
      const compare = expect && this.options.pieces && !request.roundTrip && !decode;
      if (compare && this.tokenizer.engine.name !== 'rust') Object.assign(request, { expect });
      // At least 1 per text: a batch of empty strings still counts as work waiting.
      this.post(request, { offsets, chars: texts.reduce((n, t) => n + t.length + 1, 0), texts, resolve, reject });
    });
  }

  private post(request: PoolRequest, pending: Pending): void {
    const worker = this.leastLoaded();
    if (worker) this.send(worker, request, pending);
    else this.queue.push({ request, pending });
  }

  /**
   * The tokenizer files' fingerprint, hashed on a worker after what was asked before it: hashing
   * a 9 MB vocabulary costs about as much as parsing it, which a screen's thread cannot spare.
   */
  fingerprint(): Promise<string> {
    if (this.options.workers === 0 || this.failure) return Promise.resolve(this.tokenizer.fingerprint);
    const request = { id: this.nextId++, texts: [], addSpecialTokens: false, offsets: false, roundTrip: false };
    return new Promise((resolve, reject) =>
      this.post(
        { ...request, fingerprint: true },
        {
          offsets: false,
          chars: 1,
          texts: [],
          resolve: () => {},
          reject,
          answer: (f) => resolve(f ?? this.tokenizer.fingerprint),
        },
      ),
    );
  }

  private async encodeHere(texts: string[], o: Pick<PoolRequest, 'addSpecialTokens' | 'offsets' | 'decode'>) {
    const { engine } = this.tokenizer;
    const encodings = await engine.encodeBatch(texts, o.addSpecialTokens, { offsets: o.offsets });
    if (this.options.roundTrip)
      for (const [i, e] of encodings.entries()) e.roundTripAt = await roundTripAt(engine, texts[i]!, e);
    if (o.decode) await withDecodes(engine, encodings);
    return encodings;
  }

  /** Encodes a stream of items in order, batches in flight across the workers (see encode-stream.ts). */
  encodeStream<T>(
    items: AsyncIterable<T> | Iterable<T>,
    textOf: (item: T) => string,
    optionsOf?: (item: T) => BatchOptions,
    expectOf?: (items: readonly T[]) => ExpectedBlocks | undefined,
  ): AsyncGenerator<EncodedBatch<T>> {
    const encode = (texts: string[], o: BatchOptions, expect?: ExpectedBlocks) => this.encode(texts, o, expect);
    return encodeStream(encode, this.options, items, textOf, optionsOf, expectOf);
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
