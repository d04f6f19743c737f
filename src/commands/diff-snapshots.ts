// diff of two snapshot files: compared block by block in key order, with the notes their
// headers call for (files, digests, canaries).

import path from 'node:path';
import type { Io } from '../io.js';
import type { SnapshotEntry } from '../core/snapshot/format.js';
import {
  type SubjectReport,
  SubjectBuilder,
  canaryNames,
  changedCanaries,
  headerNotes,
  sideOfHeader,
} from '../core/snapshot/report.js';
import { compareDigests } from '../core/snapshot/tokenizer-changes.js';
import { digestOfHeader } from '../core/snapshot/tokenizer-digest.js';
import { type SnapshotIndex, joinKeys } from '../core/snapshot/snapshot-index.js';
import { sameSequence } from '../core/same-sequence.js';
import { readSnapshotIndex } from '../snapshot/snapshot-file.js';

export function diffSnapshots(oldFile: string, newFile: string, limit: number, io: Io): SubjectReport {
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
    else if (sameSequence(o.ids, e.ids)) b.unchanged(!sameSequence(o.tokens, e.tokens));
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
