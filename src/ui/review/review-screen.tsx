// Runs review mode full-screen; returns the final state for the command's summary line.

import type { Io } from '../../io.js';
import type { PendingChange } from '../../core/snapshot/pending-changes.js';
import { runFullScreen, signalExitCode } from '../terminal.js';
import { ThemeContext } from '../theme.js';
import type { ThemeName } from '../theme-names.js';
import { chooseTheme } from '../theme-detect.js';
import { ReviewApp } from './review-app.js';
import { type Decision, type ReviewState, initialReview } from './review-state.js';

export async function reviewScreen(
  changes: PendingChange[],
  decide: (changes: PendingChange[], d: Decision) => void,
  io: Io,
  options: {
    theme?: ThemeName | undefined;
    /** The `tokenizer changed:` lines of a change (the command reads them from the snapshot headers). */
    explain?: ((change: PendingChange) => string[]) | undefined;
  } = {},
): Promise<{ state: ReviewState; code: number | undefined }> {
  let final = initialReview(changes.length);
  const theme = await chooseTheme(io, options.theme);
  const { signal } = await runFullScreen(
    <ThemeContext.Provider value={theme}>
      <ReviewApp changes={changes} decide={decide} onQuit={(s) => (final = s)} explain={options.explain} />
    </ThemeContext.Provider>,
    io,
  );
  return { state: final, code: signalExitCode(signal) };
}
