// The progress line on stderr for long runs (report, snapshot, check, diff): drawn only on a
// terminal and never in CI (the one CI policy), at most ten times a second, in human units
// (12.3 MiB/s, 1,234 samples; see render/progress.ts), and cleared before anything else is
// printed to the same screen.

import { ciPolicy } from '../ci-policy.js';
import type { Io } from '../io.js';
import { type ProgressState, formatProgress } from '../render/progress.js';

/** Whether a progress line may be drawn: stderr is a terminal, this is not CI, and it was not turned off. */
export function progressWanted(io: Io, off = false): boolean {
  return !off && Boolean(io.stderr.isTTY) && !ciPolicy(io.env).ci;
}

export class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
  ) {}

  update(state: ProgressState): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.shown = true;
    const width = (this.io.stderr as { columns?: number }).columns ?? 80;
    this.io.stderr.write(`\r${formatProgress(state, width)}\x1b[K`);
  }

  clear(): void {
    if (this.shown) this.io.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

/**
 * Progress over the corpus bytes of a whole run (snapshot, check, diff): `total` bytes, each
 * subject (tokenizer × corpus) read from the start of its files; `sample(position)` with the
 * bytes of the subject's files read so far, `subjectDone(bytes)` when one is finished.
 */
export class CorpusProgress {
  private readonly bar: Progress;
  private readonly started = Date.now();
  private base = 0;
  private samples = 0;
  constructor(
    io: Io,
    private readonly label: string,
    private readonly total: number,
    /** `check --ci`: as in CI, no bar. */
    ci = false,
  ) {
    this.bar = new Progress(io, progressWanted(io, ci));
  }

  sample(position: number): void {
    this.samples++;
    this.bar.update({
      done: this.base + position,
      total: this.total,
      unit: 'bytes',
      samples: this.samples,
      elapsedMs: Date.now() - this.started,
      label: this.label,
    });
  }

  subjectDone(bytes: number): void {
    this.base += bytes;
  }

  /** Before a line is printed to the screen the bar is on (and at the end). */
  clear(): void {
    this.bar.clear();
  }
}
