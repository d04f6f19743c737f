// The engine-independent token model: what every engine's output is turned into,
// and what every view (show, the TUI, snapshots, reports) reads.

/** One token of one sample. Offsets are UTF-16 indices into the sample's text. */
export interface Token {
  id: number;
  /** The token as the vocabulary spells it (`Ġthe`, `▁the`, `##ing`, `<0xF0>`). */
  piece: string;
  /** What the token stands for in text: byte-level and metaspace symbols mapped back. */
  text: string;
  /** `text.slice(start, end)` of the sample is this token's source; start === end when nothing in the text produced it. */
  start: number;
  end: number;
  /** A special token: an added token marked special, or one inserted by the post-processor. */
  special: boolean;
  /** Inserted by the post-processor (BOS/EOS/CLS/SEP): it has no source in the text. */
  inserted: boolean;
  /** The model's unknown token. */
  unknown: boolean;
  /** A byte-fallback token such as `<0xF0>`. */
  byteFallback: boolean;
  /** Holds only some of the bytes of a character (one byte of an emoji, say). */
  partial: boolean;
}

/** Where `max_length` cuts a tokenized sample, Hugging Face style. */
export interface Truncation {
  maxLength: number;
  side: 'left' | 'right';
  /** Indices into `tokens` of the tokens that truncation drops: the half-open range [droppedFrom, droppedTo). */
  droppedFrom: number;
  droppedTo: number;
  /** UTF-16 offset in the text where the kept content ends (right) or starts (left). */
  cutAt: number;
}

export interface TokenizedSample {
  text: string;
  tokens: Token[];
  /** Present when a max length was asked for and the sample exceeds it. */
  truncation?: Truncation;
}

/** What an engine returns for one text, before tokpeek describes each token. */
export interface RawEncoding {
  ids: number[];
  /** The vocabulary strings the engine reports, one per id. */
  pieces: string[];
  /** [start, end) in UTF-16 units of the input text, one pair per id; absent when not asked for. */
  offsets?: Array<[number, number]>;
  /** True where the post-processor inserted the token (not produced by the text). */
  inserted: boolean[];
  /** With offsets, from engines that know it: the pre-token ("word") each token comes from (-1 when inserted). */
  words?: number[];
  /** When asked for (pool option `roundTrip`): the first UTF-16 index where decode(ids without inserted tokens) differs from the text, or -1. */
  roundTripAt?: number;
  /** When asked for (batch option `decode`): the engine's decodeAsUsed of the ids, without and with skip_special_tokens. */
  decoded?: [plain: string, skip: string];
  /**
   * With a batch's expected snapshot blocks (check; see tokenizers/pool-protocol.ts ExpectedBlocks):
   * the encoding gives exactly its sample's block. Its ids are then not sent: `ids` is empty.
   */
  matched?: boolean;
}

export type EngineName = 'js' | 'rust' | 'transformers' | 'llama.cpp' | 'tiktoken';
export const ENGINE_NAMES: readonly EngineName[] = ['js', 'rust', 'transformers', 'llama.cpp', 'tiktoken'];

/**
 * How reports name the engine that ran: `js 0.2.0 (tokpeek)`, or with the user's project's copy
 * `js 0.1.3 (project node_modules/@huggingface/tokenizers)` (see tokenizers/load.ts engineCopyOf).
 */
export function engineRan(engine: string, version?: string, copy?: string): string {
  return `${engine} ${version ?? ''}`.trim() + (copy ? ` (${copy})` : '');
}

/** The npm package behind each engine. */
export const ENGINE_PACKAGES: Record<EngineName, string> = {
  js: '@huggingface/tokenizers',
  rust: 'tokenizers',
  transformers: '@huggingface/transformers',
  'llama.cpp': 'node-llama-cpp',
  tiktoken: 'tiktoken',
};

/** Which path bulk encoding (ids without offsets) takes in an engine, and why. */
export interface BulkPath {
  /** table: memoised pre-tokens through tokpeek's merge loop; memo: through the library's model; engine: the engine's encode. */
  path: 'table' | 'memo' | 'engine';
  reason: string;
}
