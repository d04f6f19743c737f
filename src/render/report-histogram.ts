// The figures both report renderers draw: the length histogram as lines of block characters
// (the text report colours it on a terminal, the markdown report shows it in a code block, with
// the same legend), and the precision that makes the recommendation rows read apart.

import type { Report } from '../core/report/build.js';
import { pct, statistic } from '../core/quantities.js';
import { RED, YELLOW, styled } from './sgr.js';

/** The legend of a recommendation row labelled `p95 ↑8`. */
export const ROUNDED_UP_LEGEND = 'pNN ↑8: that percentile of the lengths, rounded up to a multiple of 8';

/** The fewest decimals (1 to 4) at which percentages that differ also read differently. */
export function distinctDigits(rates: number[]): number {
  for (let d = 1; d < 4; d++) {
    const seen = new Map<string, number>();
    let ok = true;
    for (const r of rates) {
      const s = pct(r, d);
      const before = seen.get(s);
      if (before !== undefined && before !== r) ok = false;
      seen.set(s, r);
    }
    if (ok) return d;
  }
  return 4;
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

/**
 * The length histogram as columns of block characters, the max_length column marked with
 * `┃`, and an axis underneath. Bins are merged to fit the width.
 */
export function histogramLines(report: Report, width: number, color: boolean, height = 6): string[] {
  const { bins, upTo } = report.lengths.histogram;
  if (!bins.length || report.lengths.count === 0) return [];
  const room = Math.max(10, Math.min(bins.length, width - 4));
  const group = Math.ceil(bins.length / room);
  const cols: Array<{ from: number; to: number; count: number }> = [];
  for (let i = 0; i < bins.length; i += group) {
    const part = bins.slice(i, i + group);
    cols.push({ from: part[0]!.from, to: part[part.length - 1]!.to, count: part.reduce((a, b) => a + b.count, 0) });
  }
  const peak = Math.max(...cols.map((c) => c.count), 1);
  const max = report.truncation?.maxLength;
  const markAt = max === undefined ? -1 : cols.findIndex((c) => max >= c.from && max <= c.to);
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let line = '';
    cols.forEach((c, i) => {
      const level = (c.count / peak) * height - row;
      const ch =
        c.count > 0 && row === 0 && level < 1 / 8
          ? BLOCKS[1]!
          : BLOCKS[Math.max(0, Math.min(8, Math.round(level * 8)))]!;
      if (i === markAt && ch === ' ') line += styled(color, YELLOW, '┃');
      else line += i > markAt && markAt >= 0 ? styled(color, RED, ch) : ch;
    });
    lines.push('  ' + line);
  }
  // Axis: the bottom of the range on the left, the top on the right, max_length under its column.
  const { scale } = report.lengths.histogram;
  const axisWidth = cols.length;
  const longest = report.lengths.max ?? 0;
  const overflow = scale === 'linear' && longest > upTo;
  const right = `${statistic(upTo)}${overflow ? '+' : ''}`;
  const axis = Array.from({ length: axisWidth + right.length }, () => ' ');
  const put = (at: number, s: string) => {
    for (let k = 0; k < s.length && at + k < axis.length; k++) axis[at + k] = s[k]!;
  };
  put(0, '0');
  put(Math.max(2, axisWidth - right.length), right);
  if (markAt >= 0) {
    const label = `┃ ${statistic(max)}`;
    const at = Math.min(markAt, axisWidth - label.length);
    if (at > 2 && at + label.length < axisWidth - right.length) put(at, label);
    else put(markAt, '┃');
  }
  lines.push('  ' + axis.join('').trimEnd());
  // The legend: every mark on the chart, said once.
  const first = cols[0]!;
  const last = cols[cols.length - 1]!;
  const wide = (c: { from: number; to: number }) => statistic(c.to - c.from + 1);
  const columns =
    scale === 'log'
      ? `log scale (a long tail): columns from ${wide(first)} to ${wide(last)} tokens wide, each about ×${((last.to + 1) / Math.max(1, last.from)).toFixed(2)} the one before`
      : `${cols.length} columns of ${wide(first)} tokens`;
  lines.push(`  tokens per sample · ${statistic(report.lengths.count)} samples · ${columns}`);
  const marks = [
    markAt >= 0
      ? `┃ max_length ${statistic(max)}${color ? ', columns after it (red) are cut' : ', columns after it are cut'}`
      : '',
    overflow
      ? `${right}: the last column also holds the samples longer than ${statistic(upTo)} (up to ${statistic(longest)})`
      : '',
    '▁: at least one sample',
  ].filter(Boolean);
  lines.push(`  ${marks.join(' · ')}`);
  return lines;
}
