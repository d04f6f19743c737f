// One interface over the tokenization engines tokpeek can drive.

import type { PipelineEvidence } from '../core/drift/classify.js';
import type { BulkPath, EngineName, RawEncoding } from '../core/token-model.js';
import type { TokenizerFiles } from '../core/tokenizer-files.js';
import type { EnginePackage } from './engine-package.js';

export interface Engine {
  readonly name: EngineName;
  /** npm package and version, e.g. `@huggingface/tokenizers 0.2.0`. */
  readonly label: string;
  readonly version: string;
  /** Which copy of the package ran (the user's project's or tokpeek's own). */
  readonly copy?: EnginePackage;
  /** How this engine encodes in bulk for the loaded tokenizer (engines without a fast path leave it out). */
  readonly bulkPath?: BulkPath;
  /** Offsets cost time in engines that do not report them: bulk statistics can go without. */
  encodeBatch(texts: string[], addSpecialTokens: boolean, options?: { offsets?: boolean }): Promise<RawEncoding[]>;
  decode(ids: number[]): Promise<string>;
  /**
   * What an application's decode call returns through this engine: special tokens skipped or
   * not, and the tokenizer's clean-up setting applied as the library (or, for the Rust
   * binding, Python transformers over it) applies it. Pinned in snapshots; engines that cannot
   * say leave it out (or, wrapping one that may not say, give undefined).
   */
  decodeAsUsed?(ids: number[], skipSpecialTokens: boolean): Promise<string | undefined>;
  /** -1 when decode(encode(text)) = text is known without decoding (see js.ts); undefined when it must be decoded. */
  knownRoundTrip?(text: string, encoding: RawEncoding): number | undefined;
  /** How the pipeline got its tokens for `text` (pre-token ends, the model alone), for the drift classifier; engines that cannot say leave it out. */
  evidence?(text: string): PipelineEvidence | undefined;
  /** What the runtime said while loading (llama.cpp's log warnings), for `info`. */
  readonly loadLog?: readonly string[];
  /**
   * model.vocab's (token, id) pairs as the engine holds them, in the file's order, where it keeps
   * exactly those (the js library's Map for BPE and WordPiece): the loader checks the ids there.
   */
  vocabIds?(): Iterable<[string, unknown]>;
  /** Tokens the runtime treats as special though the files make them ordinary (llama.cpp's overrides by token text). */
  readonly runtimeSpecialTokens?: ReadonlyArray<{ id: number; content: string }>;
}

export interface EngineInput {
  files: TokenizerFiles;
  /** Path of tokenizer.json, for engines that load from disk. */
  tokenizerPath: string;
  /** Folder holding the tokenizer files, for engines that load a folder. */
  folder: string;
  /** The project whose node_modules are searched for the engine package first (the suite's folder). */
  project?: string;
}
