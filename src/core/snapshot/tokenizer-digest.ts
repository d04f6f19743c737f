// A tokenizer's files summarized for a snapshot header: a one-line summary per pipeline stage,
// a digest per tokenizer.json section and the value (or digest) of each tokenizer_config.json
// field. Digests are of content, not form: merges stored as pairs (the newer format) digest the
// same as the equivalent "a b" strings, and key order or whitespace never matters.

import { createHash } from 'node:crypto';
import { anatomyOf } from '../anatomy.js';
import { canonicalJson } from '../fingerprint.js';
import type { TokenizerFiles } from '../tokenizer-files.js';
import type { SnapshotHeader } from './format.js';

type Json = Record<string, any>;

export interface TokenizerDigest {
  /** One-line summaries shown in the snapshot header. */
  stages: Array<[string, string]>;
  /** Section name → 8-hex digest. */
  sections: Array<[string, string]>;
  /** tokenizer_config.json field → its JSON value when short, else `#` + digest. */
  config: Array<[string, string]>;
}

/** The digest a snapshot header recorded. */
export function digestOfHeader(h: SnapshotHeader): TokenizerDigest {
  return { stages: h.stages, sections: h.sections, config: h.config };
}

export const digest = (v: unknown) =>
  createHash('sha256')
    .update(v === undefined ? '\u0000absent' : canonicalJson(v))
    .digest('hex')
    .slice(0, 8);

export function mergeStrings(merges: unknown): string[] | undefined {
  if (!Array.isArray(merges)) return undefined;
  return merges.map((m) => (Array.isArray(m) ? m.join(' ') : String(m)));
}

export function modelParams(model: Json | undefined): Json {
  const { vocab: _v, merges: _m, ...rest } = model ?? {};
  return rest;
}

/** Sections of tokenizer.json in report order. */
export function sectionValues(files: TokenizerFiles): Array<[string, unknown]> {
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
export function configValue(v: unknown): string {
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
