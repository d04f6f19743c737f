// The corpus session behind `tokpeek browse`'s screen, built from the command's options. Kept
// apart from the screen's modules (Ink, React) so the corpus starts streaming in while they load.

import type { Io } from '../../io.js';
import type { ReadOptions } from '../../corpus/read-corpus.js';
import { shownSamples } from '../../corpus/shown-samples.js';
import type { ChatRenderer } from '../../core/chat/apply-template.js';
import type { EngineName } from '../../core/token-model.js';
import { type LoadedTokenizer, loadTokenizer } from '../../tokenizers/load.js';
import { defaultWorkers } from '../../tokenizers/pool.js';
import { CorpusSession, type SessionOptions } from './corpus-session.js';
import { sampleKey } from '../../core/snapshot/sample-key.js';
import { SNAPSHOT_EXTENSION } from '../../core/snapshot/format.js';
import { listFiles, readSnapshotFile } from '../../snapshot/store.js';
import type { Suite } from '../../snapshot/config-file.js';
import type { ThemeName } from '../theme.js';

export interface BrowseScreenOptions {
  files: string[];
  read: ReadOptions;
  /** Renders chat records (the first tokenizer's template, or --chat-template); none: text only. */
  renderer?: ChatRenderer | undefined;
  /** One entry, or two to compare. */
  tokenizers: Array<{ spec: string; engine: EngineName }>;
  maxLength?: number | undefined;
  truncationSide: 'left' | 'right';
  snapshotIds?: SessionOptions['snapshotIds'];
  /** --theme; else detected (theme-detect.ts). */
  theme?: ThemeName | undefined;
  /** Open on the first sample at or after this line (row) of the first file. */
  startLine?: number | undefined;
}

/** The session behind the screen; `browse` starts it before the screen's modules are even loaded. */
export function browseSession(options: BrowseScreenOptions, io: Io): CorpusSession {
  return new CorpusSession({
    // As report reads them; nothing to show is an input error, not an empty screen.
    samples: shownSamples(options.files, options.read, { renderer: options.renderer }),
    loadTokenizers: async () => {
      const out: LoadedTokenizer[] = [];
      for (const t of options.tokenizers) out.push(await loadTokenizer(t.spec, t.engine, io.env));
      return out;
    },
    // Leave a core for the screen itself.
    workers: Math.max(1, Math.floor((defaultWorkers() - 1) / options.tokenizers.length)),
    snapshotIds: options.snapshotIds,
  });
}

/**
 * Drift markers from a snapshot suite: for each browsed tokenizer, the ids its snapshots hold
 * for each sample (by sample key). A snapshot counts when it was taken with the same spec and
 * engine and with special tokens added (as the screen tokenizes); with none, no drift is shown.
 */
export function suiteSnapshotIds(suite: Suite): NonNullable<SessionOptions['snapshotIds']> {
  return (tokenizer) => {
    const ids = new Map<string, readonly number[]>();
    for (const file of listFiles(suite.snapshotDir, SNAPSHOT_EXTENSION)) {
      const snapshot = readSnapshotFile(file);
      const h = snapshot.header;
      if (h.spec !== tokenizer.source.spec || h.engine !== tokenizer.engine.name || !h.options.addSpecialTokens)
        continue;
      for (const e of snapshot.entries) ids.set(e.key, e.ids);
    }
    return ids.size ? (text) => ids.get(sampleKey(text)) : undefined;
  };
}
