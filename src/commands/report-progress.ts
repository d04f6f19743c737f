// report's progress bar on stderr.

import type { Io } from '../io.js';
import { formatProgress } from '../render/progress.js';
export class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
  ) {}

  update(state: Parameters<typeof formatProgress>[0]): void {
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
  }
}
