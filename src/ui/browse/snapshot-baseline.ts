// What the browse screen's drift markers (Δ) compare each tokenizer against: its snapshots in
// the suite, found by the suite's name for the tokenizer (the snapshot folder), so an edited
// spec (a new tokenizer version under the same name) is compared with what was snapshotted
// before — which is the point of the marker. When nothing can be compared, the reason, for the
// screen to show instead of an empty drift filter.

import path from 'node:path';
import { SNAPSHOT_EXTENSION, type Snapshot } from '../../core/snapshot/format.js';
import { sampleKey } from '../../core/snapshot/sample-key.js';
import type { EngineName } from '../../core/token-model.js';
import { plural } from '../../core/quantities.js';
import type { Suite } from '../../snapshot/config-file.js';
import { listFiles, readSnapshotFile } from '../../snapshot/store.js';

export interface Baseline {
  /** The snapshot's ids of a sample, by its text. */
  ids(text: string): readonly number[] | undefined;
  /** Taken without special tokens: the tokens the screen's tokenizer inserts are left out before comparing. */
  withoutInserted: boolean;
  /** Where the ids come from, e.g. `snapshots/t (2 files, js)`. */
  source: string;
}

export type BaselineMatch = { baseline: Baseline } | { reason: string };

/** A tokenizer the screen shows: a suite tokenizer's name when browsed by one. */
export interface BrowsedTokenizer {
  spec: string;
  engine: EngineName;
  suiteName?: string | undefined;
}

/** The suite's snapshot files, read once for all tokenizers of a screen. */
export function snapshotBaselines(suite: Suite | undefined, cwd: string): (t: BrowsedTokenizer) => BaselineMatch {
  if (!suite) return () => ({ reason: 'no snapshot suite here (tokpeek.config.json); -c FILE names one' });
  const shown = path.relative(cwd, suite.snapshotDir) || '.';
  let snapshots: Snapshot[] | undefined;
  return (t) => {
    snapshots ??= listFiles(suite.snapshotDir, SNAPSHOT_EXTENSION).map((f) => readSnapshotFile(f));
    const name = t.suiteName ?? suite.config.tokenizers.find((c) => c.spec === t.spec)?.name;
    const mine = snapshots.filter((s) => (name !== undefined ? s.header.tokenizer === name : s.header.spec === t.spec));
    if (mine.length === 0) {
      const names = [...new Set(snapshots.map((s) => s.header.tokenizer))];
      const has = names.length ? ` (it has: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''})` : '';
      return {
        reason:
          name !== undefined
            ? `no snapshot of "${name}" in ${shown}/${has}; tokpeek snapshot takes them`
            : `no snapshot in ${shown}/ was taken with ${t.spec}${has}; -t NAME browses a suite tokenizer`,
      };
    }
    // Ids cut at max_length are not what the screen tokenizes (it truncates in the view).
    const whole = mine.filter((s) => s.header.options.maxLength === undefined);
    if (whole.length === 0)
      return {
        reason: `the snapshots of "${mine[0]!.header.tokenizer}" are cut at max_length=${mine[0]!.header.options.maxLength}: whole tokenizations cannot be compared with them`,
      };
    // One kind of snapshot: the same engine when there is one, special tokens added when there are both.
    const sameEngine = whole.filter((s) => s.header.engine === t.engine);
    const pool = sameEngine.length ? sameEngine : whole;
    const withSpecials = pool.filter((s) => s.header.options.addSpecialTokens);
    const chosen = withSpecials.length ? withSpecials : pool;
    const ids = new Map<string, readonly number[]>();
    for (const s of chosen) for (const e of s.entries) ids.set(e.key, e.ids);
    const h = chosen[0]!.header;
    const engines = [...new Set(chosen.map((s) => s.header.engine))].join('+');
    return {
      baseline: {
        ids: (text) => ids.get(sampleKey(text)),
        withoutInserted: !h.options.addSpecialTokens,
        source: `${shown}/${h.tokenizer} (${plural(chosen.length, 'file')}, ${engines}${h.options.addSpecialTokens ? '' : ', no special tokens'})`,
      },
    };
  };
}

/** Whether `ids` (with `inserted` flags, as the screen tokenized them) differ from the baseline's. */
export function driftsFrom(
  expected: readonly number[],
  ids: readonly number[],
  inserted: (i: number) => boolean,
  withoutInserted: boolean,
): boolean {
  const got = withoutInserted ? ids.filter((_, i) => !inserted(i)) : ids;
  return expected.length !== got.length || expected.some((id, i) => id !== got[i]);
}
