// The tokenizer a GGUF file defines, as data: its `tokenizer.ggml.*` metadata, read by
// gguf/gguf-tokenizer.ts. Part of the token model (TokenizerFiles carries it for GGUF sources).

/** llama.cpp's token types (`llama_token_type`), as its converters write them. */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface GgufTokenizer {
  /** `general.architecture`, e.g. `llama`. */
  architecture?: string;
  /** `general.name`. */
  name?: string;
  version: number;
  tensorCount: number;
  /** `tokenizer.ggml.model`: `gpt2` (byte-level BPE), `llama` (SentencePiece), `bert`, `t5`… */
  model: string;
  /** `tokenizer.ggml.pre`: the pre-tokenizer llama.cpp applies (`llama-bpe`, `qwen2`, `gpt-4o`…); absent in old files. */
  pre?: string;
  tokens: string[];
  types: number[];
  scores?: number[];
  merges?: string[];
  special: Partial<Record<SpecialRole, number>>;
  addBos?: boolean;
  addEos?: boolean;
  addSpacePrefix?: boolean;
  chatTemplate?: string;
}

export const SPECIAL_ROLES = ['bos', 'eos', 'eot', 'unknown', 'padding', 'seperator', 'mask'] as const;
export type SpecialRole = (typeof SPECIAL_ROLES)[number];
/** Whether llama.cpp prepends BOS by default: the GGUF flag, else its default for the model type. */
export function addsBos(g: GgufTokenizer): boolean {
  return g.addBos ?? (g.model === 'llama' || g.model === 'bert');
}
