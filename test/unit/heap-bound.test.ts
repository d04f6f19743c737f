import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapBound } from '../../src/tokenizers/heap-bound.js';

describe('HeapBound', () => {
  it('collects the garbage of a stream once the heap holds more than its threshold', () => {
    const bound = new HeapBound();
    // About 100 MB of objects, then let go of them: garbage V8 would keep until its own next full collection.
    let garbage: Array<{ text: string }> | null = Array.from({ length: 1_000_000 }, (_, i) => ({
      text: `sample ${i} `.repeat(4),
    }));
    expect(garbage.length).toBe(1_000_000);
    garbage = null;
    const before = v8.getHeapStatistics().used_heap_size;
    expect(before).toBeGreaterThan(96 * 2 ** 20);
    bound.check();
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 64 * 2 ** 20);
  });
});
