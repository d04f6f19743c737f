// diff of one corpus between two open tokenizers: both sides' encodings sample by sample, the
// drifts classified, and notes on what differs between the sides (files, GGUF metadata,
// engines, canaries).

import type { SuiteCorpus } from '../core/config/suite-config.js';
import {
  type SubjectReport,
  SubjectBuilder,
  attachExcerpts,
  canaryNames,
  changedCanaries,
} from '../core/snapshot/report.js';
import { compareTokenizerFiles } from '../core/snapshot/tokenizer-file-changes.js';
import { CANARY_SET } from '../core/snapshot/canaries.js';
import { sameSequence } from '../core/same-sequence.js';
import { type CorpusFile, type KeyedSample, suiteSamples } from '../snapshot/corpus-samples.js';
import { type OpenTokenizer, byteFallbacksOf, displaysOf } from '../snapshot/open-tokenizer.js';
import { encodeEntries, offsetsOf } from '../snapshot/encode-entries.js';
import { eachEncoded } from '../tokenizers/encode-stream.js';
import { compareGgufWithHf } from '../gguf/compare.js';
import type { CorpusProgress } from './progress.js';

export async function diffCorpus(
  ta: OpenTokenizer,
  tb: OpenTokenizer,
  la: string,
  lb: string,
  corpus: SuiteCorpus,
  files: CorpusFile[],
  limit: number,
  maxLineBytes: number | undefined,
  progress: CorpusProgress,
): Promise<SubjectReport> {
  const side = (label: string, t: OpenTokenizer) => ({
    label,
    tokenizer: t.config.name,
    spec: t.config.spec,
    engine: t.loaded.engine.name,
    engineVersion: t.engineVersion,
    fingerprint: t.loaded.fingerprint,
    behaviour: t.behaviour,
  });
  const maxLength = tb.config.maxLength ?? ta.config.maxLength;
  // Two runtimes, two file formats: what matters is where the GGUF's metadata departs from the
  // HF files, and which regrouping stage that is settles merges against pre-tokenization.
  // Asked of the sources, not the files: those are parsed here only when needed.
  const isGguf = (t: OpenTokenizer) => t.loaded.source.kind === 'gguf';
  const runtimes = isGguf(ta) !== isGguf(tb) ? (isGguf(ta) ? [ta, tb] : [tb, ta]) : undefined;
  const ggufWarnings = runtimes ? compareGgufWithHf(runtimes[0]!.loaded.files.gguf!, runtimes[1]!.loaded.files) : [];
  const b = new SubjectBuilder(
    {
      id: `${la} vs ${lb} · ${corpus.name}`,
      tokenizer: `${la} vs ${lb}`,
      corpus: corpus.name,
      old: side(la, ta),
      new: side(lb, tb),
      ...(maxLength !== undefined ? { maxLength } : {}),
    },
    limit,
    runtimes ? stagesDeparting(ggufWarnings) : undefined,
  );
  const listedSamples: KeyedSample[] = [];
  // Each side batches its own way (a chat corpus renders through each side's template): paired item by item.
  const left = eachEncoded(encodeEntries(ta, suiteSamples(ta, files, corpus, maxLineBytes), progress));
  const right = eachEncoded(encodeEntries(tb, suiteSamples(tb, files, corpus, maxLineBytes)));
  for (;;) {
    const [x, y] = await Promise.all([left.next(), right.next()]);
    if (x.done || y.done) break;
    const { item: sa, encoding: ea } = x.value;
    const { item: sb, encoding: eb } = y.value;
    // A chat corpus: each side renders the record through its own template; the right side's text is shown.
    const ref = { key: sb.key, location: `${sb.location}:${sb.line}`, text: sb.text };
    if (sameSequence(ea.ids, eb.ids)) b.unchanged();
    else {
      b.drift(
        ref,
        {
          tokens: displaysOf(ta, ea),
          ids: ea.ids,
          byteFallback: byteFallbacksOf(ta, ea),
          text: sa.text,
          evidence: await ta.evidence(sa.text),
        },
        {
          tokens: displaysOf(tb, eb),
          ids: eb.ids,
          byteFallback: byteFallbacksOf(tb, eb),
          text: sb.text,
          evidence: await tb.evidence(sb.text),
        },
      );
      if (b.listed.length > listedSamples.length) listedSamples.push(sb);
    }
  }
  if (b.listed.length) {
    const offsets = await offsetsOf(tb, listedSamples);
    b.listed.forEach((l, i) => attachExcerpts(l.drift, offsets[i]!));
  }
  const r = b.report;
  if (runtimes) {
    for (const w of ggufWarnings) b.note(w.level === 'info' ? 'info' : 'warning', w.message);
  } else if (ta.loaded.fingerprint !== tb.loaded.fingerprint) {
    const change = compareTokenizerFiles(ta.loaded.files, tb.loaded.files, { engine: tb.config.engine });
    r.tokenizerChange = change;
    if (change.equivalentRewrite)
      b.note('info', 'the tokenizer files differ only in form (every section has the same content)');
    for (const w of change.warnings) b.note('warning', w);
  } else b.note('info', 'both sides use the same tokenizer files');
  const ea = ta.loaded.engine.name;
  const eb = tb.loaded.engine.name;
  if (ea !== eb || ta.engineVersion !== tb.engineVersion) {
    b.note(
      'info',
      `engines: ${ea} ${ta.engineVersion} vs ${eb} ${tb.engineVersion}${r.counts.drifted ? ' — the same files give different ids: a training/inference mismatch' : ''}`,
    );
  }
  const canaries =
    changedCanaries(
      { canarySet: CANARY_SET, canaries: ta.canaries },
      { canarySet: CANARY_SET, canaries: tb.canaries },
    ) ?? [];
  if (canaries.length) {
    r.canariesChanged = canaries;
    b.note(
      r.counts.drifted ? 'info' : 'warning',
      `${canaries.length} of ${tb.canaries.length} canary strings tokenize differently (${canaryNames(canaries)})`,
    );
  } else b.note('info', 'behavioural fingerprints match: every canary string tokenizes the same');
  b.finish();
  r.failed = r.counts.drifted > 0;
  if (r.failed) r.next = 'the two sides tokenize these samples differently; see the classes above';
  return r;
}

/**
 * Which of the stages that regroup bytes the GGUF's metadata changes against its HF source
 * (compareGgufWithHf's findings): a pre-tokenizer type that splits otherwise or is missing,
 * merges or token strings that differ. Like the header digests of one engine's snapshots,
 * this settles a regrouping that both stages could explain.
 */
function stagesDeparting(warnings: ReadonlyArray<{ code: string }>): { preTokenizer: boolean; model: boolean } {
  const codes = new Set(warnings.map((w) => w.code));
  return {
    preTokenizer: codes.has('pre-mismatch') || codes.has('pre-missing'),
    model: codes.has('merges') || codes.has('token-strings') || codes.has('vocab-size'),
  };
}
