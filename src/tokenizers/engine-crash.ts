// A Rust panic is one sample's error: the pool's worker processes die on a panic (see
// process-worker.ts), and the batch a worker died on is encoded again one text at a time to
// find the sample (file:line) that crashes the engine.

import { EngineCrashError } from '../errors.js';
import type { RawEncoding } from '../core/token-model.js';
import type { BatchOptions } from './pool-options.js';

/** "file:line" of an item the pool encodes (a corpus sample, a keyed snapshot sample, or one wrapping either). */
export function whereOf(item: unknown): string | undefined {
  const outer = item as { sample?: unknown } | undefined;
  const s = (outer?.sample ?? outer) as { file?: string; location?: string; line?: number } | undefined;
  const file = s?.file ?? s?.location;
  return file !== undefined && s?.line !== undefined ? `${file}:${s.line}` : undefined;
}

/**
 * A batch failed because its worker process died. A batch that was only waiting on that
 * worker is encoded again; the batch it died on is encoded one text at a time (each crash
 * costs a fresh worker), so the error names the one sample (file:line) that crashes the
 * engine. Should none crash alone, their encodings stand and the run goes on.
 */
export async function afterCrash<T>(
  batch: { items: T[]; texts: string[]; options: BatchOptions },
  e: EngineCrashError,
  encode: (texts: string[], options: BatchOptions) => Promise<RawEncoding[]>,
): Promise<{ items: T[]; encodings: RawEncoding[] }> {
  const { items, texts, options } = batch;
  if (e.texts !== texts) return { items, encodings: await encode(texts, options) };
  const encodings: RawEncoding[] = [];
  for (const [i, text] of texts.entries()) {
    try {
      encodings.push(...(await encode([text], options)));
    } catch (crash) {
      if (!(crash instanceof EngineCrashError)) throw crash;
      throw new EngineCrashError(crash.crash, [text], whereOf(items[i]) ?? `sample ${i + 1} of its batch`);
    }
  }
  return { items, encodings };
}
