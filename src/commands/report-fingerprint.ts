// A report's tokenizer fingerprint, hashed a slice at a time while the stream runs instead of
// before its first text: about a quarter of a second for a 200k vocabulary, during which two
// workers sat idle.

import { filesFingerprintSlices } from '../core/tokenizer-files.js';
import type { LoadedTokenizer } from '../tokenizers/load.js';

// Text handed out before the first slice (half of what the stream keeps in flight: a third of a
// second of the workers' work); then a slice on each turn of the event loop while the workers
// have at least AHEAD characters to encode, and one per FORCED characters handed out when those
// fall more than OWED slices behind.
const FIRST_TEXTS = 1 << 20;
const AHEAD = 1 << 19;
const FORCED = 1 << 14;
const OWED = 8;

/**
 * The items, with the fingerprint's slices (each a millisecond or two) taken on turns of the
 * event loop while the workers have at least 512K characters ahead of them (`waiting`: posted or
 * queued, not yet answered; a slice on every turn starved them, as the file is read a chunk per
 * turn), and where that falls behind (short samples keep this thread busy), one per 16K
 * characters handed out, so that it is hashed within about 2.5 MB of text. Once hashed, the main
 * thread lets go of tokenizer.json where the workers share a table (releaseModel).
 */
export async function* fingerprintBetween<T extends { text: string }>(
  items: AsyncIterable<T> | Iterable<T>,
  tok: LoadedTokenizer,
  waiting: () => number,
): AsyncGenerator<T> {
  let steps: Generator<void, string> | undefined;
  let done = false;
  const step = () => {
    if (done) return;
    steps ??= filesFingerprintSlices(tok.files);
    const next = steps.next();
    if (!next.done) return;
    done = true;
    steps = undefined; // it holds the files
    tok.fingerprint = next.value;
    tok.releaseModel?.();
  };
  // Slices owed by the text handed out, which idle turns pay off before any is forced.
  let owed = 0;
  let idle: NodeJS.Immediate | undefined;
  const whenIdle = () => {
    if (waiting() >= AHEAD) {
      step();
      owed = Math.max(0, owed - 1);
    }
    idle = done ? undefined : setImmediate(whenIdle);
  };
  let next = FIRST_TEXTS;
  let handed = 0;
  try {
    for await (const item of items) {
      yield item;
      handed += item.text.length;
      if (done || handed < next) continue;
      next += FORCED;
      idle ??= setImmediate(whenIdle);
      if (++owed > OWED) {
        step();
        owed--;
      }
    }
    while (!done) step();
  } finally {
    clearImmediate(idle);
  }
}
