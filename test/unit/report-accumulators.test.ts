// The report's mergeable accumulators: exact percentiles against a sort-based computation,
// merge == single run, the top-k error bound, seeded reservoir sampling, exact duplicates.
import { describe, expect, it } from 'vitest';
import { EXACT_MAX, LengthHistogram, bucketKey, bucketUpper } from '../../src/core/report/histogram.js';
import { TopK } from '../../src/core/report/top-k.js';
import { Reservoir } from '../../src/core/report/reservoir.js';
import { mulberry32 } from '../../src/core/random.js';
import { SeenSet, cyrb53 } from '../../src/core/report/dedupe.js';
import { recommend, roundUp, tradeOffRow } from '../../src/core/report/recommend.js';
import { ReportAccumulator } from '../../src/core/report/accumulator.js';
import { SPECIAL, UNKNOWN } from '../../src/core/report/token-flags.js';

/** Nearest-rank percentile, computed independently: sort and index. */
function nearestRank(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function lengths(count: number, seed: number, spread = 3000): number[] {
  const rand = mulberry32(seed);
  // Skewed like real data: many short samples, a long tail.
  return Array.from({ length: count }, () => Math.floor(spread * rand() ** 3));
}

describe('LengthHistogram', () => {
  it('gives exact nearest-rank percentiles, min, max, mean', () => {
    for (const seed of [1, 2, 3]) {
      const values = lengths(5000 + seed, seed);
      const h = new LengthHistogram();
      for (const v of values) h.add(v);
      for (const q of [0, 0.01, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) expect(h.quantile(q)).toBe(nearestRank(values, q));
      expect(h.min).toBe(Math.min(...values));
      expect(h.max).toBe(Math.max(...values));
      expect(h.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
    }
  });

  it('small cases: one value, ties', () => {
    const h = new LengthHistogram();
    h.add(7);
    expect([h.quantile(0), h.quantile(0.5), h.quantile(1)]).toEqual([7, 7, 7]);
    const t = new LengthHistogram();
    for (const v of [1, 2, 2, 2, 10]) t.add(v);
    expect(t.quantile(0.5)).toBe(2);
    expect(t.quantile(0.8)).toBe(2);
    expect(t.quantile(0.81)).toBe(10);
    expect(new LengthHistogram().quantile(0.5)).toBeNull();
  });

  it('countAtMost and sumCapped match brute force', () => {
    const values = lengths(3000, 9);
    const h = new LengthHistogram();
    for (const v of values) h.add(v);
    for (const m of [0, 1, 8, 100, 512, 2047, 5000]) {
      expect(h.countAtMost(m)).toBe(values.filter((v) => v <= m).length);
      expect(h.sumCapped(m)).toBe(values.reduce((a, v) => a + Math.min(v, m), 0));
    }
  });

  it('merge of shards equals one histogram of everything, through JSON', () => {
    const values = [...lengths(4000, 5), EXACT_MAX + 5, 3 * EXACT_MAX, 1_000_000];
    const whole = new LengthHistogram();
    for (const v of values) whole.add(v);
    const merged = new LengthHistogram();
    for (let s = 0; s < 4; s++) {
      const shard = new LengthHistogram();
      values.filter((_, i) => i % 4 === s).forEach((v) => shard.add(v));
      merged.merge(LengthHistogram.fromJSON(JSON.parse(JSON.stringify(shard.toJSON()))));
    }
    expect(merged.toJSON()).toEqual(whole.toJSON());
  });

  it('log bins: geometric edges from the shortest to the longest, every length in exactly one bin', () => {
    const values = lengths(4000, 7, 60_000);
    const h = new LengthHistogram();
    for (const v of values) h.add(v);
    const bins = h.logBins(60, h.min, h.max);
    expect(bins.length).toBeLessThanOrEqual(60);
    expect(bins[0]!.from).toBe(0);
    expect(bins[bins.length - 1]!.to).toBe(h.max);
    bins.forEach((b, i) => {
      expect(b.to).toBeGreaterThanOrEqual(b.from);
      if (i) expect(b.from).toBe(bins[i - 1]!.to + 1);
    });
    // Widths grow: the tail has columns of its own.
    expect(bins[bins.length - 1]!.to - bins[bins.length - 1]!.from).toBeGreaterThan(bins[1]!.to - bins[1]!.from);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(values.length);
    // Exact below EXACT_MAX: each bin holds what falls in it.
    for (const b of bins.filter((x) => x.to <= EXACT_MAX))
      expect(b.count).toBe(values.filter((v) => v >= b.from && v <= b.to).length);
  });

  it('above EXACT_MAX: percentiles within one bucket (~1.1%), never above the max', () => {
    const rand = mulberry32(4);
    const values = Array.from({ length: 2000 }, () => EXACT_MAX + Math.floor(rand() * 4 * EXACT_MAX));
    const h = new LengthHistogram();
    for (const v of values) h.add(v);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = nearestRank(values, q);
      const got = h.quantile(q)!;
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got / exact).toBeLessThan(1.011);
    }
    expect(h.quantile(1)).toBe(Math.max(...values));
    for (const len of [EXACT_MAX + 1, 200_000, 10_000_000]) {
      const k = bucketKey(len);
      expect(bucketUpper(k)).toBeGreaterThanOrEqual(len);
      expect(bucketUpper(k - 1)).toBeLessThan(len);
    }
  });
});

describe('recommend', () => {
  it('is the smallest multiple of 8 keeping the coverage whole', () => {
    const values = lengths(10_000, 11);
    const h = new LengthHistogram();
    for (const v of values) h.add(v);
    const rec = recommend(h, 0.99, 512, 4096)!;
    expect(rec.maxLength % 8).toBe(0);
    const whole = (m: number) => values.filter((v) => v <= m).length / values.length;
    expect(whole(rec.maxLength)).toBeGreaterThanOrEqual(0.99);
    expect(whole(rec.maxLength - 8)).toBeLessThan(0.99);
    expect(rec.maxLength).toBe(roundUp(nearestRank(values, 0.99)));
    const row = rec.table.find((r) => r.labels.includes('max_length'))!;
    expect(row.maxLength).toBe(512);
    expect(row.cut).toBe(values.filter((v) => v > 512).length);
    expect(row.tokensLost).toBe(values.reduce((a, v) => a + Math.max(0, v - 512), 0));
    const padding = values.reduce((a, v) => a + (512 - Math.min(v, 512)), 0) / (values.length * 512);
    expect(row.paddingRate).toBeCloseTo(padding, 12);
    expect(rec.table.length).toBeLessThanOrEqual(10);
    expect(tradeOffRow(h, rec.maxLength).wholeRate).toBeGreaterThanOrEqual(0.99);
  });
});

describe('TopK (Misra–Gries)', () => {
  it('is exact under capacity, most frequent first, ties in first-seen order', () => {
    const t = new TopK(10);
    const where = { file: 'f', line: 1 };
    for (const k of ['b', 'a', 'a', 'c', 'a', 'b']) t.add(k, where);
    expect(t.top(5).map((e) => [e.key, e.count])).toEqual([
      ['a', 3],
      ['b', 2],
      ['c', 1],
    ]);
    expect(t.exact).toBe(true);
  });

  it('keeps its error bound and the heavy hitters past capacity; merge keeps the bound', () => {
    const rand = mulberry32(3);
    const stream: string[] = [];
    for (let i = 0; i < 20_000; i++)
      stream.push(rand() < 0.3 ? `hot${Math.floor(rand() * 5)}` : `cold${Math.floor(rand() * 5000)}`);
    const truth = new Map<string, number>();
    for (const k of stream) truth.set(k, (truth.get(k) ?? 0) + 1);
    const single = new TopK(50);
    const shards = [new TopK(50), new TopK(50), new TopK(50)];
    stream.forEach((k, i) => {
      single.add(k, { file: 'f', line: i + 1 });
      shards[i % 3]!.add(k, { file: 'f', line: i + 1 });
    });
    const merged = shards[0]!;
    merged.merge(shards[1]!);
    merged.merge(shards[2]!);
    for (const t of [single, merged]) {
      expect(t.exact).toBe(false);
      expect(t.errorBound).toBeLessThanOrEqual(stream.length / 51 + 1e-9);
      for (const e of t.top(50)) {
        expect(e.count).toBeLessThanOrEqual(truth.get(e.key)!);
        expect(e.count).toBeGreaterThanOrEqual(truth.get(e.key)! - t.errorBound);
      }
      expect(new Set(t.top(5).map((e) => e.key))).toEqual(new Set(['hot0', 'hot1', 'hot2', 'hot3', 'hot4']));
    }
  });

  it('merge of exact shards equals the single run', () => {
    const keys = ['x', 'y', 'x', 'z', 'y', 'x', 'w'];
    const single = new TopK(100);
    keys.forEach((k, i) => single.add(k, { file: 'f', line: i + 1 }));
    const a = new TopK(100);
    const b = new TopK(100);
    keys.forEach((k, i) => (i < 3 ? a : b).add(k, { file: 'f', line: i + 1 }));
    a.merge(TopK.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    expect(a.top(10)).toEqual(single.top(10));
  });
});

describe('Reservoir', () => {
  it('is seeded, keeps input order, and is uniform', () => {
    const run = (seed: number) => {
      const r = new Reservoir<number>(10, seed);
      for (let i = 0; i < 1000; i++) r.offer(i);
      return r.items();
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const items = run(7);
    expect(items).toEqual([...items].sort((a, b) => a - b));
    expect(items).toHaveLength(10);
    // Uniformity: each of 100 items lands in a size-10 sample ~10% of the time.
    const hits = new Array(100).fill(0);
    for (let seed = 0; seed < 2000; seed++) {
      const r = new Reservoir<number>(10, seed);
      for (let i = 0; i < 100; i++) r.offer(i);
      for (const i of r.items()) hits[i]++;
    }
    for (const h of hits) {
      expect(h / 2000).toBeGreaterThan(0.06);
      expect(h / 2000).toBeLessThan(0.14);
    }
  });

  it('keeps everything when the stream is shorter than the sample', () => {
    const r = new Reservoir<string>(5, 1);
    ['a', 'b'].forEach((x) => r.offer(x));
    expect(r.items()).toEqual(['a', 'b']);
  });
});

describe('SeenSet', () => {
  it('finds exact duplicates with their first sighting, and survives JSON', () => {
    const s = new SeenSet();
    const texts = Array.from({ length: 5000 }, (_, i) => `sample ${i % 3000}`);
    let dups = 0;
    texts.forEach((t, i) => {
      const first = s.add(cyrb53(t), 0, i + 1);
      if (first) {
        dups++;
        expect(first.line).toBe((i % 3000) + 1);
      }
    });
    expect(dups).toBe(2000);
    expect(s.size).toBe(3000);
    const back = SeenSet.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(back.size).toBe(3000);
    expect(back.add(cyrb53('sample 42'), 0, 99)).toEqual({ file: 0, line: 43 });
    expect(cyrb53('a')).not.toBe(cyrb53('b'));
  });

  it('holds at most its capacity: exact up to it, then an estimate from a sample of the hashes', () => {
    const exact = new SeenSet(1000);
    for (let i = 0; i < 3000; i++) exact.add(cyrb53(`s${i % 900}`), 0, i + 1);
    expect([exact.level, exact.duplicates, exact.size]).toEqual([0, 2100, 900]);

    // 40,000 distinct texts, every one seen 3 times: 80,000 repeats, in a table of 4,096.
    const s = new SeenSet(4096);
    for (let round = 0; round < 3; round++) for (let i = 0; i < 40_000; i++) s.add(cyrb53(`text ${i}`), 0, i + 1);
    expect(s.size).toBeLessThanOrEqual(4096);
    expect(s.level).toBeGreaterThanOrEqual(4);
    // Standard error about √(2^level × repeats): well within 10% here.
    expect(Math.abs(s.duplicates - 80_000)).toBeLessThan(8_000);
    // No false positives: texts never seen before are not duplicates.
    for (let i = 0; i < 1000; i++) expect(s.add(cyrb53(`new ${i}`), 0, 1)).toBeUndefined();
  });

  it('merges a sampled partial into the same estimate as one run', () => {
    const one = new SeenSet(2048);
    const a = new SeenSet(2048);
    const b = new SeenSet(2048);
    for (let i = 0; i < 30_000; i++) {
      const h = cyrb53(`t${i % 12_000}`);
      one.add(h, 0, i + 1);
      (i < 15_000 ? a : b).add(h, 0, i + 1);
    }
    const back = SeenSet.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
    a.sampleAtLeast(back.level);
    for (const e of back.entries()) a.add(e.hash, e.file, e.line, e.count);
    a.sampleAtLeast(one.level);
    one.sampleAtLeast(a.level);
    expect(a.duplicates).toBe(one.duplicates);
    expect(Math.abs(one.duplicates - 18_000)).toBeLessThan(3_000);
  });
});

describe('ReportAccumulator: shards of interleaved records', () => {
  // Records 1..n of one file with the lengths below, split every-third-record as --shard does.
  const n = 60;
  const len = (line: number) => 4 + ((line * 37) % 50);
  const text = (line: number) => `sample ${line % 17}`; // repeats: duplicates across shards
  function run(lines: number[]): ReportAccumulator {
    const flags = new Uint8Array(64);
    const acc = new ReportAccumulator({ maxLength: 24, truncationSide: 'right' }, flags);
    acc.addFile('a.jsonl');
    for (const line of lines) {
      const n = len(line);
      acc.observe({
        where: { file: 'a.jsonl', line },
        text: text(line),
        ids: Array.from({ length: n }, () => 1),
        inserted: Array.from({ length: n }, () => false),
      });
    }
    return acc;
  }
  const all = Array.from({ length: n }, (_, i) => i + 1);

  it('merged in any order equal the single run: first examples in input order, the longest cut, duplicates', () => {
    const single = buildJson(run(all));
    for (const order of [
      [0, 1, 2],
      [2, 0, 1],
    ]) {
      const shards = [0, 1, 2].map((k) => run(all.filter((l) => (l - 1) % 3 === k)));
      const merged = ReportAccumulator.fromJSON(JSON.parse(JSON.stringify(shards[order[0]!]!.toJSON())));
      for (const k of order.slice(1))
        merged.merge(ReportAccumulator.fromJSON(JSON.parse(JSON.stringify(shards[k]!.toJSON()))));
      expect(buildJson(merged)).toEqual(single);
    }
    const acc = run(all);
    expect(acc.longestCut.map((l) => l.tokens)).toEqual(
      all
        .map(len)
        .filter((x) => x > 24)
        .sort((a, b) => b - a)
        .slice(0, 10),
    );
  });

  function buildJson(acc: ReportAccumulator) {
    return {
      truncated: acc.truncated,
      longest: acc.longestCut,
      duplicates: acc.duplicates,
      lengths: acc.lengths.toJSON(),
    };
  }
});

describe('ReportAccumulator: duplicates across files of different units', () => {
  // A text file names lines, a Parquet file rows: the original is named in its own file's unit.
  const observe = (acc: ReportAccumulator, file: string, line: number, text: string, unit?: 'row') =>
    acc.observe({
      where: { file, line, ...(unit ? { unit } : {}) },
      text,
      ids: [1, 1],
      inserted: [false, false],
    });
  const fresh = () => new ReportAccumulator({ maxLength: null, truncationSide: 'right' }, new Uint8Array(4));

  it('a Parquet row repeating a text line, and a text line repeating a Parquet row', () => {
    const acc = fresh();
    observe(acc, 'a.txt', 3, 'Call me Ishmael.');
    observe(acc, 'b.parquet', 7, 'Call me Ishmael.', 'row');
    observe(acc, 'b.parquet', 8, 'Some years ago.', 'row');
    observe(acc, 'c.jsonl', 2, 'Some years ago.');
    expect(acc.duplicates.examples).toEqual([
      { file: 'b.parquet', line: 7, unit: 'row', detail: 'same as a.txt:3' },
      { file: 'c.jsonl', line: 2, detail: 'same as b.parquet row 8' },
    ]);
  });

  it('found only when shards merge: both sides named in their own units', () => {
    const a = fresh();
    observe(a, 'a.txt', 3, 'Call me Ishmael.');
    const b = fresh();
    b.addFile('a.txt');
    observe(b, 'b.parquet', 7, 'Call me Ishmael.', 'row');
    const merged = ReportAccumulator.fromJSON(JSON.parse(JSON.stringify(b.toJSON())));
    merged.merge(ReportAccumulator.fromJSON(JSON.parse(JSON.stringify(a.toJSON()))));
    expect(merged.duplicates.examples).toEqual([
      { file: 'b.parquet', line: 7, unit: 'row', detail: 'same as a.txt:3' },
    ]);
  });
});

describe('ReportAccumulator: the unknown token', () => {
  // id 1 is the unknown token, special as BERT's [UNK]; id 2 an ordinary token.
  const flags = Uint8Array.from([0, UNKNOWN | SPECIAL, 0]);
  const contentOf = (id: number) => ['a', '[UNK]', 'b'][id]!;
  function counts(text: string, ids: number[], offsets?: Array<[number, number]>) {
    const acc = new ReportAccumulator({ maxLength: null, truncationSide: 'right' }, flags, contentOf);
    acc.observe({ where: { file: 'a.txt', line: 1 }, text, ids, inserted: ids.map(() => false), offsets });
    return { unknown: acc.unknownTokens, literal: acc.specialTokenCounts['[UNK]'] ?? 0 };
  }

  it('made from a character the vocabulary lacks is an unknown, not a literal special token', () => {
    expect(counts('hello 🤗', [2, 1])).toEqual({ unknown: 1, literal: 0 });
    expect(
      counts(
        'hello 🤗',
        [2, 1],
        [
          [0, 5],
          [6, 8],
        ],
      ),
    ).toEqual({ unknown: 1, literal: 0 });
  });

  it('typed out in the data is a literal special token, not an unknown; both in one sample are told apart', () => {
    expect(counts('literal [UNK] here', [0, 1, 2])).toEqual({ unknown: 0, literal: 1 });
    expect(counts('🤗 and [UNK]', [1, 0, 1])).toEqual({ unknown: 1, literal: 1 });
    expect(
      counts(
        '🤗 and [UNK]',
        [1, 0, 1],
        [
          [0, 2],
          [3, 6],
          [7, 12],
        ],
      ),
    ).toEqual({ unknown: 1, literal: 1 });
  });
});
