// The drift markers' comparison and the words for an empty drift filter (pure).

import { describe, expect, it } from 'vitest';
import { driftNote } from '../../src/ui/browse/browse-text.js';
import { driftsFrom } from '../../src/ui/browse/snapshot-baseline.js';

const none = () => false;

describe('driftsFrom', () => {
  it('compares ids, leaving out inserted tokens for snapshots taken without special tokens', () => {
    expect(driftsFrom([1, 2], [1, 2], none, false)).toBe(false);
    expect(driftsFrom([1, 2], [1, 3], none, false)).toBe(true);
    expect(driftsFrom([1, 2], [1, 2, 3], none, false)).toBe(true);
    expect(driftsFrom([5, 6], [1, 5, 6], (i) => i === 0, true)).toBe(false);
    expect(driftsFrom([5, 6], [1, 5, 6], (i) => i === 0, false)).toBe(true);
  });
});

describe('driftNote', () => {
  const baseline = { baseline: { ids: () => undefined, withoutInserted: false, source: 'snapshots/t (1 file, js)' } };
  it('gives each tokenizer’s reason when there is nothing to compare with', () => {
    expect(driftNote(['a', 'b'], [{ reason: 'no suite' }, { reason: 'no snapshot' }], 0, true)).toBe(
      'no drift markers · a: no suite · b: no snapshot',
    );
    expect(driftNote(['a'], [undefined], 0, true)).toBeUndefined();
  });
  it('says whether the samples are in the snapshot at all, and whether counting is still going on', () => {
    expect(driftNote(['a'], [baseline], 0, true)).toBe('none of these samples is in snapshots/t (1 file, js)');
    expect(driftNote(['a'], [baseline], 0, false)).toBe(
      'none of these samples is in snapshots/t (1 file, js) (so far)',
    );
    expect(driftNote(['a', 'b'], [baseline, { reason: 'no snapshot' }], 3, true)).toBe(
      'no sample differs from snapshots/t (1 file, js) (3 samples compared) · b: no snapshot',
    );
  });
});
