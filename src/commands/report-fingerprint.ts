// A report's tokenizer fingerprint, hashed a slice at a time between the texts the stream hands
// to the workers instead of before the first one: about a quarter of a second for a 200k
// vocabulary, during which two workers sat idle.

import { filesFingerprintSlices } from '../core/tokenizer-files.js';
import type { LoadedTokenizer } from '../tokenizers/load.js';

// Text handed out before the first slice (a few batches for each worker), then between two.
const FIRST_TEXTS = 1 << 18;
const BETWEEN_SLICES = 1 << 14;

/**
 * The items, with the fingerprint's slices taken in between (each a few milliseconds; the sort
 * of a 200k vocabulary's keys about 40), then the rest at their end. Once hashed, the main thread
 * lets go of tokenizer.json where the workers share a table (LoadedTokenizer.releaseModel).
 * Counted in text, not time, so that the file is let go of at the same place in every run.
 */
export async function* fingerprintBetween<T extends { text: string }>(
  items: AsyncIterable<T> | Iterable<T>,
  tok: LoadedTokenizer,
): AsyncGenerator<T> {
  let steps: Generator<void, string> | undefined;
  let done = false;
  const step = () => {
    steps ??= filesFingerprintSlices(tok.files);
    const next = steps.next();
    if (!next.done) return;
    done = true;
    steps = undefined; // it holds the files
    tok.fingerprint = next.value;
    tok.releaseModel?.();
  };
  let next = FIRST_TEXTS;
  let handed = 0;
  for await (const item of items) {
    yield item;
    handed += item.text.length;
    while (!done && handed >= next) {
      step();
      next += BETWEEN_SLICES;
    }
  }
  while (!done) step();
}
