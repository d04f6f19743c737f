// What changed between two versions of a tokenizer's files, by section of tokenizer.json
// (normalizer, pre_tokenizer, model parameters, vocabulary, merges, added_tokens,
// post_processor, decoder) and by field of tokenizer_config.json. Vocabularies and merges are
// summarized as counts with a few examples, never dumped.
//
// Snapshot headers keep a digest of each section (and the value of short config fields), so
// `check` can name what changed without the old files; `diff`, which has both, says how.
// Digests are of content, not form: merges stored as pairs (the newer format) digest the same
// as the equivalent "a b" strings, and key order or whitespace never matters.

import { createHash } from 'node:crypto';
import { anatomyOf } from '../anatomy.js';
import { canonicalJson } from '../fingerprint.js';
import type { TokenizerFiles } from '../tokenizer-files.js';

type Json = Record<string, any>;

export interface TokenizerDigest {
  /** One-line summaries shown in the snapshot header. */
  stages: Array<[string, string]>;
  /** Section name → 8-hex digest. */
  sections: Array<[string, string]>;
  /** tokenizer_config.json field → its JSON value when short, else `#` + digest. */
  config: Array<[string, string]>;
}

export interface SectionChange {
  file: 'tokenizer.json' | 'tokenizer_config.json' | 'special_tokens_map.json';
  /** `normalizer`, `model.vocab`, `add_bos_token`... */
  section: string;
  change: 'changed' | 'added' | 'removed';
  before?: string;
  after?: string;
  /** Counts and examples for vocabularies, merges and added tokens. */
  detail?: string;
  counts?: Record<string, number>;
}

export interface TokenizerChange {
  sections: SectionChange[];
  /** The files' fingerprints differ but no section does: rewritten in an equivalent form. */
  equivalentRewrite: boolean;
  warnings: string[];
}

const digest = (v: unknown) =>
  createHash('sha256')
    .update(v === undefined ? '\u0000absent' : canonicalJson(v))
    .digest('hex')
    .slice(0, 8);

function mergeStrings(merges: unknown): string[] | undefined {
  if (!Array.isArray(merges)) return undefined;
  return merges.map((m) => (Array.isArray(m) ? m.join(' ') : String(m)));
}

function modelParams(model: Json | undefined): Json {
  const { vocab: _v, merges: _m, ...rest } = model ?? {};
  return rest;
}

/** Sections of tokenizer.json in report order. */
function sectionValues(files: TokenizerFiles): Array<[string, unknown]> {
  const t = files.tokenizer ?? {};
  return [
    ['normalizer', t.normalizer ?? null],
    ['pre_tokenizer', t.pre_tokenizer ?? null],
    ['model', modelParams(t.model)],
    ['model.vocab', t.model?.vocab],
    ['model.merges', mergeStrings(t.model?.merges)],
    ['added_tokens', t.added_tokens ?? []],
    ['post_processor', t.post_processor ?? null],
    ['decoder', t.decoder ?? null],
    ['truncation', t.truncation ?? null],
    ['padding', t.padding ?? null],
    ['special_tokens_map', files.specialTokensMap],
  ];
}

/** A config value as header text: short JSON scalars as themselves, anything else as a digest. */
function configValue(v: unknown): string {
  const json = JSON.stringify(v) ?? 'null';
  return (v === null || typeof v !== 'object') && json.length <= 48 && /^[!-~]+$/.test(json) && !json.includes('=')
    ? json
    : `#${digest(v)}`;
}

export function stageSummaries(files: TokenizerFiles): Array<[string, string]> {
  const a = anatomyOf(files);
  const m = a.model;
  return [
    [
      'model',
      `${m.type} vocab=${m.vocabSize}${m.merges === null ? '' : ` merges=${m.merges}`} added=${a.counts.added}${m.byteFallback ? ' byte_fallback' : ''}`,
    ],
    ['normalizer', a.normalizer.summary],
    ['pre_tokenizer', a.preTokenizer.summary],
    ['post_processor', a.postProcessor.summary === 'none' ? 'none' : `${a.postProcessor.single}`],
    ['decoder', a.decoder.summary],
  ];
}

export function tokenizerDigest(files: TokenizerFiles): TokenizerDigest {
  const sections = sectionValues(files)
    .filter(([name, v]) => name !== 'special_tokens_map' || v !== undefined)
    .map(([name, v]): [string, string] => [name, digest(v)]);
  const cfg = files.config ?? {};
  const config = Object.keys(cfg)
    .sort()
    .map((k): [string, string] => [k, configValue(cfg[k])]);
  return { stages: stageSummaries(files), sections, config };
}

const SECTION_FILE = (name: string): SectionChange['file'] =>
  name === 'special_tokens_map' ? 'special_tokens_map.json' : 'tokenizer.json';

/**
 * tokenizer_config.json flags that the engines reading tokenizer.json (js, rust, tiktoken)
 * ignore and Python transformers honours; `transformersJs` is what transformers.js (the
 * transformers engine) does with it: false where measured to ignore it (4.3: no id changes).
 */
const CONFIG_FLAGS: Record<string, { python: string; transformersJs?: false; llamaCpp?: string }> = {
  add_bos_token: {
    python: 'Python transformers honours it for Llama-family fast tokenizers',
    transformersJs: false,
    llamaCpp: "llama.cpp follows the GGUF's tokenizer.ggml.add_bos_token, which converters copy from this flag",
  },
  add_eos_token: {
    python: 'Python transformers honours it for Llama-family fast tokenizers',
    transformersJs: false,
    llamaCpp: "llama.cpp follows the GGUF's tokenizer.ggml.add_eos_token, which converters copy from this flag",
  },
  legacy: { python: 'Python transformers honours it (Llama/T5 spaces after special tokens)', transformersJs: false },
  add_prefix_space: { python: 'Python transformers honours it (it rebuilds the pre-tokenizer)' },
  do_lower_case: { python: 'Python transformers honours it (it rebuilds the normalizer)' },
  split_special_tokens: { python: 'Python transformers honours it' },
};

function configWarnings(changes: SectionChange[], engine: string | undefined): string[] {
  const out: string[] = [];
  for (const c of changes) {
    const flag = CONFIG_FLAGS[c.section];
    if (c.file !== 'tokenizer_config.json' || !flag) continue;
    const what = `tokenizer_config.json ${c.section} changed (${c.before ?? 'unset'} → ${c.after ?? 'unset'})`;
    const bosEos =
      c.section === 'add_bos_token' || c.section === 'add_eos_token'
        ? ` and now ${c.after === 'true' ? 'adds' : 'no longer adds'} the ${c.section === 'add_bos_token' ? 'BOS' : 'EOS'} token: a model trained with transformers sees different ids`
        : ': ids produced in Python may differ';
    const used = engine ?? 'js';
    let here: string;
    if (used === 'transformers')
      here =
        flag.transformersJs === false
          ? 'transformers.js (the transformers engine here) ignores it, so these snapshots do not show it'
          : 'transformers.js (the transformers engine here) may or may not: the samples above show what it does';
    else if (used === 'llama.cpp' && flag.llamaCpp) here = `${flag.llamaCpp}; these snapshots show the GGUF's value`;
    else here = `the ${used} engine ignores this flag (it reads tokenizer.json only), so these snapshots do not change`;
    out.push(
      `${what}: ${here}. ${flag.python}${bosEos}. js and rust read tokenizer.json only` +
        (flag.transformersJs === false ? ', transformers.js ignores it too' : '') +
        '; to pin what Python sees, check against ids from Python (`tokpeek check --expected FILE`).',
    );
  }
  return out;
}

/** Section-level changes from two header digests (what `check` knows without the old files). */
export function compareDigests(
  before: TokenizerDigest,
  after: TokenizerDigest,
  options: { fingerprintChanged: boolean; engine?: string },
): TokenizerChange {
  const sections: SectionChange[] = [];
  const oldSections = new Map(before.sections);
  const stageOld = new Map(before.stages);
  const stageNew = new Map(after.stages);
  const stageOf = (name: string) => (name === 'model.vocab' || name === 'model.merges' ? 'model' : name);
  for (const [name, d] of after.sections) {
    const was = oldSections.get(name);
    oldSections.delete(name);
    if (was === d) continue;
    const s: SectionChange = {
      file: SECTION_FILE(name),
      section: name,
      change: was === undefined ? 'added' : 'changed',
    };
    const b = stageOld.get(stageOf(name));
    const a = stageNew.get(stageOf(name));
    if (b !== undefined && a !== undefined && b !== a) Object.assign(s, { before: b, after: a });
    sections.push(s);
  }
  for (const name of oldSections.keys()) sections.push({ file: SECTION_FILE(name), section: name, change: 'removed' });
  const oldCfg = new Map(before.config);
  for (const [k, v] of after.config) {
    const was = oldCfg.get(k);
    oldCfg.delete(k);
    if (was === v) continue;
    sections.push({
      file: 'tokenizer_config.json',
      section: k,
      change: was === undefined ? 'added' : 'changed',
      ...(was !== undefined ? { before: was } : {}),
      after: v,
    });
  }
  for (const [k, v] of oldCfg)
    sections.push({ file: 'tokenizer_config.json', section: k, change: 'removed', before: v });
  return {
    sections,
    equivalentRewrite: options.fingerprintChanged && sections.length === 0,
    warnings: configWarnings(sections, options.engine),
  };
}

// --- full comparison (both files at hand) ----------------------------------------------------

const EXAMPLES = 3;

function quoteList(items: string[], total: number): string {
  const shown = items.slice(0, EXAMPLES).map((s) => JSON.stringify(s));
  return total > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

function vocabMap(model: Json | undefined): Map<string, number> {
  const v = model?.vocab;
  if (Array.isArray(v))
    return new Map(v.map((e: unknown, i: number) => [Array.isArray(e) ? String(e[0]) : String(e), i]));
  if (v && typeof v === 'object') return new Map(Object.entries(v as Record<string, number>));
  return new Map();
}

function vocabChange(before: Json | undefined, after: Json | undefined): SectionChange | undefined {
  const a = vocabMap(before);
  const b = vocabMap(after);
  const added: string[] = [];
  const removed: string[] = [];
  const renumbered: string[] = [];
  let renumberedCount = 0;
  for (const [piece, id] of b) {
    const was = a.get(piece);
    if (was === undefined) added.push(piece);
    else if (was !== id) {
      renumberedCount++;
      if (renumbered.length < EXAMPLES) renumbered.push(`${JSON.stringify(piece)} ${was}→${id}`);
    }
  }
  for (const piece of a.keys()) if (!b.has(piece)) removed.push(piece);
  if (!added.length && !removed.length && !renumberedCount) return undefined;
  const parts = [
    added.length ? `${added.length} added (${quoteList(added, added.length)})` : '',
    removed.length ? `${removed.length} removed (${quoteList(removed, removed.length)})` : '',
    renumberedCount
      ? `${renumberedCount} renumbered (${renumbered.join(', ')}${renumberedCount > renumbered.length ? ', …' : ''})`
      : '',
  ].filter(Boolean);
  return {
    file: 'tokenizer.json',
    section: 'model.vocab',
    change: 'changed',
    before: `${a.size} entries`,
    after: `${b.size} entries`,
    detail: parts.join('; '),
    counts: { added: added.length, removed: removed.length, renumbered: renumberedCount },
  };
}

function mergesChange(before: unknown, after: unknown): SectionChange | undefined {
  const a = mergeStrings(before) ?? [];
  const b = mergeStrings(after) ?? [];
  if (a.length === b.length && a.every((m, i) => m === b[i])) return undefined;
  const as = new Set(a);
  const bs = new Set(b);
  const added = b.filter((m) => !as.has(m));
  const removed = a.filter((m) => !bs.has(m));
  const keptA = a.filter((m) => bs.has(m));
  const keptB = b.filter((m) => as.has(m));
  let moved = 0;
  for (let i = 0; i < keptA.length; i++) if (keptA[i] !== keptB[i]) moved++;
  const parts = [
    added.length ? `${added.length} added (${quoteList(added, added.length)})` : '',
    removed.length ? `${removed.length} removed (${quoteList(removed, removed.length)})` : '',
    moved ? `${moved} kept merges change rank` : '',
  ].filter(Boolean);
  return {
    file: 'tokenizer.json',
    section: 'model.merges',
    change: 'changed',
    before: `${a.length} merges`,
    after: `${b.length} merges`,
    detail: parts.join('; '),
    counts: { added: added.length, removed: removed.length, reranked: moved },
  };
}

function addedTokensChange(before: unknown, after: unknown): SectionChange | undefined {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Json[]) : []);
  const key = (t: Json) => String(t.content);
  const a = new Map(list(before).map((t) => [key(t), t]));
  const b = new Map(list(after).map((t) => [key(t), t]));
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...b.keys()].filter((k) => a.has(k) && canonicalJson(a.get(k)) !== canonicalJson(b.get(k)));
  if (!added.length && !removed.length && !changed.length) return undefined;
  const describe = (k: string, t: Json) => `${JSON.stringify(k)} (id ${t.id}${t.special ? ', special' : ''})`;
  const parts = [
    added.length
      ? `added ${added
          .slice(0, EXAMPLES)
          .map((k) => describe(k, b.get(k)!))
          .join(', ')}${added.length > EXAMPLES ? `, … (${added.length})` : ''}`
      : '',
    removed.length
      ? `removed ${removed
          .slice(0, EXAMPLES)
          .map((k) => describe(k, a.get(k)!))
          .join(', ')}${removed.length > EXAMPLES ? `, … (${removed.length})` : ''}`
      : '',
    changed.length
      ? `changed ${changed
          .slice(0, EXAMPLES)
          .map((k) => JSON.stringify(k))
          .join(', ')}${changed.length > EXAMPLES ? `, … (${changed.length})` : ''}`
      : '',
  ].filter(Boolean);
  return {
    file: 'tokenizer.json',
    section: 'added_tokens',
    change: 'changed',
    detail: parts.join('; '),
    counts: { added: added.length, removed: removed.length, changed: changed.length },
  };
}

function paramChanges(before: Json, after: Json): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k]))
    .map((k) => `${k}: ${JSON.stringify(before[k]) ?? 'unset'} → ${JSON.stringify(after[k]) ?? 'unset'}`)
    .join(', ');
}

/** Everything that differs between two sets of tokenizer files, section by section. */
export function compareTokenizerFiles(
  before: TokenizerFiles,
  after: TokenizerFiles,
  options: { engine?: string } = {},
): TokenizerChange {
  const sections: SectionChange[] = [];
  const oldValues = new Map(sectionValues(before));
  const oldStages = new Map(stageSummaries(before));
  const newStages = new Map(stageSummaries(after));
  for (const [name, value] of sectionValues(after)) {
    const was = oldValues.get(name);
    if (digest(was) === digest(value)) continue;
    if (name === 'model.vocab') {
      const c = vocabChange(before.tokenizer?.model, after.tokenizer?.model);
      if (c) sections.push(c);
      continue;
    }
    if (name === 'model.merges') {
      const c = mergesChange(before.tokenizer?.model?.merges, after.tokenizer?.model?.merges);
      if (c) sections.push(c);
      continue;
    }
    if (name === 'added_tokens') {
      const c = addedTokensChange(was, value);
      if (c) sections.push(c);
      continue;
    }
    const change: SectionChange = {
      file: SECTION_FILE(name),
      section: name,
      change:
        was === undefined || was === null ? 'added' : value === undefined || value === null ? 'removed' : 'changed',
    };
    const stage = oldStages.get(name);
    const stageAfter = newStages.get(name);
    if (name === 'model')
      change.detail = paramChanges(modelParams(before.tokenizer?.model), modelParams(after.tokenizer?.model));
    else if (stage !== undefined && stageAfter !== undefined && stage !== stageAfter)
      Object.assign(change, { before: stage, after: stageAfter });
    else if (stage !== undefined) change.detail = 'changed in a detail the one-line summary does not show';
    sections.push(change);
  }
  const a = before.config ?? {};
  const b = after.config ?? {};
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (canonicalJson(a[k]) === canonicalJson(b[k])) continue;
    const c: SectionChange = {
      file: 'tokenizer_config.json',
      section: k,
      change: !(k in a) ? 'added' : !(k in b) ? 'removed' : 'changed',
    };
    if (k in a) c.before = configValue(a[k]);
    if (k in b) c.after = configValue(b[k]);
    if (k === 'chat_template')
      c.detail = `${typeof a[k] === 'string' ? a[k].length : 0} → ${typeof b[k] === 'string' ? b[k].length : 0} characters`;
    sections.push(c);
  }
  const fingerprintChanged =
    canonicalJson([before.tokenizer, before.config, before.specialTokensMap]) !==
    canonicalJson([after.tokenizer, after.config, after.specialTokensMap]);
  return {
    sections,
    equivalentRewrite: fingerprintChanged && sections.length === 0,
    warnings: configWarnings(sections, options.engine),
  };
}
