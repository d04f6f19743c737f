// The pool's streaming encode: items in, encodings out in input order, batch by batch, with a
// bounded number of batches in flight so that memory stays flat however large the corpus.

import type { RawEncoding } from '../core/token-model.js';
import { EngineCrashError } from '../errors.js';
import { SampleBudgetError } from '../time-budget.js';
import { afterCrash, whereOf } from './engine-crash.js';
import { HeapBound } from './heap-bound.js';
import type { BatchOptions } from './pool-options.js';
import type { ExpectedBlocks } from './pool-protocol.js';

// In-flight bounds beyond two batches per worker: about a second of one worker's work on
// typical lines, a few MB of memory.
const IN_FLIGHT_CHARS = 2 << 20;
const IN_FLIGHT_BATCHES = 64;

/** A batch's items and their encodings, in input order. */
export interface EncodedBatch<T> {
  items: T[];
  encodings: RawEncoding[];
}

/**
 * Encodes a stream of items in order, `batchSize` texts per message, yielded batch by batch (a
 * generator step and its promises per item weighed on check's main thread, its bottleneck once
 * the workers compare digests), keeping two batches per worker in flight, and more (up to
 * IN_FLIGHT_BATCHES) while they hold under IN_FLIGHT_CHARS of text: a pause of the consuming
 * thread (a GC, a drifted sample written out) then leaves the workers a queue instead of idle.
 * `optionsOf` gives per-item batch options (a batch is sent early when they change, so every
 * batch is encoded one way); `expectOf` a batch's expected snapshot blocks (see
 * TokenizerPool.encode).
 */
export async function* encodeStream<T>(
  encode: (texts: string[], options: BatchOptions, expect?: ExpectedBlocks) => Promise<RawEncoding[]>,
  pool: { workers: number; batchSize: number },
  items: AsyncIterable<T> | Iterable<T>,
  textOf: (item: T) => string,
  optionsOf?: (item: T) => BatchOptions,
  expectOf?: (items: readonly T[]) => ExpectedBlocks | undefined,
): AsyncGenerator<EncodedBatch<T>> {
  const inFlight: Array<{
    chars: number;
    items: T[];
    texts: string[];
    options: BatchOptions;
    done: Promise<EncodedBatch<T>>;
  }> = [];
  const limit = Math.max(1, pool.workers * 2);
  let chars = 0;
  const full = () => inFlight.length >= limit && (chars >= IN_FLIGHT_CHARS || inFlight.length >= IN_FLIGHT_BATCHES);
  const next = async () => {
    const oldest = inFlight.shift()!;
    chars -= oldest.chars;
    try {
      return await oldest.done;
    } catch (e) {
      if (e instanceof EngineCrashError) return afterCrash(oldest, e, (texts, o) => encode(texts, o));
      // Name the sample that ran out of time by its file and line (it may be in a later batch).
      const stuck =
        e instanceof SampleBudgetError ? [oldest, ...inFlight].find((b) => b.texts.includes(e.text)) : undefined;
      if (!stuck || !(e instanceof SampleBudgetError)) throw e;
      throw new SampleBudgetError(e.text, e.index, e.ms, whereOf(stuck.items[stuck.texts.indexOf(e.text)]));
    }
  };
  const heap = new HeapBound();
  let batch: T[] = [];
  let batchOptions: BatchOptions = {};
  let batchKey = '';
  const flush = () => {
    const items = batch;
    batch = [];
    const texts = items.map(textOf);
    const done = encode(texts, batchOptions, expectOf?.(items)).then((encodings) => ({ items, encodings }));
    done.catch(() => {}); // awaited in order below; this only keeps an early failure from being "unhandled"
    const size = texts.reduce((n, t) => n + t.length, 0);
    chars += size;
    inFlight.push({ chars: size, items, texts, options: batchOptions, done });
    heap.check();
  };
  for await (const item of items) {
    if (optionsOf) {
      const options = optionsOf(item);
      const key = `${options.offsets}/${options.addSpecialTokens}`;
      if (key !== batchKey && batch.length) flush();
      batchOptions = options;
      batchKey = key;
    }
    batch.push(item);
    if (batch.length >= pool.batchSize) flush();
    while (full()) yield await next();
  }
  if (batch.length) flush();
  while (inFlight.length) yield await next();
}

/** Each item of a stream of batches with its encoding, one at a time (to pair two streams item by item). */
export async function* eachEncoded<T>(
  batches: AsyncIterable<EncodedBatch<T>>,
): AsyncGenerator<{ item: T; encoding: RawEncoding }> {
  for await (const { items, encodings } of batches)
    for (let i = 0; i < items.length; i++) yield { item: items[i]!, encoding: encodings[i]! };
}
