// `tokpeek browse` in a terminal: opens the browse screen on a corpus session and returns when
// the user quits. Errors that end the screen (unreadable corpus, tokenizer that cannot load)
// are re-thrown after the terminal is restored, so src/cli.ts reports them as usual.

import type { Io } from '../../io.js';
import { BrowseApp } from './browse-app.js';
import type { CorpusSession } from './corpus-session.js';
import { runFullScreen, signalExitCode } from '../terminal.js';
import type { ReadOptions } from '../../corpus/read-corpus.js';
import type { ChatRenderer } from '../../core/chat/apply-template.js';
import type { BaselineMatch, BrowsedTokenizer } from './snapshot-baseline.js';
import { type Theme, ThemeContext } from '../theme.js';
import type { ThemeName } from '../theme-names.js';
import { chooseTheme } from '../theme-detect.js';

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

/** `theme`: the one chosen already (the command asks the terminal while this module loads). */
export async function browseScreen(
  session: CorpusSession,
  options: BrowseScreenOptions,
  io: Io,
  theme: Promise<Theme> = chooseTheme(io, options.theme),
): Promise<number> {
  const labels = options.tokenizers.map((t) =>
    options.tokenizers.length === 2 && options.tokenizers[0]!.spec === options.tokenizers[1]!.spec
      ? `${t.suiteName ?? t.spec} ${t.engine}`
      : (t.suiteName ?? t.spec),
  );
  try {
    const chosen = await theme;
    const { signal } = await runFullScreen(
      <ThemeContext.Provider value={chosen}>
        <BrowseApp
          session={session}
          labels={labels}
          maxLength={options.maxLength}
          truncationSide={options.truncationSide}
          startLine={options.startLine}
        />
      </ThemeContext.Provider>,
      io,
    );
    return signalExitCode(signal) ?? 0;
  } finally {
    await session.close();
  }
}
