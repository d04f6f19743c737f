// The JSON tokpeek prints, as named types: each is the source of a JSON Schema shipped in
// src/schemas/ (`npm run schemas` writes them; a test fails while one is stale, and every JSON
// output is validated against its schema in the integration tests). Commands build these
// records with `satisfies`, so the type, the schema and the output cannot drift apart.

import type { Anatomy, AnatomyWarning } from '../core/anatomy/types.js';
import type { DriftClass } from '../core/drift/classify.js';
import type { GgufTokenizer } from '../core/gguf-vocabulary.js';
import type { OffsetUnit } from '../core/offset-units.js';
import type { BulkPath, EngineName, TokenizedSample } from '../core/token-model.js';
import type { TokenizerSource } from '../core/tokenizer-files.js';

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
    /** Which copy of the engine package ran: `tokpeek`, or `project <path from the working folder>`. */
    engineCopy?: string;
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

/** `tokpeek info --json` for a tokenizer.json (a bundled name, folder, file or HF cache entry). */
export interface TokenizerInfoRecord {
  name: string;
  source: TokenizerSource;
  /** `sha256:` over the canonical JSON of the tokenizer files. */
  fingerprint: string;
  engine: EngineName;
  /** The engine package and version, e.g. `@huggingface/tokenizers 0.2.0`. */
  engineVersion: string;
  /** Which copy of the engine package ran: `tokpeek`, or `project <path from the working folder>`. */
  engineCopy?: string;
  /** How report, snapshot and check encode with this tokenizer (ids without offsets). */
  bulkPath: BulkPath;
  anatomy: Anatomy;
}

/** `tokpeek info --json` for a GGUF file: its tokenizer metadata without the vocabulary-sized arrays. */
export interface GgufInfoRecord {
  name: string;
  source: TokenizerSource;
  fingerprint: string;
  engine: 'llama.cpp';
  /** `not loaded` when llama.cpp refused the file (the refusal is a warning). */
  engineVersion: string;
  gguf: Omit<GgufTokenizer, 'tokens' | 'types' | 'scores' | 'merges'> & {
    vocabSize: number;
    /** Number of merges, null when the file has none (SentencePiece). */
    merges: number | null;
    /** Whether the file carries token scores. */
    scores: boolean;
  };
  /** llama.cpp's load warnings and, with `--against`, where the GGUF departs from that HF tokenizer. */
  warnings: AnatomyWarning[];
  /** `--against SPEC`: the canary strings whose ids differ between the GGUF and the HF tokenizer. */
  against?: { spec: string; canaries: { total: number; differing: string[] } };
}

/** `tokpeek info --json`: one line per tokenizer given, in the order given. */
export type InfoRecord = TokenizerInfoRecord | GgufInfoRecord;

/** The schema file and root type of each JSON output. */
export const JSON_CONTRACTS = {
  'drift-report': { type: 'DriftReport', outputs: 'check --format json, diff --format json' },
  report: { type: 'Report', outputs: 'report --format json' },
  'report-partial': { type: 'PartialFile', outputs: 'report --partial FILE' },
  show: { type: 'ShowRecord', outputs: 'show --json, tokenize (one line each)' },
  info: { type: 'InfoRecord', outputs: 'info --json (one line per tokenizer)' },
  pending: { type: 'PendingRecord', outputs: 'pending --json (one line each)' },
  tokenizers: { type: 'TokenizerList', outputs: 'tokenizers --json' },
} as const;
export type JsonContract = keyof typeof JSON_CONTRACTS;
