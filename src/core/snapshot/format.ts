// The snapshot file: a `---` header block of `name: value` lines, then one block per sample
// sorted by key. Byte-deterministic (no paths outside the suite, no times, fixed order) and
// shaped for pull-request diffs: a changed tokenization shows as a few `tokens:`/`ids:` lines
// under the `==` line that names the sample.
//
//   ---
//   tokpeek-snapshot: 3
//   tokpeek: 0.1.0
//   tokenizer: llama3.1
//   ...
//   decoded: hello "<|begin_of_text|>Hello world"
//   decoded-skip: hello "Hello world"
//   ...
//   samples: 2
//   ---
//
//   == 0b1f6c0e9f4a1d2c · 11 tokens · hard-cases.txt
//   text: "The quick brown fox jumps over the lazy dog."
//   tokens: ⟦+<|begin_of_text|>⟧ The ·quick ·brown ·fox ·jumps ·over ·the ·lazy ·dog .
//   ids: 128000 791 4062 14198 39935 35308 927 279 16053 5679 13
//
// A sample of a chat corpus is a record rendered through the tokenizer's chat template: its
// `record:` line (before `text:`) holds the record as read, its key is the hash of that line,
// and `text:` is the rendered conversation, so a changed template changes the text of the
// same sample (drift), not its key.
//
// Long tokenizations continue on further `tokens:`/`ids:` pairs. Lines break after sentence
// ends and newlines (content-defined), so a change early in a long sample re-synchronizes
// at the next sentence instead of shifting every following line.
//
// Writing is in ./serialize.ts, reading in ./parse.ts.

import type { DecodePin } from '../drift/decode.js';

/**
 * Written by this tokpeek; READABLE_FORMATS are read. Format 1 lacks the engine copy, formats
 * 1 and 2 the decode pins (`decoded:` lines): their decoding is not compared.
 */
export const SNAPSHOT_FORMAT = 3;
export const READABLE_FORMATS: readonly number[] = [1, 2, 3];
export const SNAPSHOT_EXTENSION = '.snap';
export const PENDING_EXTENSION = '.snap.new';

interface SnapshotOptions {
  addSpecialTokens: boolean;
  maxLength?: number;
  truncationSide: 'left' | 'right';
  /**
   * The chat template a chat corpus was rendered with, when the suite names one
   * (`chat_template`): the template's name, or its file (spaces, `=` and `%` percent-encoded)
   * and `#` the first 12 hex digits of the file's sha256.
   */
  chatTemplate?: string;
}

export interface CorpusFileHash {
  /** Relative to the suite folder, `/`-separated. */
  path: string;
  sha256: string;
}

/** Everything the header says. Values are single-line strings; order is fixed by the serializer. */
export interface SnapshotHeader {
  /** tokpeek version that wrote the file. */
  tokpeek: string;
  /** The suite's name for the tokenizer. */
  tokenizer: string;
  /** The spec as written in the suite config. */
  spec: string;
  /** bundled | folder | file | hf-cache */
  source: string;
  revision?: string;
  commit?: string;
  /** Content fingerprint of tokenizer.json + tokenizer_config.json + special_tokens_map.json + chat template files (filesFingerprint). */
  fingerprint: string;
  /**
   * sha256 of each of those files' bytes (the hash the Hugging Face Hub shows for a file).
   * The fingerprint, stages, sections and config are worked out from the files' content;
   * while these hashes and the tokpeek version stay the same, they are read from here.
   */
  files: Array<[name: string, sha256: string]>;
  engine: string;
  engineVersion: string;
  /** Which copy of the engine package ran: `tokpeek`, or `project <path from the suite folder>` (format 2). */
  engineCopy?: string;
  options: SnapshotOptions;
  corpus: string;
  corpusFiles: CorpusFileHash[];
  /** sha256 over the canary tokenizations, and the canary set's version. */
  behaviour: string;
  canarySet: string;
  /** Short hash of each canary's ids, in canary order. */
  canaries: Array<[name: string, hash: string]>;
  /**
   * What decode returns for the canaries and the added tokens, with and without
   * skip_special_tokens (format 3; absent before, and for engines that cannot say).
   */
  decodePins?: DecodePin[];
  /** One-line summaries of the pipeline stages, for people reading the diff. */
  stages: Array<[name: string, summary: string]>;
  /** Digests of tokenizer.json sections and tokenizer_config.json fields (see tokenizer-digest.ts). */
  sections: Array<[name: string, digest: string]>;
  config: Array<[name: string, value: string]>;
}

export interface SnapshotEntry {
  key: string;
  /** Where the sample came from (corpus file relative to the suite), information only. */
  location?: string;
  /** A chat corpus's sample: the record (canonical JSON) the text was rendered from; the key is its hash. */
  record?: string;
  text: string;
  /** Token spellings (see text-escape.ts), one per id. */
  tokens: string[];
  ids: number[];
}

export interface Snapshot {
  header: SnapshotHeader;
  /** Sorted by key, keys unique. */
  entries: SnapshotEntry[];
}

/** A problem at a line of a snapshot file. */
export class SnapshotFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}
