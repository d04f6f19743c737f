import { describe, expect, it } from 'vitest';
import { pct } from '../../src/core/quantities.js';
import { distinctDigits } from '../../src/render/report-histogram.js';

describe('the recommendation rows read apart', () => {
  it('takes as many decimals as it takes for different rates to print differently (99.0% next to 99.0% says nothing)', () => {
    expect(distinctDigits([0.5, 0.75, 1])).toBe(1);
    const rates = [0.99, 0.9904, 0.99041, 1];
    const digits = distinctDigits(rates);
    expect(digits).toBe(3);
    expect(rates.map((r) => pct(r, digits))).toEqual(['99.000%', '99.040%', '99.041%', '100%']);
    // Equal rates may read alike.
    expect(distinctDigits([0.25, 0.25, 0.5])).toBe(1);
  });
});
