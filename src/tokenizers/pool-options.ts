// The pool's options, their defaults, and the per-batch overrides.

import os from 'node:os';

export interface PoolOptions {
  /** Worker threads; 0 encodes on the calling thread. Default: the machine's cores. */
  workers?: number;
  /**
   * Texts per message to a worker (default 128: on 6 MB of prose, batches of 64–128 kept a
   * worker 5–10% busier than batches of 256, whose results live long enough to be promoted).
   */
  batchSize?: number;
  addSpecialTokens?: boolean;
  /** Compute offsets (default true); statistics that need only ids go faster without. */
  offsets?: boolean;
  /** Also check decode(encode(text)) = text in the workers: sets `roundTripAt` on every encoding. */
  roundTrip?: boolean;
  /** Have the workers send the pieces of the ids they meet, and a vocabulary profile (see `vocabulary`). */
  pieces?: boolean;
  /**
   * Keep each worker's young generation small (default true: a lower RSS over a long bulk run).
   * A screen's workers, whose first answer waits for the load, keep V8's default: loading a
   * tokenizer allocates tens of MB that all survive, which a small young generation copies
   * through about three times as many scavenges (llama3.1: 44 against 16, some 20 ms more GC).
   */
  smallYoungGeneration?: boolean;
  /** Call keepYoungGenerationsSmall (heap-bound.ts) again once the workers' heaps exist (V8 resets it then). */
  keepYoungGenerationsSmall?: boolean;
  /** Stops the workers, loading or not (open() then fails): a caller that started them early gave up. */
  signal?: AbortSignal;
  /** Work for this thread while the workers load: run once every worker's heap exists, before open() resolves. */
  whileStarting?: () => void;
}

/** Per-batch overrides of the pool's options (e.g. offsets only for the samples that need them). */
export interface BatchOptions {
  offsets?: boolean;
  addSpecialTokens?: boolean;
  /** Also decode each encoding as an application would (`decoded`, engines that can say). */
  decode?: boolean;
}

export type ResolvedPoolOptions = Required<Omit<PoolOptions, 'signal' | 'whileStarting'>>;

export function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

export function resolvePoolOptions(engine: string, options: PoolOptions): ResolvedPoolOptions {
  const asked = options.workers ?? defaultWorkers();
  return {
    // Every worker loads llama.cpp and the GGUF vocabulary again (2 s of CPU and 200 MB more
    // per worker for Llama 3's 128k tokens), and one worker then tokenizes about 2.5 MB/s
    // natively, faster than the main thread consumes: `report` on 6 MB took 5.0 s of CPU with
    // one worker, 7.1 s with two, and no less wall time (npm run bench -- runtimes).
    workers: engine === 'llama.cpp' ? Math.min(asked, 1) : asked,
    batchSize: options.batchSize ?? 128,
    addSpecialTokens: options.addSpecialTokens ?? true,
    offsets: options.offsets ?? true,
    roundTrip: options.roundTrip ?? false,
    pieces: options.pieces ?? false,
    smallYoungGeneration: options.smallYoungGeneration ?? true,
    keepYoungGenerationsSmall: options.keepYoungGenerationsSmall ?? false,
  };
}
