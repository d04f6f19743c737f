// A pending change: one sample whose entry differs between a snapshot and its pending file
// (`.snap.new`), with the drift classes of the change. Pure: snapshot/store.ts reads the files.

import type { DriftClass } from '../drift/classify.js';
import { type Tokenization, classifyDrift, filesChangedBetween } from './classify.js';
import type { Snapshot, SnapshotEntry } from './format.js';
import { compareKeys } from './serialize.js';

export interface PendingChange {
  /** `tokenizer/corpus#key`: what `tokpeek accept`/`reject` and `pending --json` use. */
  id: string;
  /** Absolute paths of the snapshot (which may not exist yet) and of its pending file. */
  snapshotPath: string;
  pendingPath: string;
  tokenizer: string;
  corpus: string;
  key: string;
  /** changed: both files hold the sample; added: only the pending file; removed: only the snapshot. */
  kind: 'changed' | 'added' | 'removed';
  location?: string;
  text: string;
  /** The accepted tokenization (absent when added). */
  old?: Tokenization;
  /** The proposed tokenization (absent when removed). */
  new?: Tokenization;
  /** Empty for added/removed samples. */
  classes: DriftClass[];
  /** From the pending header's options, for the max-length class and displays. */
  maxLength?: number;
}

/** Same text, ids and token spellings. */
function sameEntry(a: SnapshotEntry, b: SnapshotEntry): boolean {
  if (a.ids.length !== b.ids.length || a.text !== b.text) return false;
  for (let i = 0; i < a.ids.length; i++) if (a.ids[i] !== b.ids[i] || a.tokens[i] !== b.tokens[i]) return false;
  return true;
}

export function entriesByKey(s: Snapshot | undefined): Map<string, SnapshotEntry> {
  return new Map((s?.entries ?? []).map((e) => [e.key, e]));
}

/** Where a snapshot and its pending file are, and the names they stand for. */
export type PendingFiles = Pick<PendingChange, 'snapshotPath' | 'pendingPath' | 'tokenizer' | 'corpus'>;

/** The pending changes between one snapshot and its pending file, sorted by key. */
export function pendingChangesOf(
  base: PendingFiles,
  current: Snapshot | undefined,
  pending: Snapshot,
): PendingChange[] {
  const { tokenizer, corpus } = base;
  const maxLength = pending.header.options.maxLength;
  const filesChanged = current ? filesChangedBetween(current.header, pending.header) : undefined;
  const old = entriesByKey(current);
  const out: PendingChange[] = [];
  for (const e of pending.entries) {
    const before = old.get(e.key);
    if (before && sameEntry(before, e)) continue;
    out.push({
      ...base,
      id: `${tokenizer}/${corpus}#${e.key}`,
      key: e.key,
      kind: before ? 'changed' : 'added',
      ...(e.location !== undefined ? { location: e.location } : {}),
      text: e.text,
      ...(before ? { old: { tokens: before.tokens, ids: before.ids } } : {}),
      new: { tokens: e.tokens, ids: e.ids },
      classes: before ? classifyDrift(before, e, maxLength, filesChanged) : [],
      ...(maxLength !== undefined ? { maxLength } : {}),
    });
  }
  const proposed = entriesByKey(pending);
  for (const e of current?.entries ?? []) {
    if (proposed.has(e.key)) continue;
    out.push({
      ...base,
      id: `${tokenizer}/${corpus}#${e.key}`,
      key: e.key,
      kind: 'removed',
      ...(e.location !== undefined ? { location: e.location } : {}),
      text: e.text,
      old: { tokens: e.tokens, ids: e.ids },
      classes: [],
      ...(maxLength !== undefined ? { maxLength } : {}),
    });
  }
  return out.sort((a, b) => compareKeys(a.key, b.key));
}
