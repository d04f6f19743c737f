// `tokpeek report` for a terminal: one screen, numbers first, findings with file:line.
// Pure: a Report in, a string out. Every piece of corpus or tokenizer text goes through visible().

import type { Report, StringCounts } from '../core/report/build.js';
import type { LengthSummary } from '../core/report/preference.js';
import { type Finding, type Location, formatLocation } from '../core/report/location.js';
import { actualText } from '../core/report/fail-on.js';
import { visible } from '../core/visible.js';
import { engineRan } from '../core/token-model.js';
import { styles } from './sgr.js';
import { ROUNDED_UP_LEGEND, distinctDigits, histogramLines } from './report-histogram.js';
import { pct, plural, statistic } from '../core/quantities.js';

interface ReportTextOptions {
  color: boolean;
  width: number;
  /** Examples listed per finding. */
  examples?: number;
}

/** A location for the terminal (the file name through visible()). */
export function where(l: Location): string {
  const base = visible(formatLocation(l), { whitespace: false });
  return l.column !== undefined && l.unit !== 'row' ? `${base}:${l.column}` : base;
}

/** ` (U+0317)` after a key of one or two characters, whose glyph alone may not show. */
function codePoints(key: string): string {
  const cps = [...key];
  return cps.length <= 2
    ? ` (${cps.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')})`
    : '';
}

export function renderReportText(r: Report, opts: ReportTextOptions): string {
  const { color, width } = opts;
  const maxExamples = opts.examples ?? 3;
  const { bold, dim, red, green, yellow } = styles(color);
  const out: string[] = [];
  const section = (title: string) => out.push('', bold(title));
  const examples = (f: Finding, indent = '      ') => {
    for (const e of f.examples.slice(0, maxExamples))
      out.push(`${indent}${where(e)}${e.detail ? `  ${visible(e.detail, { whitespace: false })}` : ''}`);
    if (f.count > maxExamples)
      out.push(`${indent}${dim(`… ${statistic(f.count - Math.min(maxExamples, f.examples.length))} more`)}`);
  };

  const t = r.tokenizer;
  const files = r.inputs.files;
  out.push(
    bold(
      `tokpeek report · ${visible(t.name, { whitespace: false })} · ${visible(engineRan(t.engine, t.engineVersion, t.engineCopy), { whitespace: false })}`,
    ) +
      ` · ${files.length === 1 ? visible(files[0]!.file, { whitespace: false }) : `${files.length} files`} · ${plural(r.inputs.samples, 'sample')}`,
  );
  for (const f of files)
    if (f.shapes)
      out.push(
        dim(
          `  ${visible(f.file, { whitespace: false })}: ${Object.entries(f.shapes)
            .map(([k, v]) => `${statistic(v)} ${k}`)
            .join(', ')}`,
        ),
      );
  for (const line of r.inputs.rendering) out.push(dim(`  ${visible(line, { whitespace: false })}`));
  const R = r.inputs.rejected;
  if (R.count) {
    out.push(
      `  ${red('✗')} ${plural(R.count, 'record')} not reviewed: ${R.byReason
        .slice(0, 3)
        .map((b) => `${visible(b.reason, { whitespace: false })} ×${statistic(b.count)}`)
        .join('; ')}`,
    );
    examples(R, '      ');
  }
  if (r.inputs.sampled)
    out.push(
      dim(
        `  a seeded random sample: ${statistic(r.inputs.sampled.size)} of ${statistic(r.inputs.sampled.seen)} records (--seed ${r.inputs.sampled.seed})`,
      ),
    );
  const s = r.settings;
  const source =
    s.maxLengthSource === 'flag'
      ? '--max-length'
      : s.maxLengthSource === 'model_max_length'
        ? "the tokenizer's model_max_length"
        : null;
  out.push(
    dim(
      `  ${s.maxLength === null ? 'no max_length' : `max_length ${statistic(s.maxLength)} (${source}), truncation ${s.truncationSide}`} · ${t.fingerprint.slice(0, 19)}`,
    ),
  );

  // Lengths.
  const L = r.lengths;
  section('Token lengths');
  out.push(
    `  samples ${statistic(L.count)}   tokens ${statistic(L.tokens)}   characters ${statistic(L.chars)}   chars/token ${statistic(L.charsPerToken, 2)}`,
  );
  out.push(
    `  min ${statistic(L.min)}   mean ${statistic(L.mean, 1)}   p50 ${statistic(L.p50)}   p90 ${statistic(L.p90)}   p95 ${statistic(L.p95)}   p99 ${statistic(L.p99)}   max ${statistic(L.max)}`,
  );
  out.push('', ...histogramLines(r, width, color));

  // Truncation.
  const T = r.truncation;
  if (T) {
    section(`Truncation at max_length ${statistic(T.maxLength)} (${T.side})`);
    out.push(
      `  samples cut     ${statistic(T.truncated.count)} (${pct(T.truncatedRate)})   tokens lost ${statistic(T.tokensLost)} (${pct(T.tokensLostRate)})   EOS removed ${statistic(T.eosCut.count)}`,
    );
    out.push(
      `  padding         ${pct(T.paddingRate)} of ${statistic(T.positions)} positions if every sample is padded to ${statistic(T.maxLength)}`,
    );
    const w = T.whatIf;
    const chatPart = (x: typeof w.truncate) =>
      x.assistantTokens === null
        ? ''
        : `, ${statistic(x.assistantTokens)} assistant tokens in ${statistic(x.trainableRows)} trainable rows`;
    out.push(
      `  what if         truncate: ${statistic(w.truncate.rows)} rows, ${statistic(w.truncate.tokens)} tokens${chatPart(w.truncate)}`,
    );
    out.push(
      `                  drop over-long rows: ${statistic(w.drop.rows)} rows, ${statistic(w.drop.tokens)} tokens${chatPart(w.drop)}`,
    );
    if (T.truncated.count) {
      out.push('  longest cut samples:');
      examples({ count: T.longestCut.length, examples: T.longestCut }, '    ');
    }
  }
  const rec = r.recommendation;
  if (rec) {
    section(`Recommended max_length: ${statistic(rec.maxLength)}`);
    out.push(dim(`  the smallest multiple of 8 that keeps ${pct(rec.coverage)} of samples whole (--coverage)`));
    out.push(
      `  ${'max_length'.padStart(10)}  ${'whole'.padStart(7)}  ${'cut'.padStart(9)}  ${'tokens lost'.padStart(11)}  ${'padding'.padStart(7)}`,
    );
    // As many decimals as it takes for rows that differ to read differently (99.0% next to 99.0% says nothing).
    const digits = distinctDigits(rec.table.map((row) => row.wholeRate));
    for (const row of rec.table) {
      const line = `  ${statistic(row.maxLength).padStart(10)}  ${pct(row.wholeRate, digits).padStart(7)}  ${statistic(row.cut).padStart(9)}  ${pct(row.tokensLostRate).padStart(11)}  ${pct(row.paddingRate).padStart(7)}  ${dim(row.labels.join(', '))}`;
      out.push(row.labels.includes('recommended') ? bold(line) : line);
    }
    if (rec.table.some((row) => row.labels.some((l) => l.includes('↑8')))) out.push(dim(`  ${ROUNDED_UP_LEGEND}`));
    const chosen = rec.table.find((row) => row.labels.includes('recommended'));
    if (chosen && chosen.paddingRate > 0.5)
      out.push(
        dim(
          `  at ${statistic(chosen.maxLength)}, ${pct(chosen.paddingRate)} of positions are padding with fixed-length padding: pack samples or pad per batch`,
        ),
      );
  }

  // Chat.
  const C = r.chat;
  if (C) {
    section('Chat data (assistant tokens are what a trainer computes loss on)');
    out.push(
      `  chat samples ${statistic(C.samples)}   assistant tokens ${statistic(C.assistantTokens)} (${pct(L.tokens ? C.assistantTokens / L.tokens : 0)} of all tokens)`,
    );
    if (T) {
      out.push(
        `  answers cut by truncation      ${statistic(C.answersCut.count)} samples, ${statistic(C.assistantLost)} assistant tokens lost (${pct(C.assistantLostRate)})`,
      );
      examples(C.answersCut);
      out.push(`  left with no trainable tokens  ${statistic(C.noTrainableAfterTruncation.count)}`);
      examples(C.noTrainableAfterTruncation);
    }
    if (C.noAssistantTokens.count) {
      out.push(`  no assistant tokens at all     ${statistic(C.noAssistantTokens.count)}`);
      examples(C.noAssistantTokens);
    }
    if (C.emptyAnswers.count) {
      out.push(`  empty assistant messages       ${statistic(C.emptyAnswers.count)}`);
      examples(C.emptyAnswers);
    }
    if (C.unlocated.count) {
      out.push(
        yellow(`  messages the template rewrote beyond recognition (not masked): ${statistic(C.unlocated.count)}`),
      );
      examples(C.unlocated);
    }
  }

  // Preference pairs.
  const P = r.preference;
  if (P) {
    section(`Preference pairs (${statistic(P.pairs)}): tokens per part, as the trainer sees each`);
    const row = (label: string, x: LengthSummary) =>
      `  ${label.padEnd(18)}min ${statistic(x.min ?? 0)}   mean ${x.mean === null ? '-' : x.mean.toFixed(1)}   p50 ${statistic(x.p50 ?? 0)}   p95 ${statistic(x.p95 ?? 0)}   max ${statistic(x.max ?? 0)}`;
    out.push(row('prompt alone', P.prompt), row('prompt + chosen', P.chosen), row('prompt + rejected', P.rejected));
    if (P.noSharedPrompt.count) {
      out.push(
        `  no shared prompt  ${plural(P.noSharedPrompt.count, 'pair')} without "prompt" whose chosen and rejected differ from the start: TRL's extract_prompt gives an empty prompt (DPO cannot render an empty conversation)`,
      );
      examples(P.noSharedPrompt);
    }
    if (P.prompt.count < P.pairs)
      out.push(
        dim(
          `  prompt alone: ${statistic(P.prompt.count)} of ${plural(P.pairs, 'pair')} (an empty conversation, or one the template would not render, has no length)`,
        ),
      );
  }

  // Unknowns.
  const U = r.unknown;
  section('Unknown tokens');
  if (!U.unkToken) out.push(dim('  the model has no unknown token (it can spell any text)'));
  else {
    out.push(
      `  unknown tokens ${statistic(U.tokens)} (${pct(U.rate)} of tokens) in ${plural(U.samples.count, 'sample')} (${pct(U.sampleRate)})`,
    );
    strings(U.strings, 'produced by');
  }
  if (U.byteFallback.enabled) {
    out.push(
      `  byte-fallback tokens ${statistic(U.byteFallback.tokens)} (${pct(U.byteFallback.rate)} of tokens) in ${plural(U.byteFallback.samples.count, 'sample')}`,
    );
    strings(U.byteFallback.strings, 'spelled byte by byte');
  }
  function strings(sc: StringCounts, what: string) {
    if (!sc.entries.length) return;
    out.push(`  ${what}${sc.exact ? '' : dim(` (counts low by at most ${statistic(sc.errorBound)})`)}:`);
    for (const e of sc.entries.slice(0, 10))
      out.push(
        `    ${statistic(e.count).padStart(8)}  ${e.key ? `${visible(e.key)}${codePoints(e.key)}` : dim('(no source text)')}  ${dim(where(e.example))}`,
      );
  }

  // Hazards.
  const H = r.hazards;
  section('Hazards');
  const check = (ok: boolean, label: string, detail: string, f?: Finding) => {
    out.push(`  ${ok ? green('✓') : red('✗')} ${label.padEnd(28)} ${detail}`);
    if (!ok && f) examples(f);
  };
  check(
    H.specialTokens.count === 0,
    'literal special tokens',
    H.specialTokens.count
      ? `${plural(H.specialTokens.count, 'sample')}: ${H.specialTokens.byToken
          .slice(0, 5)
          .map((b) => `${visible(b.token)} ×${statistic(b.count)}`)
          .join(', ')}`
      : 'none in the text',
    H.specialTokens,
  );
  check(
    H.roundtrip.count === 0,
    'decode(encode(x)) = x',
    H.roundtrip.count ? `${plural(H.roundtrip.count, 'sample')} differ (at the column shown)` : 'every sample survives',
    H.roundtrip,
  );
  if (H.invisible.length === 0) check(true, 'invisible characters', 'none');
  for (const inv of H.invisible)
    check(
      false,
      inv.label,
      `${plural(inv.samples.count, 'sample')}, ${plural(inv.occurrences, 'occurrence')}`,
      inv.samples,
    );
  check(H.empty.count === 0, 'empty samples', H.empty.count ? `${statistic(H.empty.count)}` : 'none', H.empty);
  check(
    H.duplicates.count === 0,
    'duplicate samples',
    H.duplicates.count
      ? H.duplicates.sampledOneIn
        ? `about ${plural(H.duplicates.count, 'sample')} repeat an earlier one (estimated from 1 in ${statistic(H.duplicates.sampledOneIn)} distinct texts: too many to hold them all)`
        : `${plural(H.duplicates.count, 'sample')} repeat an earlier one`
      : 'none',
    H.duplicates,
  );

  if (r.flags.length || r.notes.length) section('Setup');
  for (const f of r.flags) out.push(`  ${yellow('!')} ${f.message}`);
  for (const n of r.notes) out.push(`  ${dim('·')} ${n}`);

  if (r.failOn?.length) {
    section('--fail-on');
    for (const f of r.failOn) {
      out.push(
        `  ${f.failed ? red('✗ failed') : green('✓ passed')}  ${f.condition.source}  (${f.condition.metric} = ${actualText(f)})`,
      );
    }
  }
  out.push('', dim('Open a finding: tokpeek browse FILE --line N'));
  return out.join('\n') + '\n';
}
