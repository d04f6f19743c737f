// What the browse screen's drift markers (Δ) compare each tokenizer against, and how: the ids
// of its snapshots in the suite (commands/browse-session.ts finds them by the suite's name for
// the tokenizer, so an edited spec is compared with what was snapshotted before — which is the
// point of the marker), or the reason nothing can be compared, for the screen to show instead
// of an empty drift filter.

import type { EngineName } from '../../core/token-model.js';

export interface Baseline {
  /** The snapshot's ids of a sample, by its key (core/snapshot/sample-key.ts: a chat record's, or the text's). */
  ids(key: string): readonly number[] | undefined;
  /** Taken without special tokens: the tokens the screen's tokenizer inserts are left out before comparing. */
  withoutInserted: boolean;
  /** Where the ids come from, e.g. `snapshots/t (2 files, js)`. */
  source: string;
}

export type BaselineMatch = { baseline: Baseline } | { reason: string };

/** A tokenizer the screen shows: a suite tokenizer's name when browsed by one. */
export interface BrowsedTokenizer {
  spec: string;
  engine: EngineName;
  suiteName?: string | undefined;
}

/** Whether `ids` (with `inserted` flags, as the screen tokenized them) differ from the baseline's. */
export function driftsFrom(
  expected: readonly number[],
  ids: readonly number[],
  inserted: (i: number) => boolean,
  withoutInserted: boolean,
): boolean {
  const got = withoutInserted ? ids.filter((_, i) => !inserted(i)) : ids;
  return expected.length !== got.length || expected.some((id, i) => id !== got[i]);
}
