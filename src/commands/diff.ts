// `tokpeek diff`: compares live, without snapshots, on the same corpora: two tokenizers, one
// tokenizer under two engines, or two snapshot files. Same report and formats as `check`;
// exit 1 when anything differs.

import fs from 'node:fs';
import path from 'node:path';
import { type Io, colorEnabled } from '../io.js';
import { EngineUnavailableError, UsageError } from '../errors.js';
import type { EngineName } from '../core/token-model.js';
import type { SuiteCorpus, SuiteTokenizer } from '../core/config/suite-config.js';
import { SNAPSHOT_EXTENSION, PENDING_EXTENSION, type SnapshotEntry } from '../core/snapshot/format.js';
import {
  type SubjectReport,
  SubjectBuilder,
  canaryNames,
  assembleReport,
  attachExcerpts,
  changedCanaries,
  headerNotes,
  sideOfHeader,
  unavailableSubject,
} from '../core/snapshot/report.js';
import { compareDigests } from '../core/snapshot/tokenizer-changes.js';
import { compareTokenizerFiles } from '../core/snapshot/tokenizer-file-changes.js';
import { CANARY_SET } from '../core/snapshot/canaries.js';
import { defaultCorpora } from '../corpus/bundled-corpora.js';
import { configPathOf, readSuite } from '../snapshot/config-file.js';
import {
  corpusBytes,
  type CorpusFile,
  corpusFiles,
  type KeyedSample,
  suiteSamples,
} from '../snapshot/corpus-samples.js';
import { byteFallbacksOf, displaysOf, type OpenTokenizer, openTokenizer } from '../snapshot/open-tokenizer.js';
import { digestOfHeader } from '../core/snapshot/tokenizer-digest.js';
import { encodeEntries, offsetsOf } from '../snapshot/encode-entries.js';
import { workersFor } from '../snapshot/opened-in-turn.js';
import { readSnapshotIndex } from '../snapshot/snapshot-file.js';
import { type SnapshotIndex, joinKeys } from '../core/snapshot/snapshot-index.js';
import { REPORT_FORMATS, rendererFor } from '../render/drift-report.js';
import { defaultWorkers } from '../tokenizers/pool.js';
import { compareGgufWithHf } from '../gguf/compare.js';
import { defineCommand } from './definition.js';
import { CorpusProgress } from './progress.js';
import {
  CORPUS_OPTIONS,
  TRUNCATION_OPTIONS,
  colorOption,
  configOption,
  enginesOption,
  formatOption,
  limitOption,
  maxLineBytesOption,
  noSpecialTokensOption,
  tokenizerOption,
  workersOption,
} from './option-groups.js';

export const diff = defineCommand({
  name: 'diff',
  usage: [
    'diff -t A -t B [CORPUS...] [options]      two tokenizers',
    'diff -t A -e js -e rust [CORPUS...]       one tokenizer, two engines',
    'diff OLD.snap NEW.snap                    two snapshot files',
  ],
  description: `Tokenizes the same corpora both ways and reports every sample whose ids differ, with the
same classified report as \`tokpeek check\`. A and B are bundled names, folders,
tokenizer.json paths, HF-cache entries (org/name@rev), GGUF files, or tokenizer names from
tokpeek.config.json. CORPUS files default to the suite's corpora, or tokpeek's own.`,
  positionals: { name: 'CORPUS...', complete: 'file' },
  options: {
    tokenizer: { ...tokenizerOption, help: 'tokenizer; twice to compare two' },
    engine: {
      ...enginesOption,
      help: `${enginesOption.help.split(';')[0]}; twice with one tokenizer to compare engines`,
    },
    field: CORPUS_OPTIONS.field,
    'max-line-bytes': maxLineBytesOption,
    'no-special-tokens': noSpecialTokensOption,
    'max-length': { ...TRUNCATION_OPTIONS['max-length'], help: 'classify samples whose length now crosses N' },
    'truncation-side': TRUNCATION_OPTIONS['truncation-side'],
    format: formatOption(REPORT_FORMATS),
    limit: { ...limitOption, help: 'differing samples shown per corpus, 0 for all' },
    workers: { ...workersOption, help: 'worker threads per tokenizer, 0 for none' },
    config: { ...configOption, help: 'suite whose corpora and tokenizer names to use' },
    color: colorOption,
  },
  epilogue: 'Exit codes: 0 identical, 1 different, 2 bad usage or input, 3 an engine could not run one side.',
  run: async ({ values, positionals }, io) => {
    const render = rendererFor(values.format);
    render.catch(() => {}); // awaited below; only a failed import could reject
    const limit = values.limit;
    const color = values.color ?? colorEnabled(io);
    const snaps = positionals.filter((p) => p.endsWith(SNAPSHOT_EXTENSION) || p.endsWith(PENDING_EXTENSION));
    let subjects: SubjectReport[];
    if (snaps.length) {
      if (snaps.length !== 2 || positionals.length !== 2 || values.tokenizer.length)
        throw new UsageError('diff compares two snapshot files: tokpeek diff OLD.snap NEW.snap');
      subjects = [diffSnapshots(snaps[0]!, snaps[1]!, limit, io)];
    } else {
      const specs = values.tokenizer;
      const engines = values.engine;
      let pair: [string, EngineName | undefined, string, EngineName | undefined];
      if (specs.length === 2 && engines.length <= 1) pair = [specs[0]!, engines[0], specs[1]!, engines[0]];
      else if (specs.length === 1 && engines.length === 2) pair = [specs[0]!, engines[0], specs[0]!, engines[1]];
      else if (specs.length === 2 && engines.length === 2) pair = [specs[0]!, engines[0], specs[1]!, engines[1]];
      else
        throw new UsageError(
          'diff needs two sides: -t A -t B, or -t A -e ENGINE1 -e ENGINE2, or OLD.snap NEW.snap',
          'Run `tokpeek diff --help`.',
        );
      const options = {
        addSpecialTokens: !values['no-special-tokens'],
        maxLength: values['max-length'],
        truncationSide: values['truncation-side'] ?? 'right',
      };
      const requested = values.workers;
      const read = { field: values.field, maxLineBytes: values['max-line-bytes'] };
      subjects = await diffLive(pair, options, positionals, read, values.config, requested, limit, io);
    }
    const report = assembleReport('diff', false, subjects);
    io.stdout.write((await render)(report, { color }));
    return report.exitCode;
  },
});

function suiteIfAny(config: string | undefined, io: Io) {
  const file = configPathOf(config, io.cwd);
  return config !== undefined || fs.existsSync(file) ? readSuite(config, io.cwd) : undefined;
}

async function diffLive(
  [specA, engineA, specB, engineB]: [string, EngineName | undefined, string, EngineName | undefined],
  options: { addSpecialTokens: boolean; maxLength?: number; truncationSide: 'left' | 'right' },
  corpusArgs: string[],
  { field, maxLineBytes }: { field?: string; maxLineBytes?: number },
  configTarget: string | undefined,
  requested: number | undefined,
  limit: number,
  io: Io,
): Promise<SubjectReport[]> {
  const suite = suiteIfAny(configTarget, io);
  const tokenizerOf = (spec: string, engine: EngineName | undefined): SuiteTokenizer => {
    const configured = suite?.config.tokenizers.find((t) => t.name === spec);
    if (configured) return { ...configured, ...(engine ? { engine } : {}) };
    return { name: spec, spec, engine: engine ?? 'js', ...options };
  };
  const a = tokenizerOf(specA, engineA);
  const b = tokenizerOf(specB, engineB);
  // Corpora: files given here, else the suite's, else tokpeek's own.
  let corpora: Array<{ corpus: SuiteCorpus; files: CorpusFile[] }>;
  if (corpusArgs.length) {
    corpora = corpusArgs.map((f) => {
      const file = path.resolve(io.cwd, f);
      if (!fs.existsSync(file)) throw new UsageError(`${f}: no such corpus file`);
      return {
        corpus: { name: path.basename(f), files: [f], ...(field ? { field } : {}) },
        files: [{ file, relative: path.relative(io.cwd, file).split(path.sep).join('/') }],
      };
    });
  } else if (suite) {
    corpora = suite.config.corpora.map((c) => ({
      corpus: c,
      files: corpusFiles(c, suite.dir, path.relative(io.cwd, suite.file)),
    }));
  } else {
    corpora = defaultCorpora().map((file) => ({
      corpus: { name: path.basename(file), files: [file] },
      files: [{ file, relative: path.basename(file) }],
    }));
  }
  const bytes = corpora.reduce((n, c) => n + corpusBytes(c.files), 0);
  const perSide =
    requested ?? Math.max(1, Math.min(Math.floor(defaultWorkers() / 2) || 1, workersFor(bytes, undefined)));
  // A suite's tokenizer resolves inside the suite's folder; one typed here, against the working folder.
  const fromSuite = (t: SuiteTokenizer) => suite?.config.tokenizers.some((c) => c.name === t.name && c.spec === t.spec);
  // Both sides load at once; if one fails, the other is closed before the error is reported.
  const opened = await Promise.allSettled(
    [a, b].map((t) =>
      openTokenizer(t, {
        baseDir: fromSuite(t) ? suite!.dir : io.cwd,
        contained: fromSuite(t),
        env: io.env,
        workers: perSide,
      }),
    ),
  );
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
    if (!(failed.reason instanceof EngineUnavailableError)) throw failed.reason;
    // An engine that cannot run its side: one finding (exit 3), not an error.
    const side = (label: string, t: SuiteTokenizer) => ({ label, tokenizer: t.name, spec: t.spec, engine: t.engine });
    return [
      unavailableSubject(
        {
          id: `${a.name} (${a.engine}) vs ${b.name} (${b.engine})`,
          tokenizer: `${a.name} vs ${b.name}`,
          corpus: corpora.map((c) => c.corpus.name).join(', '),
          old: side('a', a),
          new: side('b', b),
        },
        failed.reason,
      ),
    ];
  }
  const [ta, tb] = opened.map((o) => (o as PromiseFulfilledResult<OpenTokenizer>).value) as [
    OpenTokenizer,
    OpenTokenizer,
  ];
  try {
    const label = (t: OpenTokenizer, other: OpenTokenizer) =>
      t.config.spec === other.config.spec ? `${t.config.name} (${t.config.engine})` : t.config.name;
    const la = label(ta, tb);
    const lb = label(tb, ta);
    const out: SubjectReport[] = [];
    const progress = new CorpusProgress(io, 'diff', bytes);
    try {
      for (const { corpus, files } of corpora) {
        out.push(await diffCorpus(ta, tb, la, lb, corpus, files, limit, maxLineBytes, progress));
        progress.subjectDone(corpusBytes(files));
      }
    } finally {
      progress.clear();
    }
    return out;
  } finally {
    await Promise.all([ta.close(), tb.close()]);
  }
}

async function diffCorpus(
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
  const left = encodeEntries(ta, suiteSamples(ta, files, corpus, maxLineBytes), progress)[Symbol.asyncIterator]();
  const right = encodeEntries(tb, suiteSamples(tb, files, corpus, maxLineBytes))[Symbol.asyncIterator]();
  for (;;) {
    const [x, y] = await Promise.all([left.next(), right.next()]);
    if (x.done || y.done) break;
    const { sample: sa, encoding: ea } = x.value;
    const { sample: sb, encoding: eb } = y.value;
    // A chat corpus: each side renders the record through its own template; the right side's text is shown.
    const ref = { key: sb.key, location: `${sb.location}:${sb.line}`, text: sb.text };
    if (ea.ids.length === eb.ids.length && ea.ids.every((id, i) => id === eb.ids[i])) b.unchanged();
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

function diffSnapshots(oldFile: string, newFile: string, limit: number, io: Io): SubjectReport {
  const old = readSnapshotIndex(path.resolve(io.cwd, oldFile), oldFile);
  try {
    const now = readSnapshotIndex(path.resolve(io.cwd, newFile), newFile);
    try {
      return compareSnapshots(old, now, oldFile, newFile, limit);
    } finally {
      now.close();
    }
  } finally {
    old.close();
  }
}

/** Two snapshot files compared block by block, in key order: each block parsed once (equal pairs on one side). */
function compareSnapshots(
  old: SnapshotIndex,
  now: SnapshotIndex,
  oldFile: string,
  newFile: string,
  limit: number,
): SubjectReport {
  const maxLength = now.header.options.maxLength;
  const b = new SubjectBuilder(
    {
      id: `${oldFile} vs ${newFile}`,
      tokenizer: now.header.tokenizer,
      corpus: now.header.corpus,
      old: sideOfHeader(oldFile, old.header),
      new: sideOfHeader(newFile, now.header),
      ...(maxLength !== undefined ? { maxLength } : {}),
    },
    limit,
  );
  const refOf = (e: SnapshotEntry) => ({
    key: e.key,
    ...(e.location !== undefined ? { location: e.location } : {}),
    text: e.text,
  });
  for (const [key, inOld, inNew] of joinKeys(old.keys, now.keys)) {
    // Every block is parsed once (an equal pair on one side): damage is reported wherever it is.
    if (!inNew) {
      const e = old.entry(key)!;
      b.obsolete(() => refOf(e));
      continue;
    }
    if (inOld && Buffer.from(old.block(key)!).equals(now.block(key)!)) {
      now.entry(key);
      b.unchanged(false);
      continue;
    }
    const e = now.entry(key)!;
    const o = inOld ? old.entry(key)! : undefined;
    if (!o) b.added(refOf(e));
    else if (o.ids.length === e.ids.length && o.ids.every((id, i) => id === e.ids[i]))
      b.unchanged(o.tokens.some((t, i) => t !== e.tokens[i]));
    else b.drift(refOf(e), o, e);
  }
  const r = b.report;
  r.notes.push(...headerNotes(old.header, now.header));
  const change = compareDigests(digestOfHeader(old.header), digestOfHeader(now.header), {
    fingerprintChanged: old.header.fingerprint !== now.header.fingerprint,
    engine: now.header.engine,
  });
  if (change.sections.length || change.equivalentRewrite) r.tokenizerChange = change;
  for (const w of change.warnings) b.note('warning', w);
  const canaries = changedCanaries(old.header, now.header);
  if (canaries?.length) {
    r.canariesChanged = canaries;
    b.note('info', `${canaries.length} canary strings tokenize differently (${canaryNames(canaries)})`);
  }
  b.finish();
  r.failed = r.status !== 'ok';
  return r;
}
