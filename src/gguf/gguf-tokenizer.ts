// The tokenizer a GGUF file defines, from its `tokenizer.ggml.*` metadata, and the same
// vocabulary spelled as a tokenizer.json profile so that tokpeek's token model (Vocabulary,
// fingerprints, snapshots) describes GGUF tokens exactly as it describes HF ones.

import { InputError } from '../errors.js';
import type { TokenizerFiles, TokenizerJson } from '../core/tokenizer-files.js';
import { type GgufTokenizer, SPECIAL_ROLES, type SpecialRole, TOKEN_TYPE, addsBos } from '../core/gguf-vocabulary.js';
import type { GgufHeader, GgufMetadata, GgufValue } from './read-gguf.js';

// GGUF keys spell it `seperator_token_id`; tokpeek shows `sep`.
const ROLE_KEY: Record<SpecialRole, string> = {
  bos: 'tokenizer.ggml.bos_token_id',
  eos: 'tokenizer.ggml.eos_token_id',
  eot: 'tokenizer.ggml.eot_token_id',
  unknown: 'tokenizer.ggml.unknown_token_id',
  padding: 'tokenizer.ggml.padding_token_id',
  seperator: 'tokenizer.ggml.seperator_token_id',
  mask: 'tokenizer.ggml.mask_token_id',
};

export function ggufTokenizerOf(file: string, header: GgufHeader): GgufTokenizer {
  const m = header.metadata;
  const model = str(m, 'tokenizer.ggml.model');
  if (model === undefined) throw new InputError(file, 'this GGUF file has no tokenizer (no tokenizer.ggml.model key)');
  const tokens = strings(file, m, 'tokenizer.ggml.tokens');
  if (!tokens) throw new InputError(file, 'this GGUF file has no tokenizer.ggml.tokens');
  const types = numbers(file, m, 'tokenizer.ggml.token_type') ?? tokens.map(() => TOKEN_TYPE.normal);
  if (types.length !== tokens.length)
    throw new InputError(file, `tokenizer.ggml.token_type has ${types.length} entries for ${tokens.length} tokens`);
  const special: GgufTokenizer['special'] = {};
  for (const role of SPECIAL_ROLES) {
    const id = m.get(ROLE_KEY[role]);
    if (typeof id === 'number' || typeof id === 'bigint') special[role] = Number(id);
  }
  return {
    architecture: str(m, 'general.architecture'),
    name: str(m, 'general.name'),
    version: header.version,
    tensorCount: Number(header.tensorCount),
    model,
    pre: str(m, 'tokenizer.ggml.pre'),
    tokens,
    types,
    scores: numbers(file, m, 'tokenizer.ggml.scores'),
    merges: strings(file, m, 'tokenizer.ggml.merges'),
    special,
    addBos: bool(m, 'tokenizer.ggml.add_bos_token'),
    addEos: bool(m, 'tokenizer.ggml.add_eos_token'),
    addSpacePrefix: bool(m, 'tokenizer.ggml.add_space_prefix'),
    chatTemplate: str(m, 'tokenizer.chat_template'),
  };
}

/**
 * The GGUF vocabulary as tokenizer.json and tokenizer_config.json profiles: control tokens
 * are special added tokens, user-defined ones non-special added tokens, byte tokens make
 * byte fallback, `gpt2` vocabularies are byte-level and `llama` ones metaspace. Everything
 * that decides tokenization (merges, scores, pre-tokenizer type, flags) is in it, so its
 * fingerprint changes whenever llama.cpp's behaviour can.
 */
export function tokenizerFilesOf(g: GgufTokenizer): TokenizerFiles {
  const vocab: Record<string, number> = {};
  const added: Array<Record<string, unknown>> = [];
  let hasBytes = false;
  g.tokens.forEach((piece, id) => {
    const type = g.types[id];
    // llama.cpp treats control and unknown tokens as special (its token attributes); user-defined ones are matched in text but not special.
    if (type === TOKEN_TYPE.control || type === TOKEN_TYPE.userDefined || type === TOKEN_TYPE.unknown)
      added.push({ id, content: piece, special: type !== TOKEN_TYPE.userDefined });
    if (type === TOKEN_TYPE.byte) hasBytes = true;
    if (!Object.hasOwn(vocab, piece)) vocab[piece] = id;
  });
  const unk = g.special.unknown ?? g.types.indexOf(TOKEN_TYPE.unknown);
  const spm = g.model === 'llama';
  const tokenizer: TokenizerJson = {
    added_tokens: added,
    pre_tokenizer: spm ? { type: 'Metaspace', replacement: '▁' } : g.model === 'gpt2' ? { type: 'ByteLevel' } : null,
    decoder: spm ? { type: 'Metaspace', replacement: '▁' } : g.model === 'gpt2' ? { type: 'ByteLevel' } : null,
    model: {
      type: g.model === 'bert' ? 'WordPiece' : 'BPE',
      vocab,
      merges: g.merges ?? [],
      byte_fallback: hasBytes,
      unk_token: unk >= 0 ? g.tokens[unk] : null,
    },
    gguf: {
      model: g.model,
      pre: g.pre ?? null,
      scores: g.scores ?? null,
      types: g.types,
      add_space_prefix: g.addSpacePrefix ?? null,
    },
  };
  const role = (id: number | undefined) => (id === undefined ? undefined : g.tokens[id]);
  const config: Record<string, unknown> = {
    add_bos_token: addsBos(g),
    add_eos_token: g.addEos ?? false,
    bos_token: role(g.special.bos),
    eos_token: role(g.special.eos),
    unk_token: role(g.special.unknown),
    pad_token: role(g.special.padding),
  };
  if (g.chatTemplate !== undefined) config.chat_template = g.chatTemplate;
  return { tokenizer, config };
}

function str(m: GgufMetadata, key: string): string | undefined {
  const v = m.get(key);
  return typeof v === 'string' ? v : undefined;
}

function bool(m: GgufMetadata, key: string): boolean | undefined {
  const v = m.get(key);
  return typeof v === 'boolean' ? v : undefined;
}

function strings(file: string, m: GgufMetadata, key: string): string[] | undefined {
  const v = m.get(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    throw new InputError(file, `${key} is not an array of strings`);
  return v as string[];
}

function numbers(file: string, m: GgufMetadata, key: string): number[] | undefined {
  const v = m.get(key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((n: GgufValue) => typeof n !== 'number'))
    throw new InputError(file, `${key} is not an array of numbers`);
  return v as number[];
}
