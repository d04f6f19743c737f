// A bound on the main thread's heap during bulk runs. What a stream of samples leaves behind
// (texts waiting on the workers, parsed records, results) lives long enough to reach V8's old
// generation, which V8 lets grow lazily: on a 30 MB JSONL `report` the main heap reached 190 MB
// between full collections that left about 45 MB alive, and the process's peak RSS followed.
// A process cannot lower its own heap limit once started (`--max-old-space-size` is read at
// start-up), so the stream asks for a full collection itself when the heap holds HEADROOM more
// than the last one left (at least FLOOR): one collection of 40-120 ms per HEADROOM of garbage.

import v8 from 'node:v8';
import vm from 'node:vm';

const FLOOR = 64 * 2 ** 20;
const HEADROOM = 32 * 2 ** 20;

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
  private threshold = FLOOR;

  /** Called between batches: a full collection when the heap has grown past the threshold. */
  check(): void {
    if (v8.getHeapStatistics().used_heap_size < this.threshold) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.threshold = Math.max(FLOOR, v8.getHeapStatistics().used_heap_size + HEADROOM);
  }
}
