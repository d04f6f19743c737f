// The accumulator's saved state: what a shard's partial file (`report --partial`) carries, so that
// `report --merge` can rebuild and merge accumulators without the corpus or the tokenizer.

import type { ChatCounters } from './chat-counters.js';
import type { PreferenceJson } from './preference.js';
import type { SeenSetJson } from './dedupe.js';
import type { HistogramJson } from './histogram.js';
import type { Finding, Location } from './location.js';
import type { TopKJson } from './top-k.js';

export interface AccumulatorSettings {
  /** Truncation length the exact truncation counts are taken at (null: none known). */
  maxLength: number | null;
  truncationSide: 'left' | 'right';
}

/** An input file: samples reviewed, and records by shape (chat shapes, text…). */
export interface FileEntry {
  file: string;
  samples: number;
  shapes?: Record<string, number>;
  /** 'row' when its locations are Parquet rows (lines otherwise): how a finding elsewhere names a sample here. */
  unit?: 'row';
}

export interface AccumulatorJson {
  settings: AccumulatorSettings;
  files: FileEntry[];
  /** Records not reviewed (no known shape, invalid JSON, the template failed): where and why. */
  rejected?: Finding;
  rejectedReasons?: Record<string, number>;
  chars: number;
  lengths: HistogramJson;
  truncated: Finding;
  longestCut?: Array<{ where: Location; tokens: number }>;
  tokensLost: number;
  keptTokens: number;
  tokensInWholeRows: number;
  eosCut: Finding;
  unknownTokens: number;
  unknownSamples: Finding;
  byteFallbackTokens: number;
  byteFallbackSamples: Finding;
  unknownStrings: TopKJson;
  byteFallbackStrings: TopKJson;
  specialTokens: Finding;
  specialTokenCounts: Record<string, number>;
  roundtrip: Finding;
  invisible: Record<string, { samples: Finding; occurrences: number }>;
  invisibleSamples: Finding;
  empty: Finding;
  /** Implicit-prompt preference pairs with no shared opening (absent when none). */
  noSharedPrompt?: Finding;
  duplicates: Finding;
  seen: SeenSetJson;
  chat: ChatCounters | null;
  /** Preference data: the prompt alone, prompt+chosen, prompt+rejected (absent without preference pairs). */
  preference?: PreferenceJson;
}
