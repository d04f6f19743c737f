// The worker pools behind `tokpeek browse`'s screen, started before anything else the screen
// needs (chat templates, --line, the session, Ink), so that the tokenizers load meanwhile.

import type { Io } from '../io.js';
import { type LoadedTokenizer, lazyTokenizer } from '../tokenizers/load.js';
import { defaultWorkers } from '../tokenizers/pool-options.js';
import { TokenizerPool } from '../tokenizers/pool.js';
import type { BrowsedTokenizer } from '../ui/browse/snapshot-baseline.js';

export interface ScreenWorkers {
  /** Worker threads per tokenizer. */
  workers: number;
  /** js tokenizers: each one's pool, loading since the command started (else loaded after the first frame). */
  early: Map<LoadedTokenizer, Promise<TokenizerPool>> | undefined;
  /** Stops the early pools, loaded or still loading (those the session took are closed with it, twice is harmless). */
  close(): Promise<void>;
}

/**
 * For js tokenizers, the workers start loading at once, while this thread imports and draws the
 * screen, and they do all the tokenizer's work: offsets, pieces, the vocabulary's profile, the
 * fingerprint. This thread never parses the tokenizer files (reading and hashing llama3.1's took
 * it 0.5 s, between the worker's answer and the first tokens). Loading the engine here first,
 * then in a worker, put two tokenizer loads in a row before the first tokens (2.3x a bare
 * load-and-encode). Other engines may add runtime special tokens that only their engine knows:
 * loaded on this thread, after the first frame.
 */
export function startScreenWorkers(tokenizers: BrowsedTokenizer[], io: Io): ScreenWorkers {
  // Leave a core for the screen itself.
  const workers = Math.max(1, Math.floor((defaultWorkers() - 1) / tokenizers.length));
  if (!tokenizers.every((t) => t.engine === 'js')) return { workers, early: undefined, close: async () => {} };
  const early = new Map<LoadedTokenizer, Promise<TokenizerPool>>();
  const stop = new AbortController();
  for (const t of tokenizers) {
    const tokenizer = lazyTokenizer(t.spec, t.engine, io.env);
    const pool = TokenizerPool.open(tokenizer, {
      workers,
      offsets: false,
      roundTrip: true,
      pieces: true,
      smallYoungGeneration: false,
      signal: stop.signal,
    });
    pool.catch(() => {}); // the session awaits it and shows the error
    early.set(tokenizer, pool);
  }
  const close = async () => {
    stop.abort();
    await Promise.all(
      [...early.values()].map((p) =>
        p.then(
          (pool) => pool.close(),
          () => {},
        ),
      ),
    );
  };
  return { workers, early, close };
}
