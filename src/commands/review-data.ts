// What review mode shows beside each pending change, read from the suite's files: the lines of
// the live corpus its samples are on, and what changed in the tokenizer (snapshot headers).

import type { PendingChange } from '../core/snapshot/pending-changes.js';
import { compareDigests } from '../core/snapshot/tokenizer-changes.js';
import { changeLines } from '../render/drift-text.js';
import type { Suite } from '../snapshot/config-file.js';
import { corpusFiles, keyedSamples } from '../snapshot/corpus-samples.js';
import { digestOfHeader } from '../core/snapshot/tokenizer-digest.js';
import { readSnapshotHeader } from '../snapshot/snapshot-file.js';

/**
 * What changed in the tokenizer between a snapshot and its pending file, from their headers'
 * section digests: the `tokenizer changed:` lines `check` prints. Read once per snapshot file.
 */
export function tokenizerExplanations(): (change: PendingChange) => string[] {
  const cache = new Map<string, string[]>();
  return (change) => {
    let lines = cache.get(change.snapshotPath);
    if (!lines) {
      lines = [];
      try {
        const before = readSnapshotHeader(change.snapshotPath);
        const after = readSnapshotHeader(change.pendingPath);
        if (before && after)
          lines = changeLines(
            compareDigests(digestOfHeader(before), digestOfHeader(after), {
              fingerprintChanged: before.fingerprint !== after.fingerprint,
              engine: after.engine,
            }),
          );
      } catch {
        // A header that cannot be read explains nothing; the change itself is still shown.
      }
      cache.set(change.snapshotPath, lines);
    }
    return lines;
  };
}

/** Stop looking for lines after this long: a huge corpus shows file names only. */
const LOCATE_MS = 3000;

/**
 * `file:line` of each change's sample in the live corpus, as `check` prints it (snapshots
 * record the file only). Reads each corpus once, until every sample asked for is found.
 */
async function locateChanges(changes: PendingChange[], suite: Suite): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const deadline = Date.now() + LOCATE_MS;
  for (const corpus of suite.config.corpora) {
    const wanted = new Set(changes.filter((c) => c.corpus === corpus.name && c.kind !== 'removed').map((c) => c.key));
    if (wanted.size === 0) continue;
    try {
      for await (const s of keyedSamples(corpusFiles(corpus, suite.dir, suite.file), corpus)) {
        if (wanted.delete(s.key)) found.set(`${corpus.name}#${s.key}`, `${s.location}:${s.line}`);
        if (wanted.size === 0 || Date.now() > deadline) break;
      }
    } catch {
      // A corpus that cannot be read now: its changes show the file the snapshot names.
    }
  }
  return found;
}

/** The changes with `file:line` locations where the live corpus still has their samples. */
export async function withLiveLocations(changes: PendingChange[], suite: Suite): Promise<PendingChange[]> {
  const lines = await locateChanges(changes, suite);
  return changes.map((c) => {
    const at = lines.get(`${c.corpus}#${c.key}`);
    return at ? { ...c, location: at } : c;
  });
}
