// What changed between two versions of a tokenizer's files when both are at hand (`diff`):
// section by section, vocabularies and merges as counts with a few examples, never dumped.

import { canonicalJson } from '../fingerprint.js';
import type { TokenizerFiles } from '../tokenizer-files.js';
import {
  type SectionChange,
  type TokenizerChange,
  SECTION_FILE,
  configWarnings,
  withMeaning,
} from './tokenizer-changes.js';
import { configValue, digest, mergeStrings, modelParams, sectionValues, stageSummaries } from './tokenizer-digest.js';
import { sameSequence } from '../same-sequence.js';

type Json = Record<string, any>;

const EXAMPLES = 3;

function quoteList(items: string[], total: number): string {
  const shown = items.slice(0, EXAMPLES).map((s) => JSON.stringify(s));
  return total > shown.length ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** `3 added ("a", "b", "c", …)`, or '' for none. */
function counted(items: string[], what: string): string {
  return items.length ? `${items.length} ${what} (${quoteList(items, items.length)})` : '';
}

/** `added "a" (id 5), … (12)`: the first few described, and how many when there are more; '' for none. */
function listed(what: string, keys: string[], describe: (key: string) => string): string {
  if (!keys.length) return '';
  const more = keys.length > EXAMPLES ? `, … (${keys.length})` : '';
  return `${what} ${keys.slice(0, EXAMPLES).map(describe).join(', ')}${more}`;
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
  const more = renumberedCount
    ? `${renumberedCount} renumbered (${renumbered.join(', ')}${renumberedCount > renumbered.length ? ', …' : ''})`
    : '';
  return modelChange('model.vocab', [`${a.size} entries`, `${b.size} entries`], added, removed, more, {
    renumbered: renumberedCount,
  });
}

/** A change of a model section: what was added and removed, and one more kind of change (`more`, '' for none). */
function modelChange(
  section: string,
  [before, after]: [string, string],
  added: string[],
  removed: string[],
  more: string,
  counts: Record<string, number>,
): SectionChange {
  return {
    file: 'tokenizer.json',
    section,
    change: 'changed',
    before,
    after,
    detail: [counted(added, 'added'), counted(removed, 'removed'), more].filter(Boolean).join('; '),
    counts: { added: added.length, removed: removed.length, ...counts },
  };
}

function mergesChange(before: unknown, after: unknown): SectionChange | undefined {
  const a = mergeStrings(before) ?? [];
  const b = mergeStrings(after) ?? [];
  if (sameSequence(a, b)) return undefined;
  const as = new Set(a);
  const bs = new Set(b);
  const added = b.filter((m) => !as.has(m));
  const removed = a.filter((m) => !bs.has(m));
  const keptA = a.filter((m) => bs.has(m));
  const keptB = b.filter((m) => as.has(m));
  let moved = 0;
  for (let i = 0; i < keptA.length; i++) if (keptA[i] !== keptB[i]) moved++;
  const more = moved ? `${moved} kept merges change rank` : '';
  return modelChange('model.merges', [`${a.length} merges`, `${b.length} merges`], added, removed, more, {
    reranked: moved,
  });
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
    listed('added', added, (k) => describe(k, b.get(k)!)),
    listed('removed', removed, (k) => describe(k, a.get(k)!)),
    listed('changed', changed, (k) => JSON.stringify(k)),
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
    sections: sections.map(withMeaning),
    equivalentRewrite: fingerprintChanged && sections.length === 0,
    warnings: configWarnings(sections, options.engine),
  };
}
