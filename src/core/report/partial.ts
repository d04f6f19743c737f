// A shard's summary (`report --partial OUT`) and merging shards (`report --merge P…`).
// The file is JSON with a format name and a version; it holds the accumulator's state
// (exact counts, sparse length histograms, top-k tables, the duplicate table) and what the
// report needs about the tokenizer, so merging needs no tokenizer.

import { ReportAccumulator } from './accumulator.js';
import type { AccumulatorJson } from './accumulator-json.js';
import type { ReportContext, ReportTokenizer } from './build.js';
import { canonicalJson, sha256 } from '../fingerprint.js';

const PARTIAL_FORMAT = 'tokpeek-report-partial';
const PARTIAL_VERSION = 1;

export interface PartialContext {
  maxLengthSource: ReportContext['maxLengthSource'];
  modelMaxLength: number | null;
  modelMaxLengthRaw: number | null;
  normalizer: string | null;
  notes: string[];
  rendering?: string[];
  traits: { unkToken: boolean; byteFallback: boolean };
  sampled: ReportContext['sampled'];
}

export interface PartialFile {
  format: typeof PARTIAL_FORMAT;
  version: typeof PARTIAL_VERSION;
  tokenizer: ReportTokenizer;
  context: PartialContext;
  state: AccumulatorJson;
  /** sha256 of the canonical JSON of tokenizer, context and state: an edited or damaged file is not merged. */
  checksum: string;
}

function checksumOf(p: Pick<PartialFile, 'tokenizer' | 'context' | 'state'>): string {
  return sha256(canonicalJson({ tokenizer: p.tokenizer, context: p.context, state: p.state }));
}

export function toPartial(acc: ReportAccumulator, tokenizer: ReportTokenizer, context: PartialContext): PartialFile {
  const body = { tokenizer, context, state: acc.toJSON() };
  return { format: PARTIAL_FORMAT, version: PARTIAL_VERSION, ...body, checksum: checksumOf(body) };
}

export class PartialError extends Error {}

/** Checks the shape of a parsed partial file (one message naming what is wrong). */
export function parsePartial(json: unknown): PartialFile {
  const p = json as Partial<PartialFile> | null;
  if (!p || typeof p !== 'object' || p.format !== PARTIAL_FORMAT)
    throw new PartialError(`not a tokpeek report partial (no "format": "${PARTIAL_FORMAT}")`);
  if (p.version !== PARTIAL_VERSION)
    throw new PartialError(
      `partial format version ${String(p.version)}; this tokpeek reads version ${PARTIAL_VERSION}`,
    );
  if (!p.tokenizer || typeof p.tokenizer.fingerprint !== 'string')
    throw new PartialError('the partial names no tokenizer');
  const s = p.state;
  if (
    !s ||
    typeof s !== 'object' ||
    !s.lengths ||
    !Array.isArray(s.lengths.exact) ||
    !s.settings ||
    !Array.isArray(s.files) ||
    !s.seen ||
    !p.context
  ) {
    throw new PartialError('the partial is incomplete (state, lengths, settings, files or context missing)');
  }
  const template = new ReportAccumulator({ maxLength: null, truncationSide: 'right' }).toJSON();
  const problem = shapeProblem(template, s, '$.state');
  if (problem) throw new PartialError(problem);
  if (p.checksum !== checksumOf(p as PartialFile))
    throw new PartialError(
      typeof p.checksum === 'string'
        ? 'checksum mismatch: the partial was edited or damaged after tokpeek wrote it'
        : 'the partial has no checksum',
    );
  return p as PartialFile;
}

/**
 * Where `value` departs from the shape of `template` (an accumulator's own JSON), or undefined:
 * every key of the template present with the same JSON type, and every number anywhere a
 * finite count (>= 0), so "many", NaN or -50 never reach the sums.
 */
function shapeProblem(template: unknown, value: unknown, at: string): string | undefined {
  const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return `${at} is ${value}, not a count`;
    if (template != null && typeof template !== 'number') return `${at} is a number, not ${kind(template)}`;
    return undefined;
  }
  // null stands for "none yet" (min, max, maxLength, chat): anything of a valid shape may replace it.
  if (template !== null && template !== undefined && kind(template) !== kind(value))
    return `${at} is ${kind(value)}, not ${kind(template)}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = shapeProblem(Array.isArray(template) ? template[0] : undefined, value[i], `${at}[${i}]`);
      if (problem) return problem;
    }
  } else if (value && typeof value === 'object') {
    const t = (template && typeof template === 'object' ? template : {}) as Record<string, unknown>;
    for (const key of Object.keys(t)) if (!(key in value) && t[key] !== null) return `${at}.${key} is missing`;
    for (const [key, v] of Object.entries(value)) {
      const problem = shapeProblem(t[key], v, `${at}.${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Merges partials in the order given; they must come from the same tokenizer and settings. */
export function mergePartials(partials: Array<{ name: string; partial: PartialFile }>): {
  acc: ReportAccumulator;
  tokenizer: ReportTokenizer;
  context: PartialContext;
} {
  const [first, ...rest] = partials;
  if (!first) throw new PartialError('no partials to merge');
  let acc: ReportAccumulator;
  try {
    acc = ReportAccumulator.fromJSON(first.partial.state);
  } catch (e) {
    throw new PartialError(`${first.name} cannot be read: ${(e as Error).message}`);
  }
  const context: PartialContext = {
    ...first.partial.context,
    notes: [...first.partial.context.notes],
    rendering: [...(first.partial.context.rendering ?? [])],
  };
  // A shard that was not sampled counts all its samples as both seen and kept.
  const sampledOf = (p: PartialFile) =>
    p.context.sampled ?? { size: p.state.lengths.count, seen: p.state.lengths.count, seed: 0 };
  const anySampled = partials.some((p) => p.partial.context.sampled);
  for (const { name, partial } of rest) {
    if (partial.tokenizer.fingerprint !== first.partial.tokenizer.fingerprint) {
      throw new PartialError(
        `${name} was computed with tokenizer ${partial.tokenizer.name} (${partial.tokenizer.fingerprint.slice(0, 19)}), ${first.name} with ${first.partial.tokenizer.name} (${first.partial.tokenizer.fingerprint.slice(0, 19)})`,
      );
    }
    try {
      acc.merge(ReportAccumulator.fromJSON(partial.state));
    } catch (e) {
      throw new PartialError(`${name} was ${(e as Error).message}`);
    }
    for (const n of partial.context.notes) if (!context.notes.includes(n)) context.notes.push(n);
    for (const n of partial.context.rendering ?? [])
      if (!(context.rendering ??= []).includes(n)) context.rendering.push(n);
    context.rendering?.sort();
    if (anySampled) {
      const a = context.sampled ?? sampledOf(first.partial);
      const b = sampledOf(partial);
      context.sampled = {
        size: a.size + b.size,
        seen: a.seen + b.seen,
        seed: partials.find((p) => p.partial.context.sampled)!.partial.context.sampled!.seed,
      };
    }
  }
  return { acc, tokenizer: first.partial.tokenizer, context };
}
