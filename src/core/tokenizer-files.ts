// The files that define a tokenizer's behaviour, parsed, plus where they came from.

import type { GgufTokenizer } from './gguf-vocabulary.js';
import { fingerprintOf } from './fingerprint.js';

/** Parsed `tokenizer.json` (the Hugging Face `tokenizers` serialization). Kept loose on purpose: it is validated where used. */
export type TokenizerJson = Record<string, any>;

export interface TokenizerFiles {
  /** Parsed tokenizer.json. */
  tokenizer: TokenizerJson;
  /** Parsed tokenizer_config.json, when present. */
  config?: Record<string, any>;
  /** Parsed special_tokens_map.json, when present. */
  specialTokensMap?: Record<string, any>;
  /** For a GGUF file: its tokenizer metadata (tokenizer and config above are profiles made from it). */
  gguf?: GgufTokenizer;
  /**
   * Chat templates saved beside the config, as current `transformers` writes them:
   * `chat_template.jinja` (the default) and `additional_chat_templates/NAME.jinja`.
   */
  chatTemplates?: Record<string, string>;
}

/** Where a tokenizer was loaded from; shown by `info`, stored in snapshot headers. */
export interface TokenizerSource {
  /** What the user typed after --tokenizer. */
  spec: string;
  kind: 'bundled' | 'folder' | 'file' | 'hf-cache' | 'gguf';
  /** Folder holding tokenizer.json (or the file itself for kind 'file'). */
  path: string;
  /** For hf-cache: `org/name`. */
  repo?: string;
  /** For hf-cache: the revision asked for (branch, tag or commit) and the commit it resolved to. */
  revision?: string;
  commit?: string;
  /** For bundled tokenizers: a one-line description of what the files contain and where they come from. */
  description?: string;
}

/**
 * `sha256:` over the content of the files that decide what a tokenizer does to text and to
 * conversations: tokenizer.json, tokenizer_config.json, special_tokens_map.json and the chat
 * template files (absent ones leave the hash as it was without them).
 */
export function filesFingerprint(files: Omit<TokenizerFiles, 'tokenizer'> & { tokenizer: unknown }): string {
  return fingerprintOf({
    'tokenizer.json': files.tokenizer,
    'tokenizer_config.json': files.config,
    'special_tokens_map.json': files.specialTokensMap,
    ...(files.chatTemplates ? { chat_templates: files.chatTemplates } : {}),
  });
}
