// Choosing max_length from a length histogram: the smallest multiple of 8 that keeps a
// chosen share of samples whole, and the trade-off around it (cut samples, lost tokens,
// padding with fixed-length padding). Counts come from the histogram: exact for lengths up
// to EXACT_MAX, and count positions beyond max_length (a tokenizer whose post-processor adds
// more special tokens than max_length is not modelled here; the streaming counts are exact).

import type { LengthHistogram } from './histogram.js';

export interface TradeOffRow {
  maxLength: number;
  /** Samples that fit whole. */
  whole: number;
  wholeRate: number;
  cut: number;
  tokensLost: number;
  tokensLostRate: number;
  /** Padding positions / all positions with every sample padded to maxLength. */
  paddingRate: number;
  /** Why this row is in the table. */
  labels: string[];
}

export interface Recommendation {
  coverage: number;
  maxLength: number;
  table: TradeOffRow[];
}

const MULTIPLE = 8;

export function roundUp(n: number, multiple = MULTIPLE): number {
  return Math.max(multiple, Math.ceil(n / multiple) * multiple);
}

export function tradeOffRow(h: LengthHistogram, maxLength: number, labels: string[] = []): TradeOffRow {
  const whole = h.countAtMost(maxLength);
  const kept = h.sumCapped(maxLength);
  const lost = h.sum - kept;
  return {
    maxLength,
    whole,
    wholeRate: h.count ? whole / h.count : 0,
    cut: h.count - whole,
    tokensLost: lost,
    tokensLostRate: h.sum ? lost / h.sum : 0,
    paddingRate: h.count ? 1 - kept / (h.count * maxLength) : 0,
    labels,
  };
}

/**
 * The smallest multiple of 8 that keeps at least `coverage` of the samples whole, and a table
 * of candidates around it: the recommendation, the current max_length, the model's limit, the
 * percentiles rounded up, and the powers of two in between.
 */
export function recommend(
  h: LengthHistogram,
  coverage: number,
  current: number | null,
  modelMax: number | null,
): Recommendation | null {
  if (h.count === 0) return null;
  const q = h.quantile(coverage)!;
  const maxLength = roundUp(q);
  const labelled = new Map<number, string[]>();
  const add = (n: number | null, label: string) => {
    if (n === null || !Number.isFinite(n) || n < 1) return;
    const list = labelled.get(n) ?? [];
    if (!list.includes(label)) list.push(label);
    labelled.set(n, list);
  };
  add(maxLength, 'recommended');
  add(current, 'max_length');
  if (modelMax !== null && modelMax <= 4 * Math.max(h.max, current ?? 0)) add(modelMax, 'model_max_length');
  for (const [p, name] of [
    [0.5, 'p50'],
    [0.9, 'p90'],
    [0.99, 'p99'],
    [1, 'max'],
  ] as const)
    add(roundUp(h.quantile(p)!), `${name} ↑8`);
  const low = roundUp(h.quantile(0.5)!);
  const high = Math.max(roundUp(h.max), current ?? 0);
  for (let p = 8; p <= high * 2 && p <= 1 << 24; p *= 2) if (p >= low / 2 && p <= high * 2) add(p, '');
  const table = [...labelled.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([n, labels]) => tradeOffRow(h, n, labels.filter(Boolean)));
  return { coverage, maxLength, table: trimTable(table, maxLength) };
}

/** At most 10 rows, keeping every labelled one and the plain ones nearest the recommendation. */
function trimTable(rows: TradeOffRow[], rec: number): TradeOffRow[] {
  if (rows.length <= 10) return rows;
  const labelled = rows.filter((r) => r.labels.length);
  const plain = rows
    .filter((r) => !r.labels.length)
    .sort((a, b) => Math.abs(Math.log(a.maxLength / rec)) - Math.abs(Math.log(b.maxLength / rec)));
  const keep = new Set([...labelled, ...plain.slice(0, Math.max(0, 10 - labelled.length))]);
  return rows.filter((r) => keep.has(r));
}
