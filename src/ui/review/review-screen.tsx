// Runs review mode full-screen; returns the final state for the command's summary line.

import type { Io } from '../../io.js';
import { colorEnabled } from '../../io.js';
import type { PendingChange } from '../../snapshot/store.js';
import { runFullScreen, signalExitCode } from '../terminal.js';
import { ThemeContext } from '../theme.js';
import { ReviewApp } from './review-app.js';
import { type Decision, type ReviewState, initialReview } from './review-state.js';

export async function reviewScreen(
  changes: PendingChange[],
  decide: (changes: PendingChange[], d: Decision) => void,
  io: Io,
): Promise<{ state: ReviewState; code: number | undefined }> {
  let final = initialReview(changes.length);
  // Decisions are on disk as soon as they are made; this only feeds the summary line.
  const record = (changes: PendingChange[], d: Decision) => decide(changes, d);
  const { signal } = await runFullScreen(
    <ThemeContext.Provider value={{ color: colorEnabled(io) }}>
      <ReviewApp changes={changes} decide={record} onQuit={(s) => (final = s)} />
    </ThemeContext.Provider>,
    io,
  );
  return { state: final, code: signalExitCode(signal) };
}
