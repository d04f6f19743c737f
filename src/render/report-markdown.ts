// `tokpeek report --format markdown`: the same report for a PR comment or a CI summary.
// Corpus text is escaped for Markdown inside code spans, after visible().

import type { Report, StringCounts } from '../core/report/build.js';
import { type Finding, formatLocation } from '../core/report/location.js';
import { DEFAULT_MARKDOWN_BYTES, fitMarkdown } from './markdown-budget.js';
import { visible } from '../core/visible.js';
import { pct, statistic } from '../core/quantities.js';
import { ROUNDED_UP_LEGEND, distinctDigits, histogramLines } from './report-histogram.js';
import { actualText } from '../core/report/fail-on.js';
import { engineRan } from '../core/token-model.js';

/** Inline code that survives any content (backticks inside pick a longer fence). */
function code(text: string): string {
  const v = visible(text).replace(/\|/g, '\\|');
  if (v === '') return '` `';
  const ticks = Math.max(0, ...[...v.matchAll(/`+/g)].map((m) => m[0].length)) + 1;
  const fence = '`'.repeat(ticks);
  return `${fence}${ticks > 1 ? ' ' : ''}${v}${ticks > 1 ? ' ' : ''}${fence}`;
}

function loc(f: Finding, max = 5): string {
  if (!f.examples.length) return '';
  const list = f.examples
    .slice(0, max)
    .map((e) => code(formatLocation(e) + (e.column !== undefined && e.unit !== 'row' ? `:${e.column}` : '')));
  return list.join(', ') + (f.count > max ? ` … (${statistic(f.count - Math.min(max, f.examples.length))} more)` : '');
}

/** Columns of the histogram: fits a pull-request comment without wrapping. */
const HISTOGRAM_WIDTH = 76;

export function renderReportMarkdown(r: Report, opts: { maxBytes?: number } = {}): string {
  const out: string[] = [];
  const L = r.lengths;
  const t = r.tokenizer;
  out.push(`## tokpeek report — ${code(t.name)} · ${code(engineRan(t.engine, t.engineVersion, t.engineCopy))}`, '');
  out.push(
    `${statistic(r.inputs.samples)} samples from ${r.inputs.files.length} file(s)${r.inputs.sampled ? ` (a seeded sample of ${statistic(r.inputs.sampled.size)} of ${statistic(r.inputs.sampled.seen)}, seed ${r.inputs.sampled.seed})` : ''}; ` +
      `${r.settings.maxLength === null ? 'no max_length' : `max_length ${statistic(r.settings.maxLength)} (${r.settings.maxLengthSource === 'flag' ? '--max-length' : 'model_max_length'}), truncation ${r.settings.truncationSide}`}.`,
    '',
  );

  for (const line of r.inputs.rendering) out.push(`- ${visible(line)}`);
  const R = r.inputs.rejected;
  if (R.count)
    out.push(
      `- **${statistic(R.count)} record(s) not reviewed**: ${R.byReason.map((b) => `${visible(b.reason)} ×${statistic(b.count)}`).join('; ')} — ${loc(R)}`,
    );
  if (r.inputs.rendering.length || R.count) out.push('');

  if (r.flags.length) {
    out.push('### Flags', '');
    for (const f of r.flags) out.push(`- **${f.code}**: ${f.message}`);
    out.push('');
  }

  out.push('### Token lengths', '');
  out.push(
    '| samples | tokens | chars/token | min | mean | p50 | p90 | p95 | p99 | max |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  out.push(
    `| ${statistic(L.count)} | ${statistic(L.tokens)} | ${statistic(L.charsPerToken, 2)} | ${statistic(L.min)} | ${statistic(L.mean, 1)} | ${statistic(L.p50)} | ${statistic(L.p90)} | ${statistic(L.p95)} | ${statistic(L.p99)} | ${statistic(L.max)} |`,
    '',
  );
  // The text report's chart, uncoloured, in a code block (only digits and block characters: nothing to escape).
  const chart = histogramLines(r, HISTOGRAM_WIDTH, false);
  if (chart.length) out.push('```text', ...chart.map((l) => l.trimEnd()), '```', '');

  const T = r.truncation;
  if (T) {
    out.push(`### Truncation at ${statistic(T.maxLength)} (${T.side})`, '');
    out.push(
      `- samples cut: **${statistic(T.truncated.count)}** (${pct(T.truncatedRate)}); tokens lost: ${statistic(T.tokensLost)} (${pct(T.tokensLostRate)}); EOS removed: ${statistic(T.eosCut.count)}`,
    );
    out.push(`- padding with fixed-length padding: ${pct(T.paddingRate)} of positions`);
    out.push(
      `- what if: truncate → ${statistic(T.whatIf.truncate.rows)} rows, ${statistic(T.whatIf.truncate.tokens)} tokens; drop over-long rows → ${statistic(T.whatIf.drop.rows)} rows, ${statistic(T.whatIf.drop.tokens)} tokens`,
    );
    if (T.truncated.count)
      out.push(`- longest cut samples: ${loc({ count: T.longestCut.length, examples: T.longestCut })}`);
    out.push('');
  }
  const rec = r.recommendation;
  if (rec) {
    out.push(
      `### Recommended max_length: ${statistic(rec.maxLength)}`,
      '',
      `Smallest multiple of 8 keeping ${pct(rec.coverage)} of samples whole.`,
      '',
    );
    out.push('| max_length | whole | cut | tokens lost | padding | |', '|---:|---:|---:|---:|---:|---|');
    const digits = distinctDigits(rec.table.map((row) => row.wholeRate));
    for (const row of rec.table)
      out.push(
        `| ${row.labels.includes('recommended') ? `**${statistic(row.maxLength)}**` : statistic(row.maxLength)} | ${pct(row.wholeRate, digits)} | ${statistic(row.cut)} | ${pct(row.tokensLostRate)} | ${pct(row.paddingRate)} | ${row.labels.join(', ')} |`,
      );
    if (rec.table.some((row) => row.labels.some((l) => l.includes('↑8')))) out.push('', ROUNDED_UP_LEGEND);
    out.push('');
  }
  const C = r.chat;
  if (C) {
    out.push('### Chat data', '');
    out.push(`- chat samples: ${statistic(C.samples)}; assistant tokens: ${statistic(C.assistantTokens)}`);
    if (T) {
      out.push(
        `- answers cut by truncation: ${statistic(C.answersCut.count)} samples, ${statistic(C.assistantLost)} assistant tokens (${pct(C.assistantLostRate)}) ${loc(C.answersCut)}`,
      );
      out.push(
        `- left with no trainable tokens: ${statistic(C.noTrainableAfterTruncation.count)} ${loc(C.noTrainableAfterTruncation)}`,
      );
      out.push(
        `- what if: truncate → ${statistic(T.whatIf.truncate.assistantTokens)} assistant tokens in ${statistic(T.whatIf.truncate.trainableRows)} trainable rows; drop → ${statistic(T.whatIf.drop.assistantTokens)} in ${statistic(T.whatIf.drop.trainableRows)}`,
      );
    }
    if (C.noAssistantTokens.count)
      out.push(`- no assistant tokens at all: ${statistic(C.noAssistantTokens.count)} ${loc(C.noAssistantTokens)}`);
    if (C.emptyAnswers.count)
      out.push(`- empty assistant messages: ${statistic(C.emptyAnswers.count)} ${loc(C.emptyAnswers)}`);
    if (C.unlocated.count)
      out.push(
        `- messages the template rewrote beyond recognition: ${statistic(C.unlocated.count)} ${loc(C.unlocated)}`,
      );
    out.push('');
  }
  const P = r.preference;
  if (P) {
    out.push(`### Preference pairs (${statistic(P.pairs)})`, '');
    out.push('| tokens of | pairs | min | mean | p50 | p95 | max |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const [label, x] of [
      ['prompt alone', P.prompt],
      ['prompt + chosen', P.chosen],
      ['prompt + rejected', P.rejected],
    ] as const)
      out.push(
        `| ${label} | ${statistic(x.count)} | ${statistic(x.min)} | ${statistic(x.mean, 1)} | ${statistic(x.p50)} | ${statistic(x.p95)} | ${statistic(x.max)} |`,
      );
    if (P.noSharedPrompt.count)
      out.push(
        '',
        `- no shared prompt: ${statistic(P.noSharedPrompt.count)} pair(s) without "prompt" whose chosen and rejected differ from the start (TRL's extract_prompt gives an empty prompt) ${loc(P.noSharedPrompt)}`,
      );
    out.push('');
  }
  const U = r.unknown;
  out.push('### Unknown tokens', '');
  if (U.unkToken)
    out.push(
      `- unknown tokens: ${statistic(U.tokens)} (${pct(U.rate)} of tokens) in ${statistic(U.samples.count)} samples (${pct(U.sampleRate)})`,
    );
  else out.push('- the model has no unknown token');
  if (U.byteFallback.enabled)
    out.push(
      `- byte-fallback tokens: ${statistic(U.byteFallback.tokens)} (${pct(U.byteFallback.rate)}) in ${statistic(U.byteFallback.samples.count)} samples`,
    );
  const table = (title: string, sc: StringCounts) => {
    if (!sc.entries.length) return;
    out.push(
      '',
      `${title}${sc.exact ? '' : ` (counts low by at most ${statistic(sc.errorBound)})`}:`,
      '',
      '| count | text | first seen |',
      '|---:|---|---|',
    );
    for (const e of sc.entries.slice(0, 10))
      out.push(`| ${statistic(e.count)} | ${code(e.key)} | ${code(formatLocation(e.example))} |`);
  };
  table('Produced by', U.strings);
  table('Spelled byte by byte', U.byteFallback.strings);
  out.push('');

  const H = r.hazards;
  out.push('### Hazards', '', '| check | samples | where |', '|---|---:|---|');
  out.push(
    `| literal special tokens${
      H.specialTokens.byToken.length
        ? ` (${H.specialTokens.byToken
            .slice(0, 5)
            .map((b) => `${code(b.token)} ×${statistic(b.count)}`)
            .join(', ')})`
        : ''
    } | ${statistic(H.specialTokens.count)} | ${loc(H.specialTokens)} |`,
  );
  out.push(`| decode(encode(x)) ≠ x | ${statistic(H.roundtrip.count)} | ${loc(H.roundtrip)} |`);
  for (const inv of H.invisible) out.push(`| ${inv.label} | ${statistic(inv.samples.count)} | ${loc(inv.samples)} |`);
  if (!H.invisible.length) out.push('| invisible characters | 0 | |');
  out.push(`| empty samples | ${statistic(H.empty.count)} | ${loc(H.empty)} |`);
  const about = H.duplicates.sampledOneIn
    ? `about ${statistic(H.duplicates.count)} (from 1 in ${statistic(H.duplicates.sampledOneIn)} distinct texts)`
    : statistic(H.duplicates.count);
  out.push(`| duplicate samples | ${about} | ${loc(H.duplicates)} |`, '');
  if (r.notes.length) {
    out.push('### Notes', '');
    for (const n of r.notes) out.push(`- ${n}`);
    out.push('');
  }
  if (r.failOn?.length) {
    out.push('### --fail-on', '');
    for (const f of r.failOn)
      out.push(`- ${f.failed ? '❌' : '✅'} ${code(f.condition.source)} (${f.condition.metric} = ${actualText(f)})`);
    out.push('');
  }
  out.push('Open a finding: `tokpeek browse FILE --line N`');
  // Sections and tables end at blank lines: a left-out block is a whole table or list.
  const blocks = out.join('\n').split(/\n{2,}/);
  const text = fitMarkdown(
    blocks,
    opts.maxBytes ?? DEFAULT_MARKDOWN_BYTES,
    '`tokpeek report --format json` has it all.',
    '\n\n',
  );
  return text.replace(/\n*$/, '\n');
}
