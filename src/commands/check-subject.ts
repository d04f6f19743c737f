// check of one tokenizer × corpus: its samples tokenized again and compared with the snapshot
// (unchanged blocks compared as text), notes on what changed in the header, what to write
// outside CI, and the verdict with its next step.

import fs from 'node:fs';
import type { SuiteCorpus, SuiteTokenizer } from '../core/config/suite-config.js';
import type { SnapshotHeader } from '../core/snapshot/format.js';
import { type SortedBlocks, blocksInMemory, mergedSnapshot } from '../core/snapshot/snapshot-index.js';
import { SortedRuns } from '../snapshot/sorted-runs.js';
import { serializeEntry } from '../core/snapshot/serialize.js';
import { BlockMatcher } from '../core/snapshot/block-match.js';
import {
  type SubjectReport,
  SubjectBuilder,
  attachExcerpts,
  canaryNames,
  changedCanaries,
  chatTemplateChanged,
  headerNotes,
  sideOfHeader,
} from '../core/snapshot/report.js';
import { filesChangedBetween } from '../core/snapshot/classify.js';
import { compareDecodePins } from '../core/drift/decode.js';
import { compareDigests } from '../core/snapshot/tokenizer-changes.js';
import { digestOfHeader } from '../core/snapshot/tokenizer-digest.js';
import { sameSequence } from '../core/same-sequence.js';
import { type CorpusFile, type KeyedSample, suiteSamples } from '../snapshot/corpus-samples.js';
import { encodeEntries, entryOf, expectedBlocks, headerFor, offsetsOf } from '../snapshot/encode-entries.js';
import { fileSha256 } from '../snapshot/file-hashes.js';
import type { OpenTokenizer } from '../snapshot/open-tokenizer.js';
import type { SnapshotFileIndex } from '../snapshot/snapshot-file.js';
import { pendingPathOf } from '../snapshot/store.js';
import { fileHolds, writeFileAtomic } from '../write-file-atomic.js';
import type { CorpusProgress } from './progress.js';

export interface CheckSettings {
  ci: boolean;
  update: boolean;
  prune: boolean;
  strict: boolean;
  limit: number;
  workers?: number;
  maxLineBytes?: number;
  /** Bytes of changed blocks held before they are sorted into a run on disk (see SortedRuns). */
  sortBudget: number;
}

interface CheckSubject {
  corpus: SuiteCorpus;
  files: CorpusFile[];
  /** Warn when the chat template changed: no corpus of this tokenizer is chat data. */
  warnTemplate: boolean;
}

export async function checkSubject(
  t: OpenTokenizer,
  tokenizer: SuiteTokenizer,
  subject: CheckSubject,
  old: SnapshotFileIndex | undefined,
  file: string,
  settings: CheckSettings,
  rel: (p: string) => string,
  progress: CorpusProgress,
): Promise<SubjectReport> {
  const corpus = subject.corpus.name;
  const header = headerFor(
    t,
    subject.corpus,
    subject.files.map((f) => ({ path: f.relative, sha256: fileSha256(f.file) })),
  );
  // Batches carry their samples' blocks, which the workers compare: by their ids' digests when
  // this tokpeek wrote the snapshot from these tokenizer files (see sameWriter).
  const byDigest = old !== undefined && sameWriter(old.header, header);
  const expectOf = old && ((samples: readonly KeyedSample[]) => expectedBlocks(old, samples, byDigest));
  const samples = suiteSamples(t, subject.files, subject.corpus, settings.maxLineBytes);
  const stream = encodeEntries(t, samples, progress, expectOf);
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
  // Changed blocks are sorted in bounded memory (runs spilled beside the file, removed after).
  // CI mode writes nothing, so it keeps none.
  const changed = settings.ci ? undefined : new SortedRuns(file, settings.sortBudget);
  try {
    const seen = await compareSamples(t, stream, old, b, changed);
    const obsolete = listObsolete(b, old, seen);
    const r = b.report;
    if (old) noteHeaderChanges(b, old.header, header, tokenizer, subject.warnTemplate);
    else {
      r.status = 'missing';
      b.note('error', `no snapshot yet for ${r.id} (${r.counts.added} samples)`);
    }

    const drifted = r.counts.drifted + r.counts.added > 0;
    const obsoleteLeft = !changed
      ? obsolete.size
      : writeOutcome({ file, header, old, changed, obsolete, drifted }, settings, b, rel);
    const warned = r.notes.some((n) => n.level === 'warning');
    r.failed =
      (settings.update && !settings.ci
        ? obsoleteLeft > 0
        : drifted || r.decodeChanged !== undefined || obsoleteLeft > 0 || !old) ||
      (settings.strict && warned);
    if (r.failed) r.next = nextStep(r, settings, t.config.name, corpus, obsoleteLeft);
    b.finish();
    return r;
  } finally {
    changed?.close();
  }
}

type EntryStream = ReturnType<typeof encodeEntries>;

/**
 * Whether this tokpeek wrote `old` from the same tokenizer files, engine and options: then a
 * block whose ids are the live ones is the block serializeEntry would write (its key is of its
 * text or record, which the scan checks; its spellings are of its ids and their inserted flags,
 * which the same options give), and the workers compare ids digests instead of reading it (see
 * block-ids.ts for what the scan checks of each block). A token's spelling edited by hand in such
 * a file is not seen. Otherwise every block is compared byte for byte, which is how a newer
 * tokpeek's spellings or a changed vocabulary string show (a build that changes how tokens are
 * spelled without a new version number shows it only with another engine or files).
 */
function sameWriter(old: SnapshotHeader, live: SnapshotHeader): boolean {
  const [o, l] = [old.options, live.options];
  return (
    old.tokpeek === live.tokpeek &&
    old.fingerprint === live.fingerprint &&
    JSON.stringify(old.files) === JSON.stringify(live.files) &&
    old.engine === live.engine &&
    old.engineVersion === live.engineVersion &&
    old.engineCopy === live.engineCopy &&
    o.addSpecialTokens === l.addSpecialTokens &&
    o.truncationSide === l.truncationSide &&
    o.maxLength === l.maxLength &&
    o.chatTemplate === l.chatTemplate
  );
}

/**
 * The live samples against the snapshot, each counted by the builder; the changed samples'
 * serialized blocks go to `changed` (the rest stays in the old file until it is copied).
 * Returns which of the snapshot's keys were seen (1 at their position). The drifts listed get excerpts, with offsets asked for these few
 * samples only.
 */
async function compareSamples(
  t: OpenTokenizer,
  stream: EntryStream,
  old: SnapshotFileIndex | undefined,
  b: SubjectBuilder,
  changed: SortedRuns | undefined,
): Promise<Uint8Array> {
  const listedSamples: KeyedSample[] = [];
  // The snapshot's samples the corpus still has, by position (a Set of 1M keys would hold 100 MB).
  const seen = new Uint8Array(old?.keys.length ?? 0);
  const matcher = new BlockMatcher(t.display);
  for await (const { items, encodings } of stream)
    for (let k = 0; k < items.length; k++) {
      const sample = items[k]!;
      const encoding = encodings[k]!;
      const at = old ? old.position(sample.key) : -1;
      if (at !== -1) seen[at] = 1;
      // A worker found its block unchanged (see ExpectedBlocks).
      if (encoding.matched) {
        b.unchanged(false);
        continue;
      }
      // Most samples are unchanged: their block in the file is the one serializeEntry would write,
      // compared in place (any other goes the full way below).
      const raw = old?.rawBlock(sample.key);
      if (raw && matcher.matches(raw, sample, encoding.ids, encoding.inserted)) {
        b.unchanged(false);
        continue;
      }
      const entry = entryOf(t, sample, encoding);
      const block = serializeEntry(entry);
      // The last fast path (a CRLF file, an escape the in-place match does not take): the block, byte for byte.
      if (old?.holds(sample.key, block)) {
        b.unchanged(false);
        continue;
      }
      const before = old?.entry(sample.key);
      const ref = { key: sample.key, location: `${sample.location}:${sample.line}`, text: sample.text };
      if (before && sameSequence(before.ids, encoding.ids)) {
        b.unchanged(!sameSequence(before.tokens, entry.tokens));
        continue;
      }
      changed?.add(sample.key, Buffer.from(block, 'utf8'));
      if (before) {
        b.drift(ref, before, { ...entry, evidence: await t.evidence(sample.text) });
        if (b.listed.length > listedSamples.length) listedSamples.push(sample);
      } else b.added(ref);
    }
  if (b.listed.length) {
    const offsets = await offsetsOf(t, listedSamples);
    b.listed.forEach((l, i) => attachExcerpts(l.drift, offsets[i]!));
  }
  return seen;
}

/** The snapshot's samples the corpus no longer has, counted by the builder. */
function listObsolete(b: SubjectBuilder, old: SnapshotFileIndex | undefined, seen: Uint8Array): Set<string> {
  const obsolete = new Set((old?.keys ?? []).filter((_, i) => !seen[i]));
  // Each is parsed, one at a time, so that damage is found in every block (the rest of the file
  // was compared or parsed above); only the listed few are kept.
  for (const key of obsolete) {
    const e = old!.entry(key)!;
    b.obsolete(() => ({ key, ...(e.location !== undefined ? { location: e.location } : {}), text: e.text }));
  }
  return obsolete;
}

/** Notes on what changed between the snapshot's header and the live one: files, template, canaries, spellings. */
function noteHeaderChanges(
  b: SubjectBuilder,
  old: SnapshotHeader,
  header: SnapshotHeader,
  tokenizer: SuiteTokenizer,
  warnTemplate: boolean,
): void {
  const r = b.report;
  for (const n of headerNotes(old, header)) r.notes.push(n);
  const fingerprintChanged = old.fingerprint !== header.fingerprint;
  const templates = chatTemplateChanged(old, header);
  const change = compareDigests(digestOfHeader(old), digestOfHeader(header), {
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
  const canaries = changedCanaries(old, header);
  if (canaries === undefined)
    b.note(
      'info',
      `the canary set changed (${old.canarySet} → ${header.canarySet}): behavioural fingerprints are not comparable`,
    );
  else if (canaries.length) {
    r.canariesChanged = canaries;
    b.note(
      r.counts.drifted ? 'info' : 'warning',
      `${canaries.length} of ${header.canaries.length} canary strings now tokenize differently (${canaryNames(canaries)}): the tokenizer behaves differently${r.counts.drifted ? '' : ', though no sample of this corpus changed'}`,
    );
  } else if (fingerprintChanged || old.engineVersion !== header.engineVersion || old.engine !== header.engine) {
    b.note('info', 'behavioural fingerprint unchanged: every canary string tokenizes as before');
  }
  if (old.decodePins && header.decodePins) b.decodeChanged(compareDecodePins(old.decodePins, header.decodePins));
  else if (header.decodePins)
    b.note(
      'info',
      'the snapshot records no decodes (written before snapshot format 3): decoding was not compared; `tokpeek check --update` records them',
    );
  if (r.counts.sameIdsNewText)
    b.note(
      'info',
      `${r.counts.sameIdsNewText} samples keep their ids but their tokens are spelled differently (vocabulary strings changed, or a newer tokpeek spells tokens differently); \`tokpeek check --update\` refreshes them`,
    );
}

/**
 * Writes what the settings ask for outside CI: the snapshot (--update), the obsolete samples
 * pruned (--prune), a pending file beside a drifted snapshot, or no pending file once it
 * matches again. Returns how many obsolete samples the snapshot still holds.
 */
function writeOutcome(
  s: {
    file: string;
    header: SnapshotHeader;
    old: SnapshotFileIndex | undefined;
    changed: SortedBlocks;
    obsolete: Set<string>;
    drifted: boolean;
  },
  settings: CheckSettings,
  b: SubjectBuilder,
  rel: (p: string) => string,
): number {
  const { file, header, old, changed, obsolete, drifted } = s;
  const wrote = b.report.wrote;
  const pendingPath = pendingPathOf(file);
  // Written as streams: unchanged blocks are copied from the old file, never all held here.
  const pruned = (key: string) => obsolete.has(key);
  const merged = (prune: boolean, to = drifted || !old ? header : old.header) =>
    mergedSnapshot(to, old, changed, prune ? pruned : undefined);
  if (settings.update) {
    if (!fileHolds(file, merged(settings.prune, header))) {
      writeFileAtomic(file, merged(settings.prune, header));
      wrote.push(rel(file));
    }
    fs.rmSync(pendingPath, { force: true });
    return settings.prune ? 0 : obsolete.size;
  }
  let obsoleteLeft = obsolete.size;
  if (settings.prune && obsolete.size && old) {
    writeFileAtomic(file, mergedSnapshot(old.header, old, blocksInMemory(new Map()), pruned));
    wrote.push(rel(file));
    obsoleteLeft = 0;
  }
  if (drifted) {
    writeFileAtomic(pendingPath, merged(settings.prune));
    wrote.push(rel(pendingPath));
  } else if (fs.existsSync(pendingPath)) {
    fs.rmSync(pendingPath);
    b.note('info', `removed ${rel(pendingPath)}: the snapshot matches again`);
  }
  return obsoleteLeft;
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
  // Decodes are pinned in the header, which a pending file's samples do not carry: re-recorded whole.
  if (r.decodeChanged)
    return s.ci
      ? `run \`tokpeek check --update ${sel}\` locally to pin the new decodes, and commit the snapshots`
      : `\`tokpeek check --update ${sel}\` pins the new decodes`;
  if (obsoleteLeft)
    return s.ci
      ? `run \`tokpeek check --prune ${sel}\` locally and commit`
      : `remove them with \`tokpeek check --prune ${sel}\``;
  return 'fix the warnings, or run without --strict';
}
