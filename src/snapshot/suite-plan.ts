// Which tokenizer × corpus pairs a snapshot/check run covers, and what each needs: its corpus
// files, the worker count their size calls for, and its snapshot paths.

import type { EngineName } from '../core/token-model.js';
import type { SuiteCorpus, SuiteTokenizer } from '../core/config/suite-config.js';
import { UsageError } from '../errors.js';
import type { Suite } from './config-file.js';
import { type CorpusFile, corpusBytes, corpusFiles } from './corpus-samples.js';
import { type UnavailableEngine, openedInTurn, orUnavailable, workersFor } from './opened-in-turn.js';
import { defaultWorkers } from '../tokenizers/pool-options.js';
import { snapshotPathOf } from './store.js';

interface SuitePlan {
  tokenizer: SuiteTokenizer;
  corpora: SuiteCorpus[];
}

/** The (tokenizer, corpora) pairs selected by -t/--corpus (default: the whole suite). */
export function planSuite(
  suite: { config: { tokenizers: SuiteTokenizer[]; corpora: SuiteCorpus[] } },
  tokenizers?: string[],
  corpora?: string[],
  engine?: EngineName,
): SuitePlan[] {
  const { config } = suite;
  const known = (kind: string, names: string[] | undefined, all: string[]) => {
    for (const n of names ?? [])
      if (!all.includes(n))
        throw new UsageError(`no ${kind} named "${n}" in the suite`, `Configured ${kind}s: ${all.join(', ')}.`);
  };
  known(
    'tokenizer',
    tokenizers,
    config.tokenizers.map((t) => t.name),
  );
  known(
    'corpus',
    corpora,
    config.corpora.map((c) => c.name),
  );
  return config.tokenizers
    .filter((t) => !tokenizers?.length || tokenizers.includes(t.name))
    .map((t) => ({
      tokenizer: engine ? { ...t, engine } : t,
      corpora: config.corpora.filter(
        (c) => (!t.corpora || t.corpora.includes(c.name)) && (!corpora?.length || corpora.includes(c.name)),
      ),
    }))
    .filter((p) => p.corpora.length > 0);
}

interface PreparedPlan {
  tokenizer: SuiteTokenizer;
  files: Array<{ corpus: SuiteCorpus; files: CorpusFile[] }>;
  workers: number;
  /** Bytes of its corpus files (progress runs up to their sum). */
  bytes: number;
  paths: string[];
}

/** Each planned tokenizer with its corpus files, its workers (from their size) and its snapshot paths. */
export function preparePlan(
  suite: Suite,
  plan: SuitePlan[],
  requestedWorkers: number | undefined,
  configShown: string,
): PreparedPlan[] {
  return plan.map(({ tokenizer, corpora }) => {
    const files = corpora.map((c) => ({ corpus: c, files: corpusFiles(c, suite.dir, configShown) }));
    const bytes = corpusBytes(files.flatMap((f) => f.files));
    return {
      tokenizer,
      files,
      workers: workersFor(bytes, requestedWorkers),
      bytes,
      paths: corpora.map((c) => snapshotPathOf(suite.snapshotDir, tokenizer.name, c.name)),
    };
  });
}

/**
 * Each prepared tokenizer with what `open` made of it, opened in turn within the cores' budget
 * of worker threads (see openedInTurn); an engine that cannot run one is a value, not an error.
 */
export function openedPlans<T extends { close(): Promise<void> }>(
  prepared: readonly PreparedPlan[],
  open: (p: PreparedPlan) => Promise<T>,
): AsyncGenerator<[PreparedPlan, T | UnavailableEngine]> {
  return openedInTurn(
    prepared,
    (p) => orUnavailable(open(p)),
    (p) => p.workers,
    defaultWorkers(),
  );
}
