// `tokpeek diff`: compares live, without snapshots, on the same corpora: two tokenizers, one
// tokenizer under two engines, or two snapshot files. Same report and formats as `check`;
// exit 1 when anything differs.

import fs from 'node:fs';
import path from 'node:path';
import { type Io, colorEnabled } from '../io.js';
import { EngineUnavailableError, UsageError } from '../errors.js';
import type { EngineName } from '../core/token-model.js';
import type { SuiteCorpus, SuiteTokenizer } from '../core/config/suite-config.js';
import { SNAPSHOT_EXTENSION, PENDING_EXTENSION } from '../core/snapshot/format.js';
import { type SubjectReport, assembleReport, unavailableSubject } from '../core/snapshot/report.js';
import { defaultCorpora } from '../corpus/bundled-corpora.js';
import { configPathOf, readSuite } from '../snapshot/config-file.js';
import { corpusBytes, type CorpusFile, corpusFiles } from '../snapshot/corpus-samples.js';
import { type OpenTokenizer, openTokenizer } from '../snapshot/open-tokenizer.js';
import { workersFor } from '../snapshot/opened-in-turn.js';
import { REPORT_FORMATS, rendererFor } from '../render/drift-report.js';
import { defaultWorkers } from '../tokenizers/pool-options.js';
import { defineCommand } from './definition.js';
import { diffCorpus } from './diff-corpus.js';
import { diffSnapshots } from './diff-snapshots.js';
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
