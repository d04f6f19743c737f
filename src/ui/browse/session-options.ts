// What a CorpusSession is given: its samples, how to load and run its tokenizers, and what
// drift is measured against. The command fills it in; the screen opens no pools itself.

import type { ShownSample } from '../../corpus/shown-samples.js';
import type { TokenizedSample } from '../../core/token-model.js';
import type { LoadedTokenizer } from '../../tokenizers/load.js';
import type { TokenizerPool } from '../../tokenizers/pool.js';
import type { BaselineMatch } from './snapshot-baseline.js';

export interface SessionOptions {
  /** The samples, in order (an async generator streams them in). */
  samples: AsyncIterable<ShownSample> | Iterable<ShownSample>;
  /** Loads the tokenizers (one, or two to compare). Called once, after the first frame. */
  loadTokenizers: () => Promise<LoadedTokenizer[]>;
  /**
   * The load only waits for workers that load the tokenizers themselves (this thread stays free):
   * no pause for the first samples to be drawn first.
   */
  loadsElsewhere?: boolean;
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
