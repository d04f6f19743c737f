// The JSON tokpeek prints, as named types: each is the source of a JSON Schema shipped in
// src/schemas/ (`npm run schemas` writes them; a test fails while one is stale, and every JSON
// output is validated against its schema in the integration tests). Commands build these
// records with `satisfies`, so the type, the schema and the output cannot drift apart.

import type { DriftClass } from '../core/snapshot/classify.js';
import type { TokenizedSample } from '../core/token-model.js';

export type { DriftReport } from '../core/snapshot/report.js';
export type { Report } from '../core/report/build.js';
export type { PartialFile } from '../core/report/partial.js';

/** `tokpeek show --json`: one line per tokenizer × engine, the token model of the text. */
export interface ShowRecord extends TokenizedSample {
  /** Unit of every `start`/`end` offset: UTF-16 code units of `text` (JavaScript string indices). */
  offsets: 'utf16';
  tokenizer: {
    name: string;
    spec: string;
    /** `sha256:` over the canonical JSON of the tokenizer files. */
    fingerprint: string;
    engine: string;
    engineVersion: string;
  };
}

/** `tokpeek pending --json`: one line per pending snapshot change. */
export interface PendingRecord {
  /** `tokenizer/corpus#key`: what accept and reject take. */
  id: string;
  tokenizer: string;
  corpus: string;
  key: string;
  kind: 'changed' | 'added' | 'removed';
  classes: DriftClass[];
  location: string | null;
  text: string;
  old: { tokens: readonly string[]; ids: readonly number[] } | null;
  new: { tokens: readonly string[]; ids: readonly number[] } | null;
  /** Paths relative to the folder tokpeek ran in, with `/`. */
  snapshot: string;
  pending: string;
}

/** `tokpeek tokenizers --json`: the bundled tokenizers. */
export interface BundledTokenizerRecord {
  name: string;
  family: string;
  vocabSize: number;
  specialTokens: string[];
  /** The post-processor's single-sequence template, e.g. `<s> $A`. */
  template: string;
  /** The folder holding its files. */
  source: string;
  description: string;
  default: boolean;
}
export type TokenizerList = BundledTokenizerRecord[];

/** The schema file and root type of each JSON output. */
export const JSON_CONTRACTS = {
  'drift-report': { type: 'DriftReport', outputs: 'check --format json, diff --format json' },
  report: { type: 'Report', outputs: 'report --format json' },
  'report-partial': { type: 'PartialFile', outputs: 'report --partial FILE' },
  show: { type: 'ShowRecord', outputs: 'show --json (one line each)' },
  pending: { type: 'PendingRecord', outputs: 'pending --json (one line each)' },
  tokenizers: { type: 'TokenizerList', outputs: 'tokenizers --json' },
} as const;
export type JsonContract = keyof typeof JSON_CONTRACTS;
