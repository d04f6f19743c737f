// `--fail-on` conditions: `METRIC OP VALUE[%]`, e.g. `truncated>1%`, `unknown>0.1%`,
// `p99>4096`, `duplicates>0`. With `%` the metric's rate is compared (its count over its
// denominator: samples, tokens or positions); without, its count (or its value, for lengths).

import type { Report } from './build.js';
import { thousands } from '../quantities.js';

export type Comparison = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface FailOnCondition {
  source: string;
  metric: string;
  op: Comparison;
  value: number;
  percent: boolean;
}

interface MetricValue {
  count: number;
  /** Denominator for a rate; null for metrics without one (lengths, flags). */
  of: number | null;
  /** What the denominator counts (for messages). */
  unit: string;
}

export interface FailOnResult {
  condition: FailOnCondition;
  /** The compared value: a percentage when the condition has `%`. */
  actual: number;
  failed: boolean;
}

/** Metric name → what it counts, read from a built report. */
const METRICS: Record<string, { help: string; value: (r: Report) => MetricValue | null }> = {
  rejected: {
    help: 'records not reviewed (no known shape, invalid JSON, the chat template failed)',
    value: (r) => ({
      count: r.inputs.rejected.count,
      of: r.inputs.rejected.count + r.inputs.samples,
      unit: 'records',
    }),
  },
  truncated: {
    help: 'samples longer than max_length',
    value: (r) => (r.truncation ? { count: r.truncation.truncated.count, of: r.lengths.count, unit: 'samples' } : null),
  },
  'tokens-lost': {
    help: 'tokens truncation removes',
    value: (r) => (r.truncation ? { count: r.truncation.tokensLost, of: r.lengths.tokens, unit: 'tokens' } : null),
  },
  padding: {
    help: 'padding positions with fixed-length padding',
    value: (r) =>
      r.truncation ? { count: r.truncation.paddingPositions, of: r.truncation.positions, unit: 'positions' } : null,
  },
  'eos-cut': {
    help: 'samples whose final EOS truncation removes',
    value: (r) => (r.truncation ? { count: r.truncation.eosCut.count, of: r.lengths.count, unit: 'samples' } : null),
  },
  unknown: {
    help: 'unknown tokens',
    value: (r) => ({ count: r.unknown.tokens, of: r.lengths.tokens, unit: 'tokens' }),
  },
  'unknown-samples': {
    help: 'samples with an unknown token',
    value: (r) => ({ count: r.unknown.samples.count, of: r.lengths.count, unit: 'samples' }),
  },
  'byte-fallback': {
    help: 'byte-fallback tokens',
    value: (r) => ({ count: r.unknown.byteFallback.tokens, of: r.lengths.tokens, unit: 'tokens' }),
  },
  'special-tokens': {
    help: 'samples with literal special-token strings',
    value: (r) => ({ count: r.hazards.specialTokens.count, of: r.lengths.count, unit: 'samples' }),
  },
  roundtrip: {
    help: 'samples that do not survive decode(encode(x))',
    value: (r) => ({ count: r.hazards.roundtrip.count, of: r.lengths.count, unit: 'samples' }),
  },
  invisible: {
    help: 'samples with invisible characters',
    value: (r) => ({ count: r.hazards.invisibleSamples, of: r.lengths.count, unit: 'samples' }),
  },
  empty: {
    help: 'empty samples',
    value: (r) => ({ count: r.hazards.empty.count, of: r.lengths.count, unit: 'samples' }),
  },
  duplicates: {
    help: 'samples repeating an earlier one',
    value: (r) => ({ count: r.hazards.duplicates.count, of: r.lengths.count, unit: 'samples' }),
  },
  'answers-cut': {
    help: 'chat samples whose assistant tokens truncation cuts',
    value: (r) =>
      r.chat && r.truncation ? { count: r.chat.answersCut.count, of: r.chat.samples, unit: 'chat samples' } : null,
  },
  'assistant-lost': {
    help: 'assistant tokens truncation removes',
    value: (r) =>
      r.chat && r.truncation
        ? { count: r.chat.assistantLost, of: r.chat.assistantTokens, unit: 'assistant tokens' }
        : null,
  },
  'no-prompt': {
    help: 'preference pairs whose chosen and rejected share no opening (an empty implicit prompt)',
    value: (r) =>
      r.preference
        ? { count: r.preference.noSharedPrompt.count, of: r.preference.pairs, unit: 'preference pairs' }
        : null,
  },
  'no-trainable': {
    help: 'chat samples left with no assistant tokens after truncation',
    value: (r) =>
      r.chat && r.truncation
        ? { count: r.chat.noTrainableAfterTruncation.count, of: r.chat.samples, unit: 'chat samples' }
        : null,
  },
  flags: { help: 'suboptimal-setup flags raised', value: (r) => ({ count: r.flags.length, of: null, unit: 'flags' }) },
  mean: { help: 'mean tokens per sample', value: (r) => ({ count: r.lengths.mean ?? 0, of: null, unit: 'tokens' }) },
  p50: { help: 'median tokens per sample', value: (r) => ({ count: r.lengths.p50 ?? 0, of: null, unit: 'tokens' }) },
  p90: { help: '90th percentile', value: (r) => ({ count: r.lengths.p90 ?? 0, of: null, unit: 'tokens' }) },
  p95: { help: '95th percentile', value: (r) => ({ count: r.lengths.p95 ?? 0, of: null, unit: 'tokens' }) },
  p99: { help: '99th percentile', value: (r) => ({ count: r.lengths.p99 ?? 0, of: null, unit: 'tokens' }) },
  max: { help: 'longest sample in tokens', value: (r) => ({ count: r.lengths.max ?? 0, of: null, unit: 'tokens' }) },
};

const GRAMMAR = /^\s*([a-z0-9-]+)\s*(>=|<=|==|!=|>|<)\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/;

export class FailOnSyntaxError extends Error {}

export function parseFailOn(source: string): FailOnCondition {
  const m = GRAMMAR.exec(source);
  if (!m) throw new FailOnSyntaxError(`--fail-on "${source}" is not METRIC OP VALUE[%] (e.g. truncated>1%)`);
  const [, metric, op, value, pct] = m;
  const def = METRICS[metric!];
  if (!def)
    throw new FailOnSyntaxError(
      `--fail-on "${source}": unknown metric "${metric}" (metrics: ${Object.keys(METRICS).join(', ')})`,
    );
  const percent = pct === '%';
  if (percent && ['flags', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'].includes(metric!)) {
    throw new FailOnSyntaxError(`--fail-on "${source}": ${metric} is not a rate; compare it without %`);
  }
  return { source: source.trim(), metric: metric!, op: op as Comparison, value: Number(value), percent };
}

function compare(a: number, op: Comparison, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

export class FailOnUnavailableError extends Error {}

export function evaluateFailOn(conditions: FailOnCondition[], report: Report): FailOnResult[] {
  return conditions.map((condition) => {
    const v = METRICS[condition.metric]!.value(report);
    if (v === null) {
      throw new FailOnUnavailableError(
        `--fail-on "${condition.source}": ${condition.metric} needs ${condition.metric.includes('answer') || condition.metric.includes('assistant') || condition.metric.includes('trainable') ? 'chat data and ' : ''}a max_length (give --max-length; the tokenizer's model_max_length is unset)`,
      );
    }
    const actual = condition.percent ? (v.of ? (100 * v.count) / v.of : 0) : v.count;
    return { condition, actual, failed: compare(actual, condition.op, condition.value) };
  });
}

/** The compared value as every output shows it: `12.5%`, `1,234`, `3.5` (a mean). */
export function actualText(f: Pick<FailOnResult, 'actual' | 'condition'>): string {
  return f.condition.percent
    ? `${f.actual.toFixed(3).replace(/\.?0+$/, '')}%`
    : thousands(f.actual, Number.isInteger(f.actual) ? 0 : 1);
}
