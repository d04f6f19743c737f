// `tokpeek browse` in a terminal: opens the browse screen on a corpus session and returns when
// the user quits. Errors that end the screen (unreadable corpus, tokenizer that cannot load)
// are re-thrown after the terminal is restored, so src/cli.ts reports them as usual.

import type { Io } from '../../io.js';
import { BrowseApp } from './browse-app.js';
import type { BrowseScreenOptions } from './browse-session.js';
import type { CorpusSession } from './corpus-session.js';
import { runFullScreen, signalExitCode } from '../terminal.js';
import { ThemeContext } from '../theme.js';
import { chooseTheme } from '../theme-detect.js';

export async function browseScreen(session: CorpusSession, options: BrowseScreenOptions, io: Io): Promise<number> {
  const labels = options.tokenizers.map((t) =>
    options.tokenizers.length === 2 && options.tokenizers[0]!.spec === options.tokenizers[1]!.spec
      ? `${t.suiteName ?? t.spec} ${t.engine}`
      : (t.suiteName ?? t.spec),
  );
  try {
    const theme = await chooseTheme(io, options.theme);
    const { signal } = await runFullScreen(
      <ThemeContext.Provider value={theme}>
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
