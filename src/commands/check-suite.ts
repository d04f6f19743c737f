// check over the suite: its tokenizers opened in turn, each tokenizer × corpus checked against
// its snapshot (check-subject.ts), and snapshot files for pairs the suite no longer has.

import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { SNAPSHOT_EXTENSION } from '../core/snapshot/format.js';
import {
  type DriftReport,
  type SubjectReport,
  SubjectBuilder,
  assembleReport,
  sideOfHeader,
  unavailableSubject,
} from '../core/snapshot/report.js';
import type { Suite } from '../snapshot/config-file.js';
import { corpusBytes } from '../snapshot/corpus-samples.js';
import { openTokenizer } from '../snapshot/open-tokenizer.js';
import { type planSuite, openedPlans, preparePlan } from '../snapshot/suite-plan.js';
import { listFiles, pendingPathOf, removeStaleTemps } from '../snapshot/store.js';
import {
  type SnapshotFileIndex,
  readSnapshotHeader,
  readSnapshotIndex,
  readSnapshotIndexAhead,
} from '../snapshot/snapshot-file.js';
import { type CheckSettings, checkSubject } from './check-subject.js';
import { CorpusProgress } from './progress.js';

export async function checkSuite(
  suite: Suite,
  plan: ReturnType<typeof planSuite>,
  selected: boolean,
  settings: CheckSettings,
  io: Io,
): Promise<DriftReport> {
  const rel = (p: string) => (path.relative(io.cwd, p) || p).split(path.sep).join('/');
  if (!settings.ci) removeStaleTemps(suite.snapshotDir);
  const subjects: SubjectReport[] = [];
  const expectedFiles = new Set<string>();
  const prepared = preparePlan(suite, plan, settings.workers, rel(suite.file));
  for (const { paths } of prepared) for (const file of paths) expectedFiles.add(file);
  // Each tokenizer's snapshots are indexed as it starts loading (large ones on a thread of their
  // own meanwhile: readSnapshotIndexAhead), and all of them before any of its subjects is
  // checked, so a damaged header or a file cut short stops the check before anything is written.
  // (A block damaged inside is found when it is read.)
  const indexing = new Map<string, Promise<SnapshotFileIndex | undefined>>();
  const open = ({ tokenizer, workers, paths }: (typeof prepared)[number]) => {
    for (const file of paths) {
      const index = fs.existsSync(file) ? readSnapshotIndexAhead(file, rel(file)) : Promise.resolve(undefined);
      index.catch(() => {}); // awaited in its turn, or closed below
      indexing.set(file, index);
    }
    return openTokenizer(tokenizer, {
      baseDir: suite.dir,
      env: io.env,
      workers,
      previous: paths.flatMap((file) => readSnapshotHeader(file) ?? []),
    });
  };
  const progress = new CorpusProgress(
    io,
    'check',
    prepared.reduce((n, p) => n + p.bytes, 0),
    settings.ci,
  );
  try {
    for await (const [{ tokenizer, files, paths, bytes }, t] of openedPlans(prepared, open)) {
      if ('unavailable' in t) {
        subjects.push(
          unavailableSubject(
            {
              id: tokenizer.name,
              tokenizer: tokenizer.name,
              corpus: files.map((f) => f.corpus.name).join(', '),
              new: { label: 'live', tokenizer: tokenizer.name, spec: tokenizer.spec, engine: tokenizer.engine },
            },
            t.unavailable,
          ),
        );
        progress.subjectDone(bytes);
        continue;
      }
      // Only a chat corpus can show a template change: without one, the first subject says so.
      const chatCorpora = files.some((f) => f.corpus.chat);
      const snapshots = await Promise.all(paths.map((file) => indexing.get(file)!));
      try {
        for (const [i, { corpus, files: list }] of files.entries()) {
          const subject = { corpus, files: list, warnTemplate: !chatCorpora && i === 0 };
          subjects.push(await checkSubject(t, tokenizer, subject, snapshots[i], paths[i]!, settings, rel, progress));
          progress.subjectDone(corpusBytes(list));
        }
      } finally {
        for (const s of snapshots) s?.close();
        for (const file of paths) indexing.delete(file);
      }
    }
  } finally {
    progress.clear();
    // Those of tokenizers not checked (one that failed to load stops the suite).
    for (const index of indexing.values())
      index.then(
        (s) => s?.close(),
        () => {},
      );
  }
  if (!selected) subjects.push(...obsoleteFiles(suite, expectedFiles, settings, rel));
  return assembleReport('check', settings.ci, subjects);
}

/** Snapshot files for tokenizer/corpus pairs the suite no longer has. */
function obsoleteFiles(
  suite: Suite,
  expected: Set<string>,
  settings: CheckSettings,
  rel: (p: string) => string,
): SubjectReport[] {
  const out: SubjectReport[] = [];
  for (const file of listFiles(suite.snapshotDir, SNAPSHOT_EXTENSION)) {
    if (expected.has(file)) continue;
    const snap = readSnapshotIndex(file, rel(file));
    const tokenizer = path.basename(path.dirname(file));
    const corpus = path.basename(file, SNAPSHOT_EXTENSION);
    const b = new SubjectBuilder(
      {
        id: `${tokenizer}/${corpus}`,
        tokenizer,
        corpus,
        snapshot: rel(file),
        old: sideOfHeader('snapshot', snap.header),
        new: { label: 'not in the suite' },
      },
      settings.limit,
    );
    try {
      for (const e of snap.entries())
        b.obsolete({ key: e.key, ...(e.location !== undefined ? { location: e.location } : {}), text: e.text });
    } finally {
      snap.close();
    }
    b.note('error', `${rel(file)} is for a tokenizer/corpus pair that ${rel(suite.file)} no longer has`);
    const r = b.finish();
    if (settings.prune && !settings.ci) {
      fs.rmSync(file);
      fs.rmSync(pendingPathOf(file), { force: true });
      r.wrote.push(`${rel(file)} (deleted)`);
    } else {
      r.failed = true;
      r.next = settings.ci
        ? 'run `tokpeek check --prune` locally and commit'
        : 'delete it with `tokpeek check --prune`';
    }
    out.push(r);
  }
  return out;
}
