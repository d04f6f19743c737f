// A pending change: one sample whose entry differs between a snapshot and its pending file
// (`.snap.new`), with the drift classes of the change. Pure: snapshot/store.ts opens the files.

import type { DriftClass } from '../drift/classify.js';
import { type Tokenization, classifyDrift, filesChangedBetween } from './classify.js';
import type { SnapshotEntry } from './format.js';
import { type SnapshotIndex, joinKeys } from './snapshot-index.js';

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

/** Where a snapshot and its pending file are, and the names they stand for. */
type PendingFiles = Pick<PendingChange, 'snapshotPath' | 'pendingPath' | 'tokenizer' | 'corpus'>;

/**
 * The pending changes between one snapshot and its pending file, sorted by key. Both are read
 * block by block in key order, every block parsed (a damaged one is an error) but only the changes held.
 */
export function pendingChangesOf(
  base: PendingFiles,
  current: SnapshotIndex | undefined,
  pending: SnapshotIndex,
): PendingChange[] {
  const { tokenizer, corpus } = base;
  const maxLength = pending.header.options.maxLength;
  const filesChanged = current ? filesChangedBetween(current.header, pending.header) : undefined;
  const out: PendingChange[] = [];
  for (const [key, inOld, inNew] of joinKeys(current?.keys ?? [], pending.keys)) {
    // Equal blocks are parsed on one side only, so that damage is found wherever it is.
    if (inOld && inNew && Buffer.from(current!.block(key)!).equals(pending.block(key)!)) {
      pending.entry(key);
      continue;
    }
    const before = inOld ? current!.entry(key)! : undefined;
    const e = inNew ? pending.entry(key)! : undefined;
    if (before && e && sameEntry(before, e)) continue;
    const shown = (e ?? before)!;
    out.push({
      ...base,
      id: `${tokenizer}/${corpus}#${key}`,
      key,
      kind: !e ? 'removed' : before ? 'changed' : 'added',
      ...(shown.location !== undefined ? { location: shown.location } : {}),
      text: shown.text,
      ...(before ? { old: { tokens: before.tokens, ids: before.ids } } : {}),
      ...(e ? { new: { tokens: e.tokens, ids: e.ids } } : {}),
      classes: before && e ? classifyDrift(before, e, maxLength, filesChanged) : [],
      ...(maxLength !== undefined ? { maxLength } : {}),
    });
  }
  return out;
}
