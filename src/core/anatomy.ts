// The anatomy of a tokenizer at a glance (`tokpeek info`): what its files say it does,
// and where the files and the engines that read them disagree. Pure: data in, data out.

import type { TokenizerFiles } from './tokenizer-files.js';
import { componentTypes } from './vocabulary.js';

type Json = Record<string, any>;

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

// ---------------------------------------------------------------------------------------------

export function anatomyOf(files: TokenizerFiles): Anatomy {
  const json = files.tokenizer ?? {};
  const cfg: Json = files.config ?? {};
  const stm: Json = files.specialTokensMap ?? {};

  const addedTokens = addedTokensOf(json);
  const vocab = vocabIndex(json.model ?? {});
  const model = modelOf(json, vocab, addedTokens);
  const idOf = (content: string): number | null => {
    const added = addedTokens.find((t) => t.content === content);
    return added ? added.id : (vocab.idOf(content) ?? null);
  };

  const postProcessor = postProcessorOf(json.post_processor);
  const config = configOf(files, idOf);
  const special = addedTokens.filter((t) => t.special).length;

  const anatomy: Anatomy = {
    model,
    normalizer: { summary: summarize(json.normalizer, 'normalizer'), raw: rawOf(json.normalizer) },
    preTokenizer: { summary: summarize(json.pre_tokenizer, 'pre_tokenizer'), raw: rawOf(json.pre_tokenizer) },
    postProcessor,
    decoder: { summary: summarize(json.decoder, 'decoder'), raw: rawOf(json.decoder) },
    addedTokens,
    counts: {
      added: addedTokens.length,
      special,
      nonSpecial: addedTokens.length - special,
      addedOutsideModel: model.addedOutsideModel,
    },
    truncation: json.truncation ?? null,
    padding: json.padding ?? null,
    config,
    warnings: [],
  };
  // Warnings before information; otherwise in the order they are checked.
  const found = warningsOf(anatomy, json, cfg, stm, files);
  anatomy.warnings = [...found.filter((w) => w.level === 'warning'), ...found.filter((w) => w.level === 'info')];
  return anatomy;
}

// --- model -----------------------------------------------------------------------------------

// Built on every load (snapshot headers, the TUI's status): no Map of a 200k vocabulary, only
// a bitmap of ids; a token's id is looked up in the vocabulary object itself.
interface VocabIndex {
  idOf(content: string): number | undefined;
  hasId(id: number): boolean;
  /** Distinct ids in the model's vocabulary, and the largest. */
  distinct: number;
  maxId: number;
  /** Entries in the model's vocabulary. */
  size: number;
}

function vocabIndex(model: Json): VocabIndex {
  const v = model.vocab;
  if (Array.isArray(v)) {
    // Unigram: [[piece, score], ...], id = index.
    let byContent: Map<string, number> | undefined;
    return {
      idOf(content) {
        if (!byContent) {
          byContent = new Map();
          v.forEach((entry, i) => {
            const piece = Array.isArray(entry) ? entry[0] : entry;
            if (typeof piece === 'string' && !byContent!.has(piece)) byContent!.set(piece, i);
          });
        }
        return byContent.get(content);
      },
      hasId: (id) => Number.isInteger(id) && id >= 0 && id < v.length,
      distinct: v.length,
      maxId: v.length - 1,
      size: v.length,
    };
  }
  const record: Record<string, unknown> = v && typeof v === 'object' ? v : {};
  const ids: number[] = [];
  let maxId = -1;
  let size = 0;
  for (const id of Object.values(record)) {
    size++;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) continue;
    ids.push(id);
    if (id > maxId) maxId = id;
  }
  const seen = new Uint8Array(maxId + 1);
  let distinct = 0;
  for (const id of ids)
    if (!seen[id]) {
      seen[id] = 1;
      distinct++;
    }
  return {
    idOf: (content) =>
      Object.hasOwn(record, content) && typeof record[content] === 'number' ? (record[content] as number) : undefined,
    hasId: (id) => seen[id] === 1,
    distinct,
    maxId,
    size,
  };
}

function inferModelType(model: Json): string {
  if (typeof model.type === 'string') return model.type;
  if ('merges' in model) return 'BPE';
  if (Array.isArray(model.vocab)) return 'Unigram';
  if ('max_input_chars_per_word' in model) return 'WordPiece';
  return 'WordLevel';
}

function modelOf(json: Json, vocab: VocabIndex, added: AddedTokenEntry[]): ModelAnatomy {
  const model: Json = json.model ?? {};
  const type = inferModelType(model);
  const outside = new Set<number>();
  for (const t of added) if (!vocab.hasId(t.id)) outside.add(t.id);
  let maxId = vocab.maxId;
  for (const id of outside) if (id > maxId) maxId = id;

  const merges = Array.isArray(model.merges) ? (model.merges as unknown[]) : null;
  const first = merges?.[0];
  const mergesFormat = first === undefined ? null : Array.isArray(first) ? 'pairs' : 'strings';

  let unkToken: string | null = typeof model.unk_token === 'string' ? model.unk_token : null;
  if (type === 'Unigram' && typeof model.unk_id === 'number' && Array.isArray(model.vocab)) {
    const entry = model.vocab[model.unk_id];
    unkToken = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
  }
  const prefix =
    typeof model.continuing_subword_prefix === 'string'
      ? model.continuing_subword_prefix
      : type === 'WordPiece'
        ? '##'
        : null;

  return {
    type,
    vocabSize: vocab.distinct + outside.size,
    modelVocabSize: vocab.size,
    addedOutsideModel: outside.size,
    idSpan: maxId + 1,
    merges: merges ? merges.length : null,
    mergesFormat: merges ? mergesFormat : null,
    byteFallback: model.byte_fallback === true,
    unkToken,
    continuingSubwordPrefix: prefix,
    endOfWordSuffix: typeof model.end_of_word_suffix === 'string' ? model.end_of_word_suffix : null,
    ignoreMerges: model.ignore_merges === true,
    dropout: typeof model.dropout === 'number' ? model.dropout : null,
    fuseUnk: model.fuse_unk === true,
    maxInputCharsPerWord: typeof model.max_input_chars_per_word === 'number' ? model.max_input_chars_per_word : null,
    byteLevel: [...componentTypes(json.pre_tokenizer), ...componentTypes(json.normalizer)].some(
      (c) => c.type === 'ByteLevel',
    ),
  };
}

function addedTokensOf(json: Json): AddedTokenEntry[] {
  const list = Array.isArray(json.added_tokens) ? (json.added_tokens as Json[]) : [];
  return list
    .filter((t) => t && typeof t.content === 'string' && typeof t.id === 'number')
    .map((t) => ({
      id: t.id as number,
      content: t.content as string,
      special: t.special === true,
      normalized: t.normalized === true,
      lstrip: t.lstrip === true,
      rstrip: t.rstrip === true,
      single_word: t.single_word === true,
    }));
}

// --- one-line summaries ----------------------------------------------------------------------

const REGEX_SHOWN = 24;

/** A string literal as it appears in a summary: `"▁"`, `" "`, `"\n"`. */
function lit(s: unknown): string {
  return JSON.stringify(String(s));
}

/** A regex shortened for one line: `'(?i:'s|'t|'re|'ve|'m|'ll…'`. */
export function shortRegex(source: string, max = REGEX_SHOWN): string {
  const escaped = source.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  const chars = [...escaped];
  return `'${chars.length > max ? `${chars.slice(0, max).join('')}…` : escaped}'`;
}

function pattern(p: unknown): string {
  if (p && typeof p === 'object') {
    const o = p as Json;
    if (typeof o.Regex === 'string') return `regex ${shortRegex(o.Regex)}`;
    if (typeof o.String === 'string') return lit(o.String);
  }
  if (typeof p === 'string') return lit(p);
  return '?';
}

function snake(s: unknown): string {
  return String(s)
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function generic(c: Json): string {
  const args = Object.entries(c)
    .filter(([k, v]) => k !== 'type' && (v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? lit(v) : String(v)}`);
  return args.length ? `${c.type}(${args.join(', ')})` : String(c.type);
}

export type Stage = 'normalizer' | 'pre_tokenizer' | 'post_processor' | 'decoder';

/** One-line summary of a normalizer, pre-tokenizer, decoder or post-processor (null → `none`). */
export function summarize(component: unknown, stage: Stage = 'pre_tokenizer'): string {
  if (component === null || component === undefined) return 'none';
  if (typeof component !== 'object') return String(component);
  const c = component as Json;
  const nested = c.normalizers ?? c.pretokenizers ?? c.decoders ?? c.processors;
  if (c.type === 'Sequence' || (c.type === undefined && Array.isArray(nested))) {
    const parts = Array.isArray(nested) ? nested.map((n) => summarize(n, stage)) : [];
    return `Sequence[${parts.join(', ')}]`;
  }
  switch (c.type) {
    case 'Prepend':
      return `Prepend(${lit(c.prepend)})`;
    case 'Replace':
      return `Replace(${pattern(c.pattern)} → ${lit(c.content)})`;
    case 'Strip':
      // Normalizer: strip_left/strip_right; decoder: content/start/stop.
      if ('content' in c) return `Strip(${lit(c.content)}, start=${c.start ?? 0}, stop=${c.stop ?? 0})`;
      return `Strip(${[c.strip_left ? 'left' : null, c.strip_right ? 'right' : null].filter(Boolean).join(', ') || 'nothing'})`;
    case 'BertNormalizer': {
      const flags = [
        c.clean_text ? 'clean_text' : null,
        c.handle_chinese_chars ? 'chinese_chars' : null,
        c.lowercase ? 'lowercase' : null,
        c.strip_accents === null || c.strip_accents === undefined
          ? 'strip_accents=auto'
          : c.strip_accents
            ? 'strip_accents'
            : null,
      ].filter(Boolean);
      return `BertNormalizer(${flags.join(', ')})`;
    }
    case 'Precompiled':
      return `Precompiled(charsmap, ${typeof c.precompiled_charsmap === 'string' ? `${c.precompiled_charsmap.length} base64 chars` : 'empty'})`;
    case 'Split':
      return `Split(${pattern(c.pattern)}, ${snake(c.behavior)}${c.invert ? ', inverted' : ''})`;
    case 'ByteLevel':
      // Only the pre-tokenizer's settings change ids; decoder/post-processor ones affect offsets at most.
      if (stage !== 'pre_tokenizer' || !('add_prefix_space' in c)) return 'ByteLevel';
      return `ByteLevel(add_prefix_space=${Boolean(c.add_prefix_space)}${c.use_regex === false ? '' : ', gpt2 regex'})`;
    case 'Metaspace': {
      const scheme = c.prepend_scheme ?? (c.add_prefix_space === false ? 'never' : 'always');
      return `Metaspace(${lit(c.replacement ?? '▁')}, prepend=${scheme}${c.split === false ? ', no split' : ''})`;
    }
    case 'Punctuation':
      return `Punctuation(${snake(c.behavior ?? 'Isolated')})`;
    case 'Digits':
      return `Digits(${c.individual_digits ? 'individual' : 'grouped'})`;
    case 'CharDelimiterSplit':
      return `CharDelimiterSplit(${lit(c.delimiter)})`;
    case 'WordPiece':
      return `WordPiece(${lit(c.prefix ?? '##')}${c.cleanup ? ', cleanup' : ''})`;
    case 'BPEDecoder':
      return `BPEDecoder(${lit(c.suffix ?? '</w>')})`;
    case 'TemplateProcessing':
    case 'BertProcessing':
    case 'RobertaProcessing':
      return c.type;
    case 'ByteFallback':
    case 'Fuse':
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
    case 'Lowercase':
    case 'Nmt':
    case 'StripAccents':
    case 'Whitespace':
    case 'WhitespaceSplit':
    case 'BertPreTokenizer':
    case 'UnicodeScripts':
      return c.type;
    default:
      return c.type === undefined ? '?' : generic(c);
  }
}

function rawOf(component: unknown): unknown {
  if (component === null || component === undefined) return null;
  return JSON.parse(
    JSON.stringify(component, (key, value) =>
      key === 'precompiled_charsmap' && typeof value === 'string' ? `<${value.length} base64 chars>` : value,
    ),
  );
}

// --- post-processor --------------------------------------------------------------------------

/** A template as a list: `$A`/`$B` for sequences, anything else a special token id. */
type Template = string[];

interface Templates {
  single: Template;
  pair: Template;
  /** Template special-token id → the tokens it inserts. */
  expand: Map<string, string[]>;
}

function templatePieces(t: unknown): Template {
  if (typeof t === 'string')
    return t
      .split(/\s+/)
      .filter(Boolean)
      .map((p) => p.replace(/:\d+$/, ''));
  if (!Array.isArray(t)) return [];
  return t.map((piece: Json) => {
    if (piece?.Sequence) return `$${piece.Sequence.id ?? 'A'}`;
    if (piece?.SpecialToken) return String(piece.SpecialToken.id);
    return '?';
  });
}

function pairToken(v: unknown): string | null {
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  if (typeof v === 'string') return v;
  return null;
}

/** The (single, pair) templates of one non-Sequence processor, or null when it inserts nothing. */
function templatesOf(p: Json): Templates | null {
  const expand = new Map<string, string[]>();
  switch (p.type) {
    case 'TemplateProcessing': {
      for (const [id, st] of Object.entries((p.special_tokens ?? {}) as Record<string, Json>)) {
        expand.set(id, Array.isArray(st?.tokens) ? st.tokens.map(String) : [id]);
      }
      return { single: templatePieces(p.single), pair: templatePieces(p.pair), expand };
    }
    case 'BertProcessing':
    case 'RobertaProcessing': {
      const cls = pairToken(p.cls) ?? (p.type === 'BertProcessing' ? '[CLS]' : '<s>');
      const sep = pairToken(p.sep) ?? (p.type === 'BertProcessing' ? '[SEP]' : '</s>');
      const pair = p.type === 'BertProcessing' ? [cls, '$A', sep, '$B', sep] : [cls, '$A', sep, sep, '$B', sep];
      return { single: [cls, '$A', sep], pair, expand };
    }
    default:
      return null; // ByteLevel and unknown processors insert nothing.
  }
}

function substitute(template: Template, a: Template, b?: Template): Template {
  return template.flatMap((p) => (p === '$A' ? a : p === '$B' && b ? b : [p]));
}

function postProcessorOf(pp: unknown): PostProcessorAnatomy {
  let single: Template = ['$A'];
  let pair: Template = ['$A', '$B'];
  let inserting = false;
  const expand = new Map<string, string[]>();
  const processors = pp && typeof pp === 'object' ? componentTypes(pp) : [];
  for (const p of processors) {
    const t = templatesOf(p);
    if (!t) continue;
    for (const [k, v] of t.expand) expand.set(k, v);
    if (!inserting) {
      single = t.single;
      pair = t.pair;
    } else {
      // A second inserting processor sees the already merged encoding as one sequence.
      pair = substitute(t.single, pair);
      single = substitute(t.single, single);
    }
    inserting = true;
  }
  const isSeq = (p: string) => p === '$A' || p === '$B';
  const tokensOf = (ids: string[]) => ids.flatMap((id) => expand.get(id) ?? [id]);
  const firstSeq = single.findIndex(isSeq);
  const lastSeq = single.length - 1 - [...single].reverse().findIndex(isSeq);
  const startTokens = firstSeq < 0 ? tokensOf(single) : tokensOf(single.slice(0, firstSeq));
  const endTokens = firstSeq < 0 ? [] : tokensOf(single.slice(lastSeq + 1));
  return {
    summary: summarize(pp, 'post_processor'),
    raw: rawOf(pp),
    single: single.join(' '),
    pair: pair.join(' '),
    startTokens,
    endTokens,
    addsBos: startTokens[0] ?? null,
    addsEos: endTokens[endTokens.length - 1] ?? null,
  };
}

// --- tokenizer_config.json / special_tokens_map.json ------------------------------------------

/** A token value from a config file: a string, `{content: ...}` (AddedToken), or null. */
export function tokenContent(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Json).content === 'string') return (v as Json).content;
  return null;
}

function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function configOf(files: TokenizerFiles, idOf: (content: string) => number | null): ConfigAnatomy {
  const cfg: Json = files.config ?? {};
  const stm: Json = files.specialTokensMap ?? {};
  const tokens: Partial<Record<TokenRole, RoleToken>> = {};
  for (const role of TOKEN_ROLES) {
    const key = `${role}_token`;
    const from = key in cfg ? 'tokenizer_config.json' : key in stm ? 'special_tokens_map.json' : null;
    if (!from) continue;
    const content = tokenContent(from === 'tokenizer_config.json' ? cfg[key] : stm[key]);
    tokens[role] = { content, from, id: content === null ? null : idOf(content) };
  }
  const extra = cfg.additional_special_tokens ?? stm.additional_special_tokens;
  const additionalSpecialTokens = Array.isArray(extra)
    ? extra.map(tokenContent).filter((t): t is string => t !== null)
    : [];

  const mml = typeof cfg.model_max_length === 'number' ? cfg.model_max_length : null;
  const ct = cfg.chat_template;
  let chatTemplate = { present: false, names: [] as string[] };
  if (typeof ct === 'string' && ct.length > 0) chatTemplate = { present: true, names: ['default'] };
  else if (Array.isArray(ct) && ct.length > 0) {
    chatTemplate = { present: true, names: ct.map((t: Json, i) => (typeof t?.name === 'string' ? t.name : `#${i}`)) };
  }
  const side = (v: unknown) => (typeof v === 'string' ? v : null);

  return {
    present: files.config !== undefined,
    specialTokensMapPresent: files.specialTokensMap !== undefined,
    tokens,
    additionalSpecialTokens,
    addBosToken: bool(cfg.add_bos_token),
    addEosToken: bool(cfg.add_eos_token),
    modelMaxLength: mml,
    modelMaxLengthUnset: mml === null || mml >= MAX_LENGTH_SENTINEL,
    paddingSide: side(cfg.padding_side) ?? 'right',
    paddingSideDefaulted: side(cfg.padding_side) === null,
    truncationSide: side(cfg.truncation_side) ?? 'right',
    truncationSideDefaulted: side(cfg.truncation_side) === null,
    chatTemplate,
    tokenizerClass: typeof cfg.tokenizer_class === 'string' ? cfg.tokenizer_class : null,
    cleanUpTokenizationSpaces: bool(cfg.clean_up_tokenization_spaces),
    legacy: bool(cfg.legacy),
    addPrefixSpace: bool(cfg.add_prefix_space),
    doLowerCase: bool(cfg.do_lower_case),
    spacesBetweenSpecialTokens: bool(cfg.spaces_between_special_tokens),
    splitSpecialTokens: bool(cfg.split_special_tokens),
  };
}

// --- warnings --------------------------------------------------------------------------------

const ENGINES = 'the JS and Rust tokenizers engines';

function q(s: string | null): string {
  return s === null ? 'null' : `"${s}"`;
}

/** Whether tokenizer.json adds a prefix space: ByteLevel/Metaspace settings or a Prepend("▁") normalizer; null when nothing says. */
function jsonAddsPrefixSpace(json: Json): boolean | null {
  for (const c of componentTypes(json.pre_tokenizer)) {
    if (c.type === 'ByteLevel' && typeof c.add_prefix_space === 'boolean') return c.add_prefix_space;
    if (c.type === 'Metaspace') {
      if (typeof c.prepend_scheme === 'string') return c.prepend_scheme !== 'never';
      if (typeof c.add_prefix_space === 'boolean') return c.add_prefix_space;
    }
  }
  if (componentTypes(json.normalizer).some((c) => c.type === 'Prepend')) return true;
  return null;
}

/** Whether tokenizer.json behaves like legacy Llama (a "▁" prepended to every text segment, also after special tokens); null when unknown. */
function jsonLegacyLike(json: Json): boolean | null {
  if (componentTypes(json.normalizer).some((c) => c.type === 'Prepend')) return true;
  const meta = componentTypes(json.pre_tokenizer).find((c) => c.type === 'Metaspace');
  if (!meta) return null;
  if (meta.prepend_scheme === 'first') return false;
  if (meta.prepend_scheme === 'always' || meta.add_prefix_space === true) return true;
  return null;
}

function jsonLowercases(json: Json): boolean {
  return componentTypes(json.normalizer).some(
    (c) => c.type === 'Lowercase' || (c.type === 'BertNormalizer' && c.lowercase === true),
  );
}

function warningsOf(a: Anatomy, json: Json, cfg: Json, stm: Json, files: TokenizerFiles): AnatomyWarning[] {
  const out: AnatomyWarning[] = [];
  const warn = (code: string, message: string) => out.push({ code, level: 'warning', message });
  const info = (code: string, message: string) => out.push({ code, level: 'info', message });
  const c = a.config;
  const pp = a.postProcessor;
  const ppName = `the tokenizer.json post-processor (${pp.summary})`;
  const bos = c.tokens.bos?.content ?? null;
  const eos = c.tokens.eos?.content ?? null;

  // (a) add_bos_token / add_eos_token against what the post-processor inserts.
  if (c.addBosToken === true && pp.addsBos === null) {
    warn(
      'add-bos-not-applied',
      `tokenizer_config.json sets add_bos_token: true but ${ppName} inserts no BOS, so Python transformers (Llama-family tokenizers) prepends ${q(bos)} while ${ENGINES} and tokpeek do not, and ids differ by one token.`,
    );
  } else if (c.addBosToken === false && pp.addsBos !== null) {
    warn(
      'bos-added-despite-config',
      `tokenizer_config.json sets add_bos_token: false but ${ppName} inserts ${q(pp.addsBos)}, so ${ENGINES} add it while Python transformers may not.`,
    );
  }
  if (c.addEosToken === true && pp.addsEos === null) {
    warn(
      'add-eos-not-applied',
      `tokenizer_config.json sets add_eos_token: true but ${ppName} inserts no EOS, so Python transformers (Llama-family tokenizers) appends ${q(eos)} while ${ENGINES} and tokpeek do not.`,
    );
  } else if (c.addEosToken === false && pp.addsEos !== null) {
    warn(
      'eos-added-despite-config',
      `tokenizer_config.json sets add_eos_token: false but ${ppName} appends ${q(pp.addsEos)}, so ${ENGINES} add it while Python transformers may not.`,
    );
  }

  // (b) named tokens against what the post-processor inserts and against special_tokens_map.json.
  const cls = c.tokens.cls?.content ?? null;
  const sep = c.tokens.sep?.content ?? null;
  if (bos !== null && pp.addsBos !== null && pp.addsBos !== bos && pp.addsBos !== cls) {
    warn(
      'bos-mismatch',
      `${c.tokens.bos?.from} names bos_token ${q(bos)} but ${ppName} inserts ${q(pp.addsBos)} at the start.`,
    );
  }
  if (eos !== null && pp.addsEos !== null && pp.addsEos !== eos && pp.addsEos !== sep) {
    warn(
      'eos-mismatch',
      `${c.tokens.eos?.from} names eos_token ${q(eos)} but ${ppName} inserts ${q(pp.addsEos)} at the end.`,
    );
  }
  if (bos !== null && pp.addsBos === null && c.addBosToken === null && bos !== eos) {
    warn(
      'bos-not-inserted',
      `${c.tokens.bos?.from} names bos_token ${q(bos)} but add_bos_token is not set and ${ppName} inserts nothing, so no engine (Python included) adds ${q(bos)}: prepend it yourself, or through the chat template, if the model expects it.`,
    );
  }
  if (files.config && files.specialTokensMap) {
    for (const role of TOKEN_ROLES) {
      const key = `${role}_token`;
      if (!(key in cfg) || !(key in stm)) continue;
      const inCfg = tokenContent(cfg[key]);
      const inMap = tokenContent(stm[key]);
      if (inCfg !== inMap) {
        warn(
          'special-tokens-map-mismatch',
          `tokenizer_config.json sets ${key} ${q(inCfg)} but special_tokens_map.json says ${q(inMap)}; which one Python transformers uses depends on its version, and tokpeek shows tokenizer_config.json's.`,
        );
      }
    }
  }

  // (c) sentinel model_max_length.
  if (files.config && c.modelMaxLengthUnset) {
    info(
      'max-length-unset',
      c.modelMaxLength === null
        ? 'tokenizer_config.json sets no model_max_length, so truncation needs an explicit max_length.'
        : `tokenizer_config.json sets model_max_length ${fmtSentinel(c.modelMaxLength)}, a "no limit" sentinel, so truncation needs an explicit max_length.`,
    );
  }

  // (d) config flags the JS/Rust engines ignore but Python honours.
  if (c.legacy !== null && /^(Llama|CodeLlama|T5)Tokenizer(Fast)?$/.test(c.tokenizerClass ?? '')) {
    const like = jsonLegacyLike(json);
    const what = c.legacy
      ? 'adds a "▁" to text that follows a special token'
      : 'adds no "▁" to text that follows a special token';
    if (like !== null && like !== c.legacy) {
      warn(
        'legacy-mismatch',
        `tokenizer_config.json sets legacy: ${c.legacy} for ${c.tokenizerClass}, so Python's slow tokenizer ${what}, but tokenizer.json (which ${ENGINES} follow) behaves as legacy: ${like}.`,
      );
    } else {
      info(
        'legacy-flag',
        `tokenizer_config.json sets legacy: ${c.legacy} for ${c.tokenizerClass}, which Python's slow tokenizer uses (it ${what}) and ${ENGINES} ignore${like === null ? '' : ', though tokenizer.json behaves the same way'}.`,
      );
    }
  }
  if (c.addPrefixSpace !== null) {
    const inJson = jsonAddsPrefixSpace(json);
    if ((inJson ?? false) !== c.addPrefixSpace) {
      warn(
        'add-prefix-space-mismatch',
        `tokenizer_config.json sets add_prefix_space: ${c.addPrefixSpace} but tokenizer.json ${inJson === null ? 'adds no prefix space' : `has add_prefix_space ${inJson}`}; Python transformers may rebuild the tokenizer to follow the config while ${ENGINES} follow tokenizer.json.`,
      );
    }
  }
  if (c.doLowerCase !== null && c.doLowerCase !== jsonLowercases(json)) {
    warn(
      'do-lower-case-mismatch',
      `tokenizer_config.json sets do_lower_case: ${c.doLowerCase} but the tokenizer.json normalizer (${a.normalizer.summary}) ${c.doLowerCase ? 'does not lowercase' : 'lowercases'}; Python transformers follows the config while ${ENGINES} follow tokenizer.json.`,
    );
  }
  if (c.spacesBetweenSpecialTokens !== null) {
    info(
      'spaces-between-special-tokens',
      `tokenizer_config.json sets spaces_between_special_tokens: ${c.spacesBetweenSpecialTokens}, which only Python's slow tokenizers use when decoding (they default to true) and ${ENGINES} ignore.`,
    );
  }
  if (c.splitSpecialTokens === true) {
    warn(
      'split-special-tokens',
      `tokenizer_config.json sets split_special_tokens: true, so Python transformers tokenizes special-token text such as ${q(a.addedTokens.find((t) => t.special)?.content ?? '<s>')} as ordinary text while ${ENGINES} still match it as one special token.`,
    );
  }
  if (files.config && c.cleanUpTokenizationSpaces !== false) {
    // @huggingface/tokenizers (js) reads it from tokenizer_config.json, defaulting to true; the Rust binding never cleans up.
    info(
      'clean-up-tokenization-spaces',
      c.cleanUpTokenizationSpaces === true
        ? `tokenizer_config.json sets clean_up_tokenization_spaces: true, so decoding with the JS engine and Python transformers removes spaces before punctuation such as " ." and " n't" while the Rust engine keeps them.`
        : `tokenizer_config.json does not set clean_up_tokenization_spaces, which the JS engine takes as true, so decoding with it removes spaces before punctuation such as " ." and " n't" while the Rust engine keeps them.`,
    );
  }

  // (e) named tokens that are not in the vocabulary.
  for (const role of TOKEN_ROLES) {
    const t = c.tokens[role];
    if (t && t.content !== null && t.id === null) {
      warn(
        'token-not-in-vocab',
        `${t.from} names ${role}_token ${q(t.content)} but tokenizer.json has no such token in its vocabulary or added tokens.`,
      );
    }
  }

  // (f) text that cannot be represented.
  const unigramUnk = json.model?.unk_id;
  const hasUnk = a.model.type === 'Unigram' ? typeof unigramUnk === 'number' : a.model.unkToken !== null;
  if (!hasUnk && !a.model.byteFallback && !a.model.byteLevel) {
    warn(
      'no-unk-no-byte-fallback',
      `The tokenizer.json ${a.model.type} model has no unk_token and no byte_fallback and is not byte-level, so characters outside its vocabulary are silently dropped.`,
    );
  }

  // (g) merges format.
  if (a.model.mergesFormat === 'pairs') {
    info(
      'merges-pairs',
      'tokenizer.json stores merges as pairs (["a", "b"]), the newer format that Python tokenizers before 0.20 and older JS libraries cannot load.',
    );
  }
  return out;
}

function fmtSentinel(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : String(n);
}
