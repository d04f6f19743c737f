// What `anatomyOf` returns: the shape of a tokenizer's anatomy and its warnings.

export type WarningLevel = 'warning' | 'info';

export interface AnatomyWarning {
  /** Stable identifier, e.g. `add-bos-not-applied`. */
  code: string;
  /** `info` for facts worth knowing that rarely change ids (merges format, sentinels...). */
  level: WarningLevel;
  /** One plain sentence naming the files and values involved. */
  message: string;
}

export interface ModelAnatomy {
  /** `BPE`, `WordPiece`, `Unigram`, `WordLevel` (inferred when tokenizer.json omits it). */
  type: string;
  /** Distinct ids: model vocabulary plus added tokens that are not in it. */
  vocabSize: number;
  /** Entries in `model.vocab`. */
  modelVocabSize: number;
  /** Added tokens whose id is not in `model.vocab`. */
  addedOutsideModel: number;
  /** Highest id + 1 (the embedding rows a model needs); differs from vocabSize when ids have gaps. */
  idSpan: number;
  merges: number | null;
  mergesFormat: 'strings' | 'pairs' | null;
  byteFallback: boolean;
  unkToken: string | null;
  continuingSubwordPrefix: string | null;
  endOfWordSuffix: string | null;
  ignoreMerges: boolean;
  dropout: number | null;
  fuseUnk: boolean;
  /** WordPiece only. */
  maxInputCharsPerWord: number | null;
  /** A ByteLevel pre-tokenizer/normalizer maps text to bytes first: every text is representable. */
  byteLevel: boolean;
}

export interface StageAnatomy {
  /** One-line summary: `Sequence[Prepend("▁"), Replace(" " → "▁")]`, `NFC`, `none`. */
  summary: string;
  /** The tokenizer.json sub-object (a Precompiled charsmap is replaced by its size). */
  raw: unknown;
}

export interface PostProcessorAnatomy extends StageAnatomy {
  /** Template for one sequence: `<|begin_of_text|> $A`, `[CLS] $A [SEP]`, `$A`. */
  single: string;
  /** Template for a pair: `[CLS] $A [SEP] $B [SEP]`. */
  pair: string;
  /** Tokens inserted before / after a single sequence (empty when none). */
  startTokens: string[];
  endTokens: string[];
  /** First of startTokens / last of endTokens, or null. */
  addsBos: string | null;
  addsEos: string | null;
}

export interface AddedTokenEntry {
  id: number;
  content: string;
  special: boolean;
  normalized: boolean;
  lstrip: boolean;
  rstrip: boolean;
  single_word: boolean;
}

export const TOKEN_ROLES = ['bos', 'eos', 'unk', 'pad', 'cls', 'sep', 'mask'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export interface RoleToken {
  /** null when a file sets it to null explicitly. */
  content: string | null;
  from: 'tokenizer_config.json' | 'special_tokens_map.json';
  /** Its id in the model vocabulary or added tokens; null when not there (or content is null). */
  id: number | null;
}

export interface ConfigAnatomy {
  /** tokenizer_config.json / special_tokens_map.json were given. */
  present: boolean;
  specialTokensMapPresent: boolean;
  /** Absent roles are named by neither file. */
  tokens: Partial<Record<TokenRole, RoleToken>>;
  additionalSpecialTokens: string[];
  addBosToken: boolean | null;
  addEosToken: boolean | null;
  /** The value from tokenizer_config.json, null when absent. */
  modelMaxLength: number | null;
  /** True when absent or a sentinel (≥ 1e20, e.g. 1e30): no real limit is known. */
  modelMaxLengthUnset: boolean;
  paddingSide: string;
  paddingSideDefaulted: boolean;
  truncationSide: string;
  truncationSideDefaulted: boolean;
  chatTemplate: { present: boolean; names: string[] };
  tokenizerClass: string | null;
  cleanUpTokenizationSpaces: boolean | null;
  legacy: boolean | null;
  addPrefixSpace: boolean | null;
  doLowerCase: boolean | null;
  spacesBetweenSpecialTokens: boolean | null;
  splitSpecialTokens: boolean | null;
}

export interface Anatomy {
  model: ModelAnatomy;
  normalizer: StageAnatomy;
  preTokenizer: StageAnatomy;
  postProcessor: PostProcessorAnatomy;
  decoder: StageAnatomy;
  addedTokens: AddedTokenEntry[];
  counts: { added: number; special: number; nonSpecial: number; addedOutsideModel: number };
  /** tokenizer.json's own `truncation` / `padding` (engines apply them), null when unset. */
  truncation: unknown;
  padding: unknown;
  config: ConfigAnatomy;
  warnings: AnatomyWarning[];
}

/** model_max_length values at or above this are "no limit" sentinels (transformers uses int(1e30)). */
export const MAX_LENGTH_SENTINEL = 1e20;
