// Snapshot and pending files on disk: atomic writes, pending changes, accept/reject.
//
// Layout: <snapshot folder>/<tokenizer>/<corpus>.snap, and beside it <corpus>.snap.new when
// `tokpeek check` (outside CI) found a different result: the whole proposed snapshot, like
// insta's `.snap.new`. A pending change is one sample whose entry differs between the two.
//
// Stable API (the TUI's review mode is built on it):
//   listPending(target)              → PendingChange[]   every pending change under a suite
//   acceptPending(changes)           moves the new entries into the .snap files
//   rejectPending(changes)           drops them from the .snap.new files
//   (reading snapshot files: ./snapshot-file.ts; what a pending change is: core/snapshot/pending-changes.ts)
//   writeSnapshotFile(file, s)       atomic write (temp file in the same folder, fsync, rename)
// After every accept/reject a .snap.new that no longer differs from its .snap is deleted.

import fs from 'node:fs';
import path from 'node:path';
import { TEMP_FILE, writeFileAtomic } from '../write-file-atomic.js';
import { within } from '../contained-path.js';
import { type PendingChange, pendingChangesOf } from '../core/snapshot/pending-changes.js';
import { PENDING_EXTENSION, SNAPSHOT_EXTENSION, type Snapshot } from '../core/snapshot/format.js';
import { type SnapshotIndex, blocksOf, mergedSnapshot } from '../core/snapshot/snapshot-index.js';
import { type SnapshotFileIndex, readSnapshotIndex } from './snapshot-file.js';
import { serializeSnapshot } from '../core/snapshot/serialize.js';
import { type Suite, readSuite } from './config-file.js';

// --- paths -----------------------------------------------------------------------------------

/** Where a snapshot lives; a tokenizer folder that links outside the snapshot folder is refused. */
export function snapshotPathOf(snapshotDir: string, tokenizer: string, corpus: string): string {
  const file = path.join(snapshotDir, tokenizer, `${corpus}${SNAPSHOT_EXTENSION}`);
  return within(snapshotDir, file, path.join(snapshotDir, tokenizer), 'the snapshot folder');
}

export function pendingPathOf(snapshotPath: string): string {
  return snapshotPath.slice(0, -SNAPSHOT_EXTENSION.length) + PENDING_EXTENSION;
}

/** Every file under the snapshot folder ending in `ext`, sorted. */
export function listFiles(snapshotDir: string, ext: string): string[] {
  if (!fs.existsSync(snapshotDir)) return [];
  const out: string[] = [];
  for (const tokenizer of fs.readdirSync(snapshotDir, { withFileTypes: true })) {
    if (!tokenizer.isDirectory()) continue;
    const dir = path.join(snapshotDir, tokenizer.name);
    for (const f of fs.readdirSync(dir))
      if (f.endsWith(ext) && (ext !== SNAPSHOT_EXTENSION || !f.endsWith(PENDING_EXTENSION)))
        out.push(path.join(dir, f));
  }
  return out.sort();
}

// --- writing ----------------------------------------------------------------------------------

export function writeSnapshotFile(file: string, snapshot: Snapshot): void {
  writeFileAtomic(file, serializeSnapshot(snapshot));
}

/** Removes temp files left by killed tokpeek processes (their pid no longer runs). */
export function removeStaleTemps(snapshotDir: string): string[] {
  const removed: string[] = [];
  if (!fs.existsSync(snapshotDir)) return removed;
  for (const sub of fs.readdirSync(snapshotDir, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    const dir = path.join(snapshotDir, sub.name);
    for (const f of fs.readdirSync(dir)) {
      const m = TEMP_FILE.exec(f);
      if (!m || processAlive(Number(m[1]))) continue;
      fs.rmSync(path.join(dir, f), { force: true });
      removed.push(path.join(dir, f));
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// --- pending changes -------------------------------------------------------------------------

/** A suite folder, a tokpeek.config.json path, a loaded suite, or `{snapshotDir}`. */
type PendingTarget = string | Suite | { snapshotDir: string };

function snapshotDirOf(target: PendingTarget, cwd = process.cwd()): string {
  if (typeof target !== 'string') return target.snapshotDir;
  return readSuite(target, cwd).snapshotDir;
}

/** The pending changes between one snapshot and its pending file. */
function pendingChangesIn(
  snapshotPath: string,
  current: SnapshotIndex | undefined,
  pending: SnapshotIndex,
): PendingChange[] {
  const where = {
    snapshotPath,
    pendingPath: pendingPathOf(snapshotPath),
    tokenizer: path.basename(path.dirname(snapshotPath)),
    corpus: path.basename(snapshotPath, SNAPSHOT_EXTENSION),
  };
  return pendingChangesOf(where, current, pending);
}

/** Every pending change under a suite's snapshot folder, file by file, sorted by key. */
export function listPending(target: PendingTarget): PendingChange[] {
  const dir = snapshotDirOf(target);
  const out: PendingChange[] = [];
  for (const pendingPath of listFiles(dir, PENDING_EXTENSION)) {
    const snapshotPath = pendingPath.slice(0, -PENDING_EXTENSION.length) + SNAPSHOT_EXTENSION;
    withIndexes(snapshotPath, (pending, current) => out.push(...pendingChangesIn(snapshotPath, current, pending)));
  }
  return out;
}

/** Runs `use` with a snapshot's pending file and the snapshot itself (if any) open, then closes them. */
function withIndexes<T>(
  snapshotPath: string,
  use: (pending: SnapshotFileIndex, current: SnapshotFileIndex | undefined) => T,
): T {
  const pending = readSnapshotIndex(pendingPathOf(snapshotPath));
  let current: SnapshotFileIndex | undefined;
  try {
    current = fs.existsSync(snapshotPath) ? readSnapshotIndex(snapshotPath) : undefined;
    return use(pending, current);
  } finally {
    pending.close();
    current?.close();
  }
}

function groupByFile(changes: PendingChange | PendingChange[]): Map<string, PendingChange[]> {
  const groups = new Map<string, PendingChange[]>();
  for (const c of Array.isArray(changes) ? changes : [changes])
    groups.set(c.snapshotPath, [...(groups.get(c.snapshotPath) ?? []), c]);
  return groups;
}

/** Deletes the pending file once it proposes nothing the snapshot (as written now) does not already hold. */
function settle(snapshotPath: string): void {
  if (withIndexes(snapshotPath, (pending, current) => pendingChangesIn(snapshotPath, current, pending).length === 0))
    fs.rmSync(pendingPathOf(snapshotPath), { force: true });
}

/**
 * Accepts changes: each sample's proposed entry replaces (or joins, or leaves) the snapshot,
 * whose header becomes the pending file's (it describes the tokenizer that produced them).
 * Changes whose pending file is gone or no longer proposes them are skipped. Both files are
 * streamed: unchanged blocks are copied as they are.
 * Returns how many changes were applied.
 */
export function acceptPending(changes: PendingChange | PendingChange[]): number {
  return eachPendingFile(changes, (snapshotPath, group, pending, current) => {
    // Keys only: the blocks are read from the pending file as the merge writes them.
    const taken = new Set<string>();
    const dropped = new Set<string>();
    for (const change of group) {
      if (change.kind === 'removed') {
        if (!pending.has(change.key) && current?.has(change.key)) dropped.add(change.key);
      } else if (pending.has(change.key)) taken.add(change.key);
    }
    writeFileAtomic(
      snapshotPath,
      mergedSnapshot(pending.header, current, blocksOf(pending, taken), (k) => dropped.has(k)),
    );
    return taken.size + dropped.size;
  });
}

/** Rejects changes: the pending file goes back to the snapshot's entry for each sample. */
export function rejectPending(changes: PendingChange | PendingChange[]): number {
  return eachPendingFile(changes, (snapshotPath, group, pending, current) => {
    const restored = new Set<string>();
    const dropped = new Set<string>();
    for (const change of group) {
      if (current?.has(change.key)) restored.add(change.key);
      else dropped.add(change.key);
    }
    writeFileAtomic(
      pendingPathOf(snapshotPath),
      // Without a snapshot nothing is restored (every change is dropped).
      mergedSnapshot(pending.header, pending, blocksOf(current ?? pending, restored), (k) => dropped.has(k)),
    );
    return group.length;
  });
}

/**
 * Applies decisions file by file: changes whose pending file is gone are skipped; after each
 * file a pending file that no longer differs from its snapshot is deleted. Returns how many
 * were applied.
 */
function eachPendingFile(
  changes: PendingChange | PendingChange[],
  apply: (
    snapshotPath: string,
    group: PendingChange[],
    pending: SnapshotIndex,
    current: SnapshotIndex | undefined,
  ) => number,
): number {
  let applied = 0;
  for (const [snapshotPath, group] of groupByFile(changes)) {
    if (!fs.existsSync(pendingPathOf(snapshotPath))) continue;
    applied += withIndexes(snapshotPath, (pending, current) => apply(snapshotPath, group, pending, current));
    settle(snapshotPath);
  }
  return applied;
}
