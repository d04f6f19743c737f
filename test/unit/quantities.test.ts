// How counts, statistics and shares read in every output: one implementation each (core/quantities.ts).
import { describe, expect, it } from 'vitest';
import { formatBytes, pct, plural, statistic, thousands } from '../../src/core/quantities.js';
import { actualText, parseFailOn } from '../../src/core/report/fail-on.js';

describe('quantities', () => {
  it('groups thousands the same on every machine, with fixed decimals when asked', () => {
    expect(thousands(1234567)).toBe('1,234,567');
    expect(thousands(1234.5, 2)).toBe('1,234.50');
    expect(thousands(3.456, 1)).toBe('3.5');
  });

  it('shows a missing statistic as a dash', () => {
    expect(statistic(null)).toBe('–');
    expect(statistic(undefined, 1)).toBe('–');
    expect(statistic(0)).toBe('0');
    expect(statistic(12345.678, 2)).toBe('12,345.68');
  });

  it('pluralizes with grouped counts', () => {
    expect(plural(1, 'token')).toBe('1 token');
    expect(plural(1200, 'token')).toBe('1,200 tokens');
    expect(plural(2, 'corpus', 'corpora')).toBe('2 corpora');
  });

  it('reads shares adaptively, or with the decimals a column needs', () => {
    expect(pct(0)).toBe('0%');
    expect(pct(0.00001)).toBe('<0.01%');
    expect(pct(0.05)).toBe('5.00%');
    expect(pct(0.5)).toBe('50.0%');
    expect(pct(0.12345, 3)).toBe('12.345%');
    expect(pct(1, 3)).toBe('100%');
  });

  it('formats byte sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 << 20)).toBe('3.0 MiB');
  });

  it('shows a --fail-on value one way in every output', () => {
    expect(actualText({ condition: parseFailOn('truncated>1%'), actual: 12.5 })).toBe('12.5%');
    expect(actualText({ condition: parseFailOn('truncated>1%'), actual: 100 / 3 })).toBe('33.333%');
    expect(actualText({ condition: parseFailOn('truncated>10'), actual: 1234 })).toBe('1,234');
    expect(actualText({ condition: parseFailOn('mean>10'), actual: 12.345 })).toBe('12.3');
  });
});
