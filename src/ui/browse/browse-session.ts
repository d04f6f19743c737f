// The corpus session behind `tokpeek browse`'s screen, built from the command's options. Kept
// apart from the screen's modules (Ink, React) so the corpus starts streaming in while they load.

import type { Io } from '../../io.js';
import type { ReadOptions } from '../../corpus/read-corpus.js';
import { shownSamples } from '../../corpus/shown-samples.js';
import type { ChatRenderer } from '../../core/chat/apply-template.js';
import { type LoadedTokenizer, loadTokenizer } from '../../tokenizers/load.js';
import { defaultWorkers } from '../../tokenizers/pool.js';
import { CorpusSession } from './corpus-session.js';
import type { BaselineMatch, BrowsedTokenizer } from './snapshot-baseline.js';
import type { ThemeName } from '../theme.js';

export interface BrowseScreenOptions {
  files: string[];
  read: ReadOptions;
  /** Renders chat records (the first tokenizer's template, or --chat-template); none: text only. */
  renderer?: ChatRenderer | undefined;
  /** One entry, or two to compare (`suiteName`: browsed by the suite's name for it). */
  tokenizers: BrowsedTokenizer[];
  maxLength?: number | undefined;
  truncationSide: 'left' | 'right';
  /** The drift markers' snapshot per tokenizer (snapshot-baseline.ts), or why none. */
  baseline?: ((t: BrowsedTokenizer) => BaselineMatch) | undefined;
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
    ...(options.baseline
      ? { baseline: (_: LoadedTokenizer, k: number) => options.baseline!(options.tokenizers[k]!) }
      : {}),
  });
}
