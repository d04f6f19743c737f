// tokenizer.json → vocab-only GGUF metadata, following llama.cpp's convert_hf_to_gguf.py:
// - byte-level BPE (`gpt2`): tokens in id order, added special tokens CONTROL, other added
//   tokens USER_DEFINED, the merges as "a b" strings, and `tokenizer.ggml.pre` naming the
//   pre-tokenizer regex llama.cpp should apply;
// - SentencePiece BPE (`llama`): `<0xNN>` tokens BYTE, `<unk>` UNKNOWN, specials CONTROL,
//   and scores. The converter takes scores from tokenizer.model; from tokenizer.json a
//   token's score must follow the rank of the merge that makes it (score = -id is not
//   faithful: whitespace-run tokens have small ids but are merged last).
// `breakage` writes the deliberately broken files the drift tests need.

import fs from 'node:fs';
import path from 'node:path';
import { type GgufEntry, writeGguf } from './gguf-writer.js';

const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const USER_DEFINED = 4;
const UNUSED = 5;
const BYTE = 6;

export interface GgufFromHfOptions {
  /** `tokenizer.ggml.pre` for byte-level BPE (`llama-bpe`, `qwen2`, `gpt-4o`…); omitted when undefined. */
  pre?: string;
  architecture?: string;
  /** Deliberate faults: drop the last `dropMerges` merges, force add_bos_token. */
  dropMerges?: number;
  addBos?: boolean;
  /**
   * SentencePiece without its byte tokens (renamed and UNUSED, so other ids stay): all of them,
   * or all but `<0x0A>` (node-llama-cpp tokenizes a newline while loading a model).
   */
  dropByteTokens?: 'all' | 'but-newline';
}

export function ggufEntriesFromHf(
  tokenizer: Record<string, any>,
  config: Record<string, any> = {},
  options: GgufFromHfOptions = {},
): Record<string, GgufEntry> {
  const model = tokenizer.model;
  if (model?.type !== 'BPE') throw new Error(`only BPE tokenizer.json files convert here, not ${model?.type}`);
  const spm = Boolean(model.byte_fallback);
  const tokens: string[] = [];
  for (const [piece, id] of Object.entries(model.vocab as Record<string, number>)) tokens[id] = piece;
  const added = new Map<number, { content: string; special: boolean }>();
  for (const t of tokenizer.added_tokens ?? []) {
    added.set(t.id, { content: t.content, special: Boolean(t.special) });
    tokens[t.id] = t.content;
  }
  for (let i = 0; i < tokens.length; i++) tokens[i] ??= `[PAD${i}]`;
  let merges: string[] = (model.merges as Array<string | [string, string]>).map((m) =>
    typeof m === 'string' ? m : m.join(' '),
  );
  if (options.dropMerges) merges = merges.slice(0, merges.length - options.dropMerges);

  const dropped = (piece: string) =>
    options.dropByteTokens !== undefined &&
    /^<0x[0-9A-F]{2}>$/.test(piece) &&
    (options.dropByteTokens === 'all' || piece !== '<0x0A>');
  const types = tokens.map((piece, id) => {
    if (spm && dropped(piece)) return UNUSED;
    // SentencePiece's own types come first, as the converter reads them from tokenizer.model.
    if (spm && piece === model.unk_token) return UNKNOWN;
    if (spm && /^<0x[0-9A-F]{2}>$/.test(piece)) return BYTE;
    const a = added.get(id);
    if (a) return a.special ? CONTROL : USER_DEFINED;
    return NORMAL;
  });
  tokens.forEach((piece, i) => {
    if (spm && dropped(piece)) tokens[i] = `[UNUSED_BYTE_${i}]`;
  });
  const id = (content: unknown) => {
    const c = typeof content === 'string' ? content : (content as { content?: string } | undefined)?.content;
    if (c === undefined) return undefined;
    const i = tokens.indexOf(c);
    return i < 0 ? undefined : i;
  };
  const bos = id(config.bos_token);
  const eos = id(config.eos_token);
  const entries: Record<string, GgufEntry> = {
    'general.architecture': { type: 'string', value: options.architecture ?? 'llama' },
    'general.name': { type: 'string', value: 'tokpeek test vocabulary' },
    'tokenizer.ggml.model': { type: 'string', value: spm ? 'llama' : 'gpt2' },
  };
  if (!spm && options.pre !== undefined) entries['tokenizer.ggml.pre'] = { type: 'string', value: options.pre };
  entries['tokenizer.ggml.tokens'] = { type: 'string[]', value: tokens };
  entries['tokenizer.ggml.token_type'] = { type: 'i32[]', value: types };
  if (spm) entries['tokenizer.ggml.scores'] = { type: 'f32[]', value: mergeRankScores(tokens, merges) };
  else entries['tokenizer.ggml.merges'] = { type: 'string[]', value: merges };
  if (bos !== undefined) entries['tokenizer.ggml.bos_token_id'] = { type: 'u32', value: bos };
  if (eos !== undefined) entries['tokenizer.ggml.eos_token_id'] = { type: 'u32', value: eos };
  const unk = spm ? id(model.unk_token) : undefined;
  if (unk !== undefined) entries['tokenizer.ggml.unknown_token_id'] = { type: 'u32', value: unk };
  entries['tokenizer.ggml.add_bos_token'] = { type: 'bool', value: options.addBos ?? addsBos(tokenizer, config) };
  entries['tokenizer.ggml.add_eos_token'] = { type: 'bool', value: config.add_eos_token === true };
  if (spm) entries['tokenizer.ggml.add_space_prefix'] = { type: 'bool', value: prependsSpace(tokenizer) };
  if (typeof config.chat_template === 'string')
    entries['tokenizer.chat_template'] = { type: 'string', value: config.chat_template };
  return entries;
}

/** Score of a token = minus the rank of the merge that produces it; tokens no merge produces score 0. */
function mergeRankScores(tokens: string[], merges: string[]): number[] {
  const rank = new Map<string, number>();
  merges.forEach((m, r) => {
    const merged = m.replace(' ', '');
    if (!rank.has(merged)) rank.set(merged, r);
  });
  return tokens.map((t) => {
    const r = rank.get(t);
    return r === undefined ? 0 : -(r + 1);
  });
}

/** What HF does for a single sequence: a BOS from the post-processor's template, or add_bos_token from the config. */
function addsBos(tokenizer: Record<string, any>, config: Record<string, any>): boolean {
  const first = tokenizer.post_processor?.single?.[0];
  if (first?.SpecialToken) return true;
  const nested = (tokenizer.post_processor?.processors ?? []) as Array<Record<string, any>>;
  if (nested.some((p) => p.single?.[0]?.SpecialToken)) return true;
  return config.add_bos_token === true && tokenizer.post_processor == null;
}

function prependsSpace(tokenizer: Record<string, any>): boolean {
  const parts = [tokenizer.normalizer, ...(tokenizer.normalizer?.normalizers ?? [])];
  if (parts.some((n) => n?.type === 'Prepend' && n.prepend === '▁')) return true;
  const pre = [tokenizer.pre_tokenizer, ...(tokenizer.pre_tokenizer?.pretokenizers ?? [])];
  return pre.some((p) => p?.type === 'Metaspace' && (p.prepend_scheme ?? 'always') !== 'never');
}

/** Writes `<dir>/<name>.gguf` from a folder holding tokenizer.json (and tokenizer_config.json). */
export function writeGgufFromHfFolder(
  folder: string,
  file: string,
  options: GgufFromHfOptions = {},
  edit?: (entries: Record<string, GgufEntry>) => void,
): string {
  const tokenizer = JSON.parse(fs.readFileSync(path.join(folder, 'tokenizer.json'), 'utf8'));
  const configFile = path.join(folder, 'tokenizer_config.json');
  const config = fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {};
  const entries = ggufEntriesFromHf(tokenizer, config, options);
  edit?.(entries);
  writeGguf(file, entries);
  return file;
}
