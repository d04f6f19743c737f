// The JSON tokpeek prints, as named types: each is the source of a JSON Schema shipped in
// src/schemas/ (`npm run schemas` writes them; a test fails while one is stale, and every JSON
// output is validated against its schema in the integration tests). Commands build these
// records with `satisfies`, so the type, the schema and the output cannot drift apart.

import type { DriftClass } from '../core/drift/classify.js';
import type { OffsetUnit } from '../core/offset-units.js';
import type { TokenizedSample } from '../core/token-model.js';

export type { DriftReport } from '../core/snapshot/report.js';
export type { Report } from '../core/report/build.js';
export type { PartialFile } from '../core/report/partial.js';

/**
 * `tokpeek show --json` (one line per tokenizer × engine) and `tokpeek tokenize` (one line per
 * sample × tokenizer × engine): the token model of one text.
 */
export interface ShowRecord extends TokenizedSample {
  /**
   * Unit of every offset (tokens' `start`/`end`, `truncation.cutAt`) into `text`: `codepoint`
   * (Unicode code points, as Python's offset_mapping and jq index), `utf16` (UTF-16 code
   * units, JavaScript string indices) or `byte` (bytes of the UTF-8 encoding, as Rust slices).
   */
  offsets: OffsetUnit;
  tokenizer: {
    name: string;
    spec: string;
    /** `sha256:` over the canonical JSON of the tokenizer files. */
    fingerprint: string;
    engine: string;
    engineVersion: string;
  };
  /** `tokenize` only: where the sample comes from. */
  source?: {
    /** The corpus file as given (`-` for standard input). */
    file: string;
    /** 1-based line of the record's first line; the row number when `unit` is `row` (Parquet). */
    line: number;
    unit?: 'row';
    /** Chat records' shape (`messages`, `sharegpt`…): `text` is then the conversation as the chat template renders it. */
    shape?: string;
    /** Which side of a preference pair. */
    variant?: 'chosen' | 'rejected';
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
  show: { type: 'ShowRecord', outputs: 'show --json, tokenize (one line each)' },
  pending: { type: 'PendingRecord', outputs: 'pending --json (one line each)' },
  tokenizers: { type: 'TokenizerList', outputs: 'tokenizers --json' },
} as const;
export type JsonContract = keyof typeof JSON_CONTRACTS;
