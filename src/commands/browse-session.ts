// The corpus session behind `tokpeek browse`'s screen, built from the command's options: the
// command reads the corpus, loads the tokenizers, opens their worker pools and reads the suite's
// snapshots for the drift markers; the screen shows what they give. Kept apart from the screen's modules (Ink, React) so the corpus starts
// streaming in while they load.

import type { Io } from '../io.js';
import { shownSamples } from '../corpus/shown-samples.js';
import { type LoadedTokenizer, loadTokenizer, tokenizeTexts } from '../tokenizers/load.js';
import { TokenizerPool } from '../tokenizers/pool.js';
import type { ScreenWorkers } from './browse-workers.js';
import { CorpusSession } from '../ui/browse/corpus-session.js';
import type { SessionTokenizing } from '../ui/browse/session-options.js';
import type { BrowseScreenOptions } from '../ui/browse/browse-screen.js';
import type { BaselineMatch, BrowsedTokenizer } from '../ui/browse/snapshot-baseline.js';
import path from 'node:path';
import { SNAPSHOT_EXTENSION } from '../core/snapshot/format.js';
import { plural } from '../core/quantities.js';
import type { Suite } from '../snapshot/config-file.js';
import { listFiles } from '../snapshot/store.js';
import { type SnapshotFileIndex, readSnapshotIndex } from '../snapshot/snapshot-file.js';

/** Tokenizing for a session: the tokenizer's worker pool, or this thread. */
export const SESSION_TOKENIZING: SessionTokenizing = {
  openPool: (tokenizer, options) => TokenizerPool.open(tokenizer, options),
  tokenizeHere: async (tokenizer, text, addSpecialTokens) =>
    (await tokenizeTexts(tokenizer, [text], { addSpecialTokens }))[0]!,
};

/** The session behind the screen, over the pools `startScreenWorkers` started (loading already). */
export function browseSession(options: BrowseScreenOptions, io: Io, screenWorkers: ScreenWorkers): CorpusSession {
  const { workers, early } = screenWorkers;
  const opened = new Map<LoadedTokenizer, TokenizerPool>();
  const session = new CorpusSession({
    // As report reads them; nothing to show is an input error, not an empty screen.
    samples: shownSamples(options.files, options.read, { renderer: options.renderer }),
    loadTokenizers: async () => {
      if (early) {
        const pools = await Promise.all(early.values());
        return [...early.keys()].map((t, k) => {
          const shown = withPoolVocabulary(t, pools[k]!);
          opened.set(shown, pools[k]!);
          return shown;
        });
      }
      const out: LoadedTokenizer[] = [];
      for (const t of options.tokenizers) out.push(await loadTokenizer(t.spec, t.engine, io.env));
      return out;
    },
    loadsElsewhere: early !== undefined,
    workers,
    tokenizing: {
      ...SESSION_TOKENIZING,
      openPool: async (tokenizer, o) => opened.get(tokenizer) ?? SESSION_TOKENIZING.openPool(tokenizer, o),
    },
    ...(options.baseline
      ? { baseline: (_: LoadedTokenizer, k: number) => options.baseline!(options.tokenizers[k]!) }
      : {}),
  });
  // Pools the session never took (the screen closed before the load began) are closed with it.
  const close = session.close.bind(session);
  session.close = async () => {
    await close();
    await screenWorkers.close();
  };
  return session;
}

/** A lazy tokenizer that describes tokens by its pool's vocabulary profile (kilobytes) instead of its files. */
function withPoolVocabulary(tokenizer: LoadedTokenizer, pool: TokenizerPool): LoadedTokenizer {
  const shown = Object.create(tokenizer) as LoadedTokenizer;
  Object.defineProperty(shown, 'vocabulary', { get: () => pool.vocabulary ?? tokenizer.vocabulary });
  return shown;
}

/**
 * The suite's snapshot files for all tokenizers of a screen, read as streams: each is indexed
 * (header, keys, block offsets) and held open; the chosen ones are parsed through once, a block at
 * a time, so that a damaged one stops the screen's load as it stops `check`; then a sample's ids
 * are read from its block when the screen counts it. Memory is bounded by the keys, not the files.
 */
export function snapshotBaselines(suite: Suite | undefined, cwd: string): (t: BrowsedTokenizer) => BaselineMatch {
  if (!suite) return () => ({ reason: 'no snapshot suite here (tokpeek.config.json); -c FILE names one' });
  const shown = path.relative(cwd, suite.snapshotDir) || '.';
  // Held open for the screen's life (one descriptor per file of the suite's snapshot folder).
  let snapshots: SnapshotFileIndex[] | undefined;
  const checked = new Set<SnapshotFileIndex>();
  return (t) => {
    if (!snapshots) {
      const opened: SnapshotFileIndex[] = [];
      try {
        for (const f of listFiles(suite.snapshotDir, SNAPSHOT_EXTENSION))
          opened.push(readSnapshotIndex(f, path.relative(cwd, f) || f));
      } catch (e) {
        for (const s of opened) s.close();
        throw e;
      }
      snapshots = opened;
    }
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
    for (const s of chosen) {
      if (checked.has(s)) continue;
      checked.add(s);
      for (const _ of s.entries()); // parsed and dropped: damage is found here, not mid-screen
    }
    const h = chosen[0]!.header;
    const engines = [...new Set(chosen.map((s) => s.header.engine))].join('+');
    return {
      baseline: {
        ids: (key) => {
          for (const s of chosen) if (s.has(key)) return s.entry(key)?.ids;
          return undefined;
        },
        withoutInserted: !h.options.addSpecialTokens,
        source: `${shown}/${h.tokenizer} (${plural(chosen.length, 'file')}, ${engines}${h.options.addSpecialTokens ? '' : ', no special tokens'})`,
      },
    };
  };
}
