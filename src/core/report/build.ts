// From an accumulator (one run, or merged shards) to the report every renderer reads:
// the numbers, the recommendation, the flags. Pure.

import type { ReportAccumulator } from './accumulator.js';
import type { Finding, Location } from './location.js';
import { INVISIBLE_KINDS, INVISIBLE_LABELS, type InvisibleKind } from './invisible.js';
import { type Recommendation, recommend } from './recommend.js';
import { type LengthSummary, lengthSummary } from './preference.js';
import type { TopKEntry } from './top-k.js';
import type { FailOnResult } from './fail-on.js';
import { pct } from '../quantities.js';

const REPORT_FORMAT = 'tokpeek-report';
const REPORT_VERSION = 1;

export interface ReportTokenizer {
  name: string;
  spec: string;
  fingerprint: string;
  engine: string;
  engineVersion: string;
  /** Which copy of the engine package ran: `tokpeek`, or `project <path from the working folder>`. */
  engineCopy?: string;
}

export interface ReportContext {
  tokenizer: ReportTokenizer;
  /** Where max_length came from. */
  maxLengthSource: 'flag' | 'model_max_length' | null;
  /** tokenizer_config.json's model_max_length when usable (not absent, not a sentinel). */
  modelMaxLength: number | null;
  /** The raw value when it is a sentinel or absent (for the flag message). */
  modelMaxLengthRaw: number | null;
  coverage: number;
  sampled: { size: number; seen: number; seed: number } | null;
  /** Facts the command found about the setup (e.g. the chat template writes BOS itself). */
  notes: string[];
  /** How each shape met was turned into text, and files a folder or glob skipped (first lines of the report). */
  rendering?: string[];
  /** The tokenizer's normalizer in one line, when it changes text (explains round-trip failures). */
  normalizer: string | null;
}

export interface StringCounts {
  entries: TopKEntry[];
  /** All counts exact (no compaction happened); otherwise each is low by at most errorBound. */
  exact: boolean;
  errorBound: number;
  distinctShown: number;
}

export interface Flag {
  code: string;
  message: string;
}

export interface Report {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  tokenizer: ReportTokenizer;
  inputs: {
    files: Array<{ file: string; samples: number; shapes?: Record<string, number> }>;
    samples: number;
    sampled: ReportContext['sampled'];
    /** Per shape met: how its records become text; files skipped in folders and globs. */
    rendering: string[];
    /** Records not reviewed (no known shape, invalid JSON, the chat template failed), with why. */
    rejected: Finding & { byReason: Array<{ reason: string; count: number }> };
  };
  settings: {
    maxLength: number | null;
    maxLengthSource: ReportContext['maxLengthSource'];
    truncationSide: 'left' | 'right';
    coverage: number;
    modelMaxLength: number | null;
  };
  lengths: {
    count: number;
    tokens: number;
    chars: number;
    min: number | null;
    mean: number | null;
    p50: number | null;
    p90: number | null;
    p95: number | null;
    p99: number | null;
    max: number | null;
    charsPerToken: number | null;
    /** `log`: long-tailed lengths (the longest over 16× the median) on geometric bins up to the longest. */
    histogram: { scale: 'linear' | 'log'; upTo: number; bins: Array<{ from: number; to: number; count: number }> };
  };
  truncation: null | {
    maxLength: number;
    side: 'left' | 'right';
    truncated: Finding;
    /** The longest cut samples, most tokens first. */
    longestCut: Location[];
    truncatedRate: number;
    tokensLost: number;
    tokensLostRate: number;
    eosCut: Finding;
    positions: number;
    paddingPositions: number;
    paddingRate: number;
    whatIf: {
      truncate: { rows: number; tokens: number; assistantTokens: number | null; trainableRows: number | null };
      drop: { rows: number; tokens: number; assistantTokens: number | null; trainableRows: number | null };
    };
  };
  recommendation: Recommendation | null;
  chat: null | {
    samples: number;
    assistantTokens: number;
    assistantLost: number;
    assistantLostRate: number;
    answersCut: Finding;
    noTrainableAfterTruncation: Finding;
    noAssistantTokens: Finding;
    emptyAnswers: Finding;
    unlocated: Finding;
  };
  /** Preference pairs: the prompt alone, prompt+chosen and prompt+rejected, each as the trainer sees it. */
  preference: null | {
    pairs: number;
    prompt: LengthSummary;
    chosen: LengthSummary;
    rejected: LengthSummary;
    /**
     * Pairs without "prompt" whose chosen and rejected share no opening: TRL's extract_prompt
     * gives them an empty prompt (of conversations, one its chat-template step cannot render).
     */
    noSharedPrompt: Finding;
  };
  unknown: {
    unkToken: boolean;
    tokens: number;
    rate: number;
    samples: Finding;
    sampleRate: number;
    strings: StringCounts;
    byteFallback: { enabled: boolean; tokens: number; rate: number; samples: Finding; strings: StringCounts };
  };
  hazards: {
    specialTokens: Finding & { byToken: Array<{ token: string; count: number }> };
    roundtrip: Finding;
    invisible: Array<{ kind: InvisibleKind; label: string; samples: Finding; occurrences: number }>;
    invisibleSamples: number;
    invisibleAny: Finding;
    empty: Finding;
    /** `sampledOneIn`: past the table's capacity, the count is estimated from 1 in N distinct texts (dedupe.ts). */
    duplicates: Finding & { sampledOneIn?: number };
  };
  flags: Flag[];
  notes: string[];
  failOn?: FailOnResult[];
}

const TOP_STRINGS = 20;
/** Normalizers that do not keep text as it is (case, accents, Unicode forms, BERT cleaning). */
const LOSSY_NORMALIZER = /Lowercase|lowercase|Strip|NFK?[CD]|Bert|Precompiled|Nmt/;

export function buildReport(
  acc: ReportAccumulator,
  ctx: ReportContext,
  tokenizerTraits: { unkToken: boolean; byteFallback: boolean },
): Report {
  const h = acc.lengths;
  const n = h.count;
  const tokens = h.sum;
  const max = acc.settings.maxLength;
  const rate = (a: number, b: number) => (b ? a / b : 0);
  const q = (p: number) => h.quantile(p);
  const p99 = q(0.99);
  let upTo = Math.max(p99 ?? 0, max ?? 0, 8);
  if ((h.max === -Infinity ? 0 : h.max) <= upTo * 1.5) upTo = Math.max(upTo, h.count ? h.max : 0);

  // A long tail would leave the linear histogram one full column and a few stragglers: log scale.
  const longTail = n > 0 && h.max >= 16 * Math.max(8, q(0.5) ?? 0);
  const chat = acc.chat;
  let truncation: Report['truncation'] = null;
  if (max !== null) {
    const positions = n * max;
    const padding = positions - acc.keptTokens;
    const whole = n - acc.truncated.count;
    truncation = {
      maxLength: max,
      side: acc.settings.truncationSide,
      truncated: acc.truncated,
      longestCut: acc.longestCut.map((l) => l.where),
      truncatedRate: rate(acc.truncated.count, n),
      tokensLost: acc.tokensLost,
      tokensLostRate: rate(acc.tokensLost, tokens),
      eosCut: acc.eosCut,
      positions,
      paddingPositions: padding,
      paddingRate: rate(padding, positions),
      whatIf: {
        truncate: {
          rows: n,
          tokens: acc.keptTokens,
          assistantTokens: chat ? chat.assistantTokens - chat.assistantLost : null,
          trainableRows: chat
            ? chat.samples - chat.noAssistantTokens.count - chat.noTrainableAfterTruncation.count
            : null,
        },
        drop: {
          rows: whole,
          tokens: acc.tokensInWholeRows,
          assistantTokens: chat ? chat.assistantInWholeRows : null,
          trainableRows: chat ? chat.trainableWholeRows : null,
        },
      },
    };
  }

  const strings = (t: ReportAccumulator['unknownStrings']): StringCounts => {
    const entries = t.top(TOP_STRINGS);
    return { entries, exact: t.exact, errorBound: t.errorBound, distinctShown: entries.length };
  };

  const report: Report = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    tokenizer: ctx.tokenizer,
    inputs: {
      files: acc.files.map(({ unit: _unit, ...f }) => f),
      samples: n,
      sampled: ctx.sampled,
      rendering: [...(ctx.rendering ?? [])],
      rejected: {
        ...acc.rejected,
        byReason: Object.entries(acc.rejectedReasons)
          .map(([reason, count]) => ({ reason, count }))
          .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
      },
    },
    settings: {
      maxLength: max,
      maxLengthSource: ctx.maxLengthSource,
      truncationSide: acc.settings.truncationSide,
      coverage: ctx.coverage,
      modelMaxLength: ctx.modelMaxLength,
    },
    lengths: {
      count: n,
      tokens,
      chars: acc.chars,
      min: n ? h.min : null,
      mean: h.mean,
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
      p99,
      max: n ? h.max : null,
      charsPerToken: tokens ? acc.chars / tokens : null,
      histogram: longTail
        ? { scale: 'log', upTo: h.max, bins: h.logBins(60, h.min, h.max) }
        : { scale: 'linear', upTo, bins: h.bins(60, upTo) },
    },
    truncation,
    recommendation: recommend(h, ctx.coverage, max, ctx.modelMaxLength),
    chat: chat
      ? {
          samples: chat.samples,
          assistantTokens: chat.assistantTokens,
          assistantLost: chat.assistantLost,
          assistantLostRate: rate(chat.assistantLost, chat.assistantTokens),
          answersCut: chat.answersCut,
          noTrainableAfterTruncation: chat.noTrainableAfterTruncation,
          noAssistantTokens: chat.noAssistantTokens,
          emptyAnswers: chat.emptyAnswers,
          unlocated: chat.unlocated,
        }
      : null,
    preference: acc.preference
      ? {
          pairs: acc.preference.chosen.count,
          prompt: lengthSummary(acc.preference.prompt),
          chosen: lengthSummary(acc.preference.chosen),
          rejected: lengthSummary(acc.preference.rejected),
          noSharedPrompt: acc.noSharedPrompt,
        }
      : null,
    unknown: {
      unkToken: tokenizerTraits.unkToken,
      tokens: acc.unknownTokens,
      rate: rate(acc.unknownTokens, tokens),
      samples: acc.unknownSamples,
      sampleRate: rate(acc.unknownSamples.count, n),
      strings: strings(acc.unknownStrings),
      byteFallback: {
        enabled: tokenizerTraits.byteFallback,
        tokens: acc.byteFallbackTokens,
        rate: rate(acc.byteFallbackTokens, tokens),
        samples: acc.byteFallbackSamples,
        strings: strings(acc.byteFallbackStrings),
      },
    },
    hazards: {
      specialTokens: {
        ...acc.specialTokens,
        byToken: Object.entries(acc.specialTokenCounts)
          .map(([token, count]) => ({ token, count }))
          .sort((a, b) => b.count - a.count || (a.token < b.token ? -1 : 1)),
      },
      roundtrip: acc.roundtrip,
      invisible: INVISIBLE_KINDS.map((kind) => ({
        kind,
        label: INVISIBLE_LABELS[kind],
        ...acc.invisible[kind]!,
      })).filter((e) => e.samples.count > 0),
      invisibleSamples: acc.invisibleSamples.count,
      invisibleAny: acc.invisibleSamples,
      empty: acc.empty,
      duplicates: acc.seen.level ? { ...acc.duplicates, sampledOneIn: 2 ** acc.seen.level } : acc.duplicates,
    },
    flags: [],
    notes: [...ctx.notes],
  };
  report.flags = flagsOf(report, ctx);
  if (report.hazards.roundtrip.count && ctx.normalizer && LOSSY_NORMALIZER.test(ctx.normalizer)) {
    report.notes.push(
      `The normalizer (${ctx.normalizer}) rewrites text by design, so decode(encode(x)) ≠ x is expected for text it touches.`,
    );
  }
  return report;
}

function flagsOf(r: Report, ctx: ReportContext): Flag[] {
  const flags: Flag[] = [];
  const t = r.truncation;
  if (!t) {
    const raw = ctx.modelMaxLengthRaw;
    flags.push({
      code: 'no-max-length',
      message: `No usable model_max_length (${raw === null ? 'absent from tokenizer_config.json' : `${raw} is a "no limit" sentinel`}) and no --max-length: a trainer that truncates to model_max_length will not truncate, and samples up to ${r.lengths.max ?? 0} tokens reach the model. Set max_length explicitly (recommended: ${r.recommendation?.maxLength ?? '?'}).`,
    });
    return flags;
  }
  if (t.truncatedRate > 0.01) {
    flags.push({
      code: 'truncated',
      message: `${pct(t.truncatedRate)} of samples (${t.truncated.count}) are longer than max_length ${t.maxLength} and lose ${t.tokensLost} tokens (${pct(t.tokensLostRate)}).`,
    });
  }
  if (t.paddingRate > 0.5) {
    flags.push({
      code: 'padding',
      message: `${pct(t.paddingRate)} of positions are padding when every sample is padded to ${t.maxLength}: use dynamic padding or a smaller max_length.`,
    });
  }
  if (ctx.modelMaxLength !== null && t.maxLength > ctx.modelMaxLength) {
    flags.push({
      code: 'max-length-over-model',
      message: `max_length ${t.maxLength} is above the tokenizer's model_max_length ${ctx.modelMaxLength}.`,
    });
  }
  if (t.eosCut.count) {
    flags.push({
      code: 'eos-cut',
      message: `Truncation removes the final EOS token of ${t.eosCut.count} sample(s): the model sees them end without learning to stop.`,
    });
  }
  if (r.chat?.answersCut.count) {
    flags.push({
      code: 'answers-cut',
      message: `${t.side === 'right' ? 'Right' : 'Left'} truncation cuts assistant tokens in ${r.chat.answersCut.count} chat sample(s) (${r.chat.assistantLost} assistant tokens, ${pct(r.chat.assistantLostRate)}).`,
    });
  }
  if (r.chat?.noTrainableAfterTruncation.count) {
    flags.push({
      code: 'no-trainable',
      message: `${r.chat.noTrainableAfterTruncation.count} chat sample(s) keep no assistant tokens after truncation: they add nothing to the loss.`,
    });
  }
  return flags;
}
