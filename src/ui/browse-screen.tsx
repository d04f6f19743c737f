// `tokpeek browse` in a terminal: opens the browse screen on a corpus session and returns when
// the user quits. Errors that end the screen (unreadable corpus, tokenizer that cannot load)
// are re-thrown after the terminal is restored, so src/cli.ts reports them as usual.

import type { Io } from '../io.js';
import { useColor } from '../io.js';
import { type ReadOptions, type Sample, readSamples } from '../corpus/read-corpus.js';
import type { EngineName } from '../core/token-model.js';
import { type LoadedTokenizer, loadTokenizer } from '../tokenizers/load.js';
import { defaultWorkers } from '../tokenizers/pool.js';
import { BrowseApp } from './app.js';
import { CorpusSession, type SessionOptions } from './corpus-session.js';
import { runFullScreen, signalExitCode } from './terminal.js';
import { ThemeContext } from './theme.js';

export interface BrowseScreenOptions {
  files: string[];
  read: ReadOptions;
  /** One entry, or two to compare. */
  tokenizers: Array<{ spec: string; engine: EngineName }>;
  maxLength?: number | undefined;
  truncationSide: 'left' | 'right';
  snapshotIds?: SessionOptions['snapshotIds'];
}

async function* allSamples(files: string[], read: ReadOptions): AsyncGenerator<Sample> {
  for (const file of files) yield* readSamples(file, read);
}

export async function browseScreen(options: BrowseScreenOptions, io: Io): Promise<number> {
  const session = new CorpusSession({
    samples: allSamples(options.files, options.read),
    loadTokenizers: async () => {
      const out: LoadedTokenizer[] = [];
      for (const t of options.tokenizers) out.push(await loadTokenizer(t.spec, t.engine, io.env));
      return out;
    },
    // Leave a core for the screen itself.
    workers: Math.max(1, Math.floor((defaultWorkers() - 1) / options.tokenizers.length)),
    snapshotIds: options.snapshotIds,
  });
  const labels = options.tokenizers.map((t) => (options.tokenizers.length === 2 && options.tokenizers[0]!.spec === options.tokenizers[1]!.spec ? `${t.spec} ${t.engine}` : t.spec));
  session.start();
  try {
    const { signal } = await runFullScreen(
      <ThemeContext.Provider value={{ color: useColor(io) }}>
        <BrowseApp session={session} labels={labels} maxLength={options.maxLength} truncationSide={options.truncationSide} />
      </ThemeContext.Provider>,
      io,
    );
    return signalExitCode(signal) ?? 0;
  } finally {
    await session.close();
  }
}
