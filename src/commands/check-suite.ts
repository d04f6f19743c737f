// check over the suite: each tokenizer × corpus tokenized again and compared with its snapshot
// (unchanged blocks compared as text), what to write outside CI, and obsolete snapshot files.

import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import type { SuiteCorpus, SuiteTokenizer } from '../core/config/suite-config.js';
import { SNAPSHOT_EXTENSION } from '../core/snapshot/format.js';
import { mergedSnapshot } from '../core/snapshot/snapshot-index.js';
import { serializeEntry } from '../core/snapshot/serialize.js';
import {
  type DriftReport,
  type SubjectReport,
  SubjectBuilder,
  canaryNames,
  chatTemplateChanged,
  assembleReport,
  attachExcerpts,
  changedCanaries,
  headerNotes,
  sideOfHeader,
  unavailableSubject,
} from '../core/snapshot/report.js';
import { filesChangedBetween } from '../core/snapshot/classify.js';
import { compareDigests } from '../core/snapshot/tokenizer-changes.js';
import type { Suite } from '../snapshot/config-file.js';
import { corpusBytes, type CorpusFile, type KeyedSample, suiteSamples } from '../snapshot/corpus-samples.js';
import { type OpenTokenizer, openTokenizer } from '../snapshot/open-tokenizer.js';
import { digestOfHeader } from '../core/snapshot/tokenizer-digest.js';
import { encodeEntries, entryOf, headerFor, offsetsOf } from '../snapshot/encode-entries.js';
import { fileSha256 } from '../snapshot/file-hashes.js';
import { openedInTurn, orUnavailable } from '../snapshot/opened-in-turn.js';
import { type planSuite, preparePlan } from '../snapshot/suite-plan.js';
import { listFiles, pendingPathOf, removeStaleTemps } from '../snapshot/store.js';
import { type SnapshotFileIndex, readSnapshotHeader, readSnapshotIndex } from '../snapshot/snapshot-file.js';
import { fileHolds, writeFileAtomic } from '../write-file-atomic.js';
import { CorpusProgress } from './progress.js';
import { defaultWorkers } from '../tokenizers/pool.js';
// --- the suite -------------------------------------------------------------------------------

export interface CheckSettings {
  ci: boolean;
  update: boolean;
  prune: boolean;
  strict: boolean;
  limit: number;
  workers?: number;
  maxLineBytes?: number;
}

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
  const open = ({ tokenizer, workers, paths }: (typeof prepared)[number]) =>
    openTokenizer(tokenizer, {
      baseDir: suite.dir,
      env: io.env,
      workers,
      previous: paths.flatMap((file) => readSnapshotHeader(file) ?? []),
    });
  const total = prepared.reduce((n, p) => n + p.files.reduce((m, c) => m + corpusBytes(c.files), 0), 0);
  const progress = new CorpusProgress(io, 'check', total, settings.ci);
  try {
    for await (const [{ tokenizer, files, paths }, t] of openedInTurn(
      prepared,
      (p) => orUnavailable(open(p)),
      (p) => p.workers,
      defaultWorkers(),
    )) {
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
        progress.subjectDone(files.reduce((n, f) => n + corpusBytes(f.files), 0));
        continue;
      }
      // Snapshots are read once the workers have the first batches (see checkSubject); all of
      // this tokenizer's are indexed then, so a damaged header or a file cut short stops the
      // check before anything is written. (A block damaged inside is found when it is read.)
      // Only a chat corpus can show a template change: without one, the first subject says so.
      const chatCorpora = files.some((f) => f.corpus.chat);
      const snapshots: Array<SnapshotFileIndex | undefined> = [];
      const snapshotOf = (i: number) => {
        if (snapshots.length === 0)
          for (const file of paths)
            snapshots.push(fs.existsSync(file) ? readSnapshotIndex(file, rel(file)) : undefined);
        return snapshots[i];
      };
      try {
        for (const [i, { corpus, files: list }] of files.entries()) {
          const subject = { corpus, files: list, warnTemplate: !chatCorpora && i === 0 };
          subjects.push(
            await checkSubject(t, tokenizer, subject, () => snapshotOf(i), paths[i]!, settings, rel, progress),
          );
          progress.subjectDone(corpusBytes(list));
        }
      } finally {
        for (const s of snapshots) s?.close();
      }
    }
  } finally {
    progress.clear();
  }
  if (!selected) subjects.push(...obsoleteFiles(suite, expectedFiles, settings, rel));
  return assembleReport('check', settings.ci, subjects);
}

export function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSpelling(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

async function checkSubject(
  t: OpenTokenizer,
  tokenizer: SuiteTokenizer,
  { corpus: corpusConfig, files, warnTemplate }: { corpus: SuiteCorpus; files: CorpusFile[]; warnTemplate: boolean },
  oldSnapshot: () => SnapshotFileIndex | undefined,
  file: string,
  settings: CheckSettings,
  rel: (p: string) => string,
  progress: CorpusProgress,
): Promise<SubjectReport> {
  const corpus = corpusConfig.name;
  const header = headerFor(
    t,
    corpusConfig,
    files.map((f) => ({ path: f.relative, sha256: fileSha256(f.file) })),
  );
  // The first result arrives once the pool has a queue of batches: the workers tokenize those
  // while this thread reads the old snapshot.
  const stream = encodeEntries(t, suiteSamples(t, files, corpusConfig, settings.maxLineBytes), progress);
  let next = await stream.next();
  const old = oldSnapshot();
  const b = new SubjectBuilder(
    {
      id: `${tokenizer.name}/${corpus}`,
      tokenizer: tokenizer.name,
      corpus,
      snapshot: rel(file),
      old: old ? sideOfHeader('snapshot', old.header) : { label: 'snapshot (missing)' },
      new: sideOfHeader('live', header),
      ...(tokenizer.maxLength !== undefined ? { maxLength: tokenizer.maxLength } : {}),
    },
    settings.limit,
    old ? filesChangedBetween(old.header, header) : undefined,
  );
  // Changed samples' blocks, serialized: the rest stays in the old file until it is copied.
  const changed = new Map<string, Uint8Array>();
  const listedSamples: KeyedSample[] = [];
  const seen = new Set<string>();
  for (; !next.done; next = await stream.next()) {
    const { sample, encoding } = next.value;
    seen.add(sample.key);
    const entry = entryOf(t, sample, encoding);
    const block = serializeEntry(entry);
    // Most samples are unchanged: their block in the file is this one, byte for byte.
    if (old?.holds(sample.key, block)) {
      b.unchanged(false);
      continue;
    }
    const before = old?.entry(sample.key);
    const ref = { key: sample.key, location: `${sample.location}:${sample.line}`, text: sample.text };
    if (before && sameIds(before.ids, encoding.ids)) {
      b.unchanged(!sameSpelling(before.tokens, entry.tokens));
      continue;
    }
    changed.set(sample.key, Buffer.from(block, 'utf8'));
    if (before) {
      b.drift(ref, before, { ...entry, evidence: await t.evidence(sample.text) });
      if (b.listed.length > listedSamples.length) listedSamples.push(sample);
    } else b.added(ref);
  }
  const obsolete = new Set((old?.keys ?? []).filter((k) => !seen.has(k)));
  // Each is parsed, one at a time, so that damage is found in every block (the rest of the file
  // was compared or parsed above); only the listed few are kept.
  for (const key of obsolete) {
    const e = old!.entry(key)!;
    b.obsolete(() => ({ key, ...(e.location !== undefined ? { location: e.location } : {}), text: e.text }));
  }

  // Where in the text each listed change is: offsets only for these few samples.
  if (b.listed.length) {
    const offsets = await offsetsOf(t, listedSamples);
    b.listed.forEach((l, i) => attachExcerpts(l.drift, offsets[i]!));
  }

  const r = b.report;
  if (!old) {
    r.status = 'missing';
    b.note('error', `no snapshot yet for ${r.id} (${r.counts.added} samples)`);
  } else {
    for (const n of headerNotes(old.header, header)) r.notes.push(n);
    const fingerprintChanged = old.header.fingerprint !== header.fingerprint;
    const templates = chatTemplateChanged(old.header, header);
    const change = compareDigests(digestOfHeader(old.header), digestOfHeader(header), {
      // A template file is no section of tokenizer.json: its change is no equivalent rewrite.
      fingerprintChanged: fingerprintChanged && templates.length === 0,
      engine: tokenizer.engine,
    });
    if (change.sections.length || change.equivalentRewrite) r.tokenizerChange = change;
    if (change.equivalentRewrite)
      b.note(
        'info',
        'the tokenizer files were rewritten in an equivalent form (every section has the same content): nothing to do',
      );
    for (const w of change.warnings) b.note('warning', w);
    if (warnTemplate && templates.length)
      b.note(
        'warning',
        `the chat template changed (${templates.join(', ')}), and no corpus checked here is chat data rendered through it, so no snapshot shows what it does to conversations: add one to ${tokenizer.name}'s corpora ("chat": true in tokpeek.config.json)`,
      );
    const canaries = changedCanaries(old.header, header);
    if (canaries === undefined)
      b.note(
        'info',
        `the canary set changed (${old.header.canarySet} → ${header.canarySet}): behavioural fingerprints are not comparable`,
      );
    else if (canaries.length) {
      r.canariesChanged = canaries;
      b.note(
        r.counts.drifted ? 'info' : 'warning',
        `${canaries.length} of ${header.canaries.length} canary strings now tokenize differently (${canaryNames(canaries)}): the tokenizer behaves differently${r.counts.drifted ? '' : ', though no sample of this corpus changed'}`,
      );
    } else if (
      fingerprintChanged ||
      old.header.engineVersion !== header.engineVersion ||
      old.header.engine !== header.engine
    ) {
      b.note('info', 'behavioural fingerprint unchanged: every canary string tokenizes as before');
    }
    if (r.counts.sameIdsNewText)
      b.note(
        'info',
        `${r.counts.sameIdsNewText} samples keep their ids but their tokens are spelled differently (vocabulary strings changed, or a newer tokpeek spells tokens differently); \`tokpeek check --update\` refreshes them`,
      );
  }

  // What to write.
  const drifted = r.counts.drifted + r.counts.added > 0;
  const pendingPath = pendingPathOf(file);
  // Written as streams: unchanged blocks are copied from the old file, never all held here.
  const pruned = (key: string) => obsolete.has(key);
  const merged = (prune: boolean, to = drifted || !old ? header : old.header) =>
    mergedSnapshot(to, old, changed, prune ? pruned : undefined);
  let obsoleteLeft = obsolete.size;
  if (!settings.ci) {
    if (settings.update) {
      if (!fileHolds(file, merged(settings.prune, header))) {
        writeFileAtomic(file, merged(settings.prune, header));
        r.wrote.push(rel(file));
      }
      if (settings.prune) obsoleteLeft = 0;
      fs.rmSync(pendingPath, { force: true });
    } else {
      if (settings.prune && obsolete.size && old) {
        writeFileAtomic(file, mergedSnapshot(old.header, old, new Map(), pruned));
        r.wrote.push(rel(file));
        obsoleteLeft = 0;
      }
      if (drifted) {
        writeFileAtomic(pendingPath, merged(settings.prune));
        r.wrote.push(rel(pendingPath));
      } else if (fs.existsSync(pendingPath)) {
        fs.rmSync(pendingPath);
        b.note('info', `removed ${rel(pendingPath)}: the snapshot matches again`);
      }
    }
  }
  const warned = r.notes.some((n) => n.level === 'warning');
  r.failed =
    (settings.update && !settings.ci ? obsoleteLeft > 0 : drifted || obsoleteLeft > 0 || !old) ||
    (settings.strict && warned);
  if (r.failed) r.next = nextStep(r, settings, t.config.name, corpus, obsoleteLeft);
  b.finish();
  if (!old) r.status = 'missing';
  return r;
}

function nextStep(r: SubjectReport, s: CheckSettings, tokenizer: string, corpus: string, obsoleteLeft: number): string {
  const sel = `-t ${tokenizer} --corpus ${corpus}`;
  if (r.status === 'missing')
    return s.ci
      ? `create it locally with \`tokpeek snapshot ${sel}\` and commit ${r.snapshot}`
      : `review with \`tokpeek pending\`, then \`tokpeek accept\` (or \`tokpeek snapshot ${sel}\`)`;
  if (r.counts.drifted || r.counts.added) {
    return s.ci
      ? `run \`tokpeek check ${sel}\` locally, review with \`tokpeek review\` (or \`tokpeek pending\` and \`tokpeek accept\`), and commit the snapshots`
      : 'review with `tokpeek review`, or `tokpeek pending` then `tokpeek accept` or `tokpeek reject` (or `tokpeek check --update`)';
  }
  if (obsoleteLeft)
    return s.ci
      ? `run \`tokpeek check --prune ${sel}\` locally and commit`
      : `remove them with \`tokpeek check --prune ${sel}\``;
  return 'fix the warnings, or run without --strict';
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
