// Bounds on the heaps of a bulk run (the main thread and each pool worker). What a stream of
// samples leaves behind (texts waiting on the workers, parsed records, results; in a worker, each
// batch's encodings) lives long enough to reach V8's old generation, which V8 lets grow lazily:
// over a 100 MB JSONL `report` each worker's heap grew to 65-85 MB around 17 MB alive, and the
// main thread's to 100-140 MB. A process cannot lower its own heap limits once started
// (`--max-old-space-size` and `--max-semi-space-size` are read at start-up), so:
//  - the stream asks for a full collection itself when the heap holds `headroom` (or half the
//    live heap, if more) more than the last collection left, and at least `floor`;
//  - young generations stay at the size they have when the run starts (keepYoungGenerationsSmall).

import v8 from 'node:v8';
import vm from 'node:vm';

const MiB = 2 ** 20;

let collect: (() => void) | null | undefined;

/** V8's full collection, from a fresh context (`--expose-gc` made available at run time); null where unavailable. */
function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    collect = typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

export class HeapBound {
  private threshold: number;

  /** The main thread of a bulk run (its heap holds the in-flight samples and the statistics). */
  constructor(
    private readonly floor = 40 * MiB,
    private readonly headroom = 24 * MiB,
  ) {
    this.threshold = floor;
  }

  /** A pool worker: about 17 MB stays alive (the engine's stages, its word memo), the rest is each batch's garbage. */
  static forWorker(): HeapBound {
    return new HeapBound(24 * MiB, 16 * MiB);
  }

  /** Called between batches: a full collection when the heap has grown past the threshold. */
  check(): void {
    if (v8.getHeapStatistics().used_heap_size < this.threshold) return;
    const gc = collector();
    if (!gc) return;
    gc();
    // A large live heap (a worker holding a whole engine) costs more per collection: half of it again.
    const live = v8.getHeapStatistics().used_heap_size;
    this.threshold = Math.max(this.floor, live + Math.max(this.headroom, live / 2));
  }
}

/**
 * Keeps every young generation of this process at the size it has now. V8 doubles a young
 * generation (up to 32 MB on the main thread) each time enough of it has survived collections
 * since it last grew: parsing a large tokenizer.json does that at once, and a long stream does it
 * anyway, so a bulk run held 32 MB of young generation per thread that its short-lived garbage
 * does not need (peak RSS of `report` on 100 MB of JSONL, 2 workers: 240 MiB with this, 280 MiB
 * without, for the same CPU time). The growth factor, unlike the maximum size, is read each time
 * V8 grows a space; but V8 sets it back to 2 whenever it sets up a heap, so call this at the
 * start of a bulk command and again once its workers are running.
 */
export function keepYoungGenerationsSmall(): void {
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
