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
//   readSnapshotFile(file)           → Snapshot          (InputError naming file:line when damaged)
//   readSnapshotIndex(file)          → SnapshotIndex     (the same, block by block, for check)
//   readSnapshotHeader(file)         → SnapshotHeader?   (the header alone; undefined when unreadable)
//   writeSnapshotFile(file, s)       atomic write (temp file in the same folder, fsync, rename)
// After every accept/reject a .snap.new that no longer differs from its .snap is deleted.

import fs from 'node:fs';
import path from 'node:path';
import { decodeUtf8 } from '../corpus/decode.js';
import { InputError, fileError } from '../errors.js';
import { TEMP_FILE, writeFileAtomic } from '../write-file-atomic.js';
import { regularFile, within } from '../contained-path.js';
import {
  PENDING_EXTENSION,
  SNAPSHOT_EXTENSION,
  type Snapshot,
  type SnapshotEntry,
  type SnapshotHeader,
  SnapshotFormatError,
} from '../core/snapshot/format.js';
import { type SnapshotIndex, indexSnapshot, parseSnapshot, parseSnapshotHeader } from '../core/snapshot/parse.js';
import { type PendingChange, entriesByKey, pendingChangesOf } from '../core/snapshot/pending-changes.js';
import { compareKeys, serializeSnapshot } from '../core/snapshot/serialize.js';
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

// --- reading and writing ---------------------------------------------------------------------

const DAMAGED_HINT =
  'The file is damaged or cut short: restore it from version control (git checkout -- FILE) or re-create it with `tokpeek snapshot`.';

export function readSnapshotFile(file: string, shownAs: string = file): Snapshot {
  return asInputError(shownAs, () => parseSnapshot(readSnapshotText(file, shownAs)));
}

/**
 * A snapshot file indexed for `check` (see indexSnapshot): blocks are parsed when read, and a
 * damaged one is reported then, as an InputError naming file:line like readSnapshotFile's.
 */
export function readSnapshotIndex(file: string, shownAs: string = file): SnapshotIndex {
  const index = asInputError(shownAs, () => indexSnapshot(readSnapshotText(file, shownAs)));
  return {
    ...index,
    entry: (key) => asInputError(shownAs, () => index.entry(key)),
    entries: () => asInputError(shownAs, () => index.entries()),
  };
}

/**
 * The header of a snapshot file, read without the rest, or undefined when the file is missing
 * or its header damaged (a hint for openTokenizer; reading the file for real reports damage).
 */
const HEADER_LIMIT = 1 << 20;

export function readSnapshotHeader(file: string): SnapshotHeader | undefined {
  let fd: number;
  try {
    if (!fs.statSync(file).isFile()) return undefined; // opening a FIFO would block
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const chunks: Buffer[] = [];
    const chunk = Buffer.allocUnsafe(1 << 16);
    // A header is a few hundred bytes: past HEADER_LIMIT the file has none worth reading here.
    for (let n: number, read = 0; read < HEADER_LIMIT && (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      read += n;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      const start = Buffer.concat(chunks).toString('utf8');
      if (/\r?\n---\r?\n/.test(start)) return parseSnapshotHeader(start);
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Snapshots are read whole as one string, and V8 caps a string at 2^29 - 24 characters: a larger
 * file gets this clear limit instead of a false "invalid UTF-8" (streaming reads would lift it).
 */
const MAX_SNAPSHOT_BYTES = 2 ** 29 - 24;

function readSnapshotText(file: string, shownAs: string): string {
  let bytes: Buffer;
  try {
    const { size } = regularFile(file, 'snapshot file');
    if (size > MAX_SNAPSHOT_BYTES)
      throw new InputError(
        shownAs,
        `is ${(size / 2 ** 20).toFixed(0)} MiB; tokpeek reads snapshots up to ${(MAX_SNAPSHOT_BYTES / 2 ** 20) | 0} MiB`,
        undefined,
        'Split the corpus into several corpora in tokpeek.config.json (one snapshot each).',
      );
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw fileError(shownAs, e, 'snapshot file');
  }
  return decodeUtf8(bytes, shownAs);
}

function asInputError<T>(shownAs: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof SnapshotFormatError) throw new InputError(shownAs, e.message, e.line, DAMAGED_HINT);
    throw e;
  }
}

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
export type PendingTarget = string | Suite | { snapshotDir: string };

function snapshotDirOf(target: PendingTarget, cwd = process.cwd()): string {
  if (typeof target !== 'string') return target.snapshotDir;
  return readSuite(target, cwd).snapshotDir;
}

/** The pending changes between one snapshot and its pending file. */
function pendingChangesIn(snapshotPath: string, current: Snapshot | undefined, pending: Snapshot): PendingChange[] {
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
    const pending = readSnapshotFile(pendingPath);
    const current = fs.existsSync(snapshotPath) ? readSnapshotFile(snapshotPath) : undefined;
    out.push(...pendingChangesIn(snapshotPath, current, pending));
  }
  return out;
}

function groupByFile(changes: PendingChange | PendingChange[]): Map<string, PendingChange[]> {
  const groups = new Map<string, PendingChange[]>();
  for (const c of Array.isArray(changes) ? changes : [changes])
    groups.set(c.snapshotPath, [...(groups.get(c.snapshotPath) ?? []), c]);
  return groups;
}

/** Deletes the pending file once it proposes nothing the snapshot does not already hold. */
function settle(snapshotPath: string, current: Snapshot | undefined, pending: Snapshot): boolean {
  const pendingPath = pendingPathOf(snapshotPath);
  if (pendingChangesIn(snapshotPath, current, pending).length === 0) {
    fs.rmSync(pendingPath, { force: true });
    return true;
  }
  writeSnapshotFile(pendingPath, pending);
  return false;
}

function sorted(entries: Iterable<SnapshotEntry>): SnapshotEntry[] {
  return [...entries].sort((a, b) => compareKeys(a.key, b.key));
}

/**
 * Accepts changes: each sample's proposed entry replaces (or joins, or leaves) the snapshot,
 * whose header becomes the pending file's (it describes the tokenizer that produced them).
 * Changes whose pending file is gone or no longer proposes them are skipped.
 * Returns how many changes were applied.
 */
export function acceptPending(changes: PendingChange | PendingChange[]): number {
  return eachPendingFile(changes, (snapshotPath, group, pending, current) => {
    let applied = 0;
    const entries = entriesByKey(current);
    const proposed = entriesByKey(pending);
    for (const change of group) {
      const next = proposed.get(change.key);
      if (change.kind === 'removed') {
        if (!next && entries.delete(change.key)) applied++;
      } else if (next) {
        entries.set(change.key, next);
        applied++;
      }
    }
    const updated: Snapshot = { header: pending.header, entries: sorted(entries.values()) };
    writeSnapshotFile(snapshotPath, updated);
    settle(snapshotPath, updated, pending);
    return applied;
  });
}

/** Rejects changes: the pending file goes back to the snapshot's entry for each sample. */
export function rejectPending(changes: PendingChange | PendingChange[]): number {
  return eachPendingFile(changes, (snapshotPath, group, pending, current) => {
    const entries = entriesByKey(pending);
    const old = entriesByKey(current);
    for (const change of group) {
      const before = old.get(change.key);
      if (before) entries.set(change.key, before);
      else entries.delete(change.key);
    }
    settle(snapshotPath, current, { header: pending.header, entries: sorted(entries.values()) });
    return group.length;
  });
}

/** Applies decisions file by file: changes whose pending file is gone are skipped. Returns how many were applied. */
function eachPendingFile(
  changes: PendingChange | PendingChange[],
  apply: (snapshotPath: string, group: PendingChange[], pending: Snapshot, current: Snapshot | undefined) => number,
): number {
  let applied = 0;
  for (const [snapshotPath, group] of groupByFile(changes)) {
    const pendingPath = pendingPathOf(snapshotPath);
    if (!fs.existsSync(pendingPath)) continue;
    const pending = readSnapshotFile(pendingPath);
    const current = fs.existsSync(snapshotPath) ? readSnapshotFile(snapshotPath) : undefined;
    applied += apply(snapshotPath, group, pending, current);
  }
  return applied;
}
