// Where a finding is: a file and a line (or, for Parquet, a row), and the first few
// examples of each kind of finding, mergeable across shards in input order.

export interface Location {
  file: string;
  /** 1-based line of the record (txt, jsonl, json, csv, tsv) or 1-based row (parquet). */
  line: number;
  /** 'row' for Parquet rows; lines otherwise. */
  unit?: 'row';
  /** 1-based column (UTF-16 units) in the sample's text, when the finding is at one place. */
  column?: number;
  /** A short description of what is there (e.g. the special token, the character). */
  detail?: string;
}

/** Examples kept per kind of finding. */
export const MAX_EXAMPLES = 10;

export function formatLocation(l: Location): string {
  return l.unit === 'row' ? `${l.file} row ${l.line}` : `${l.file}:${l.line}`;
}

/** A counted finding with its first examples (in input order). */
export interface Finding {
  count: number;
  examples: Location[];
}

export function emptyFinding(): Finding {
  return { count: 0, examples: [] };
}

export function note(f: Finding, where: Location, weight = 1): void {
  f.count += weight;
  if (f.examples.length < MAX_EXAMPLES) f.examples.push(where);
}

/**
 * Adds another shard's finding. With `order` (input order), the examples kept are the first
 * of both in input order, so shards merged in any order give the examples of one run.
 */
export function mergeFinding(into: Finding, other: Finding, order?: (a: Location, b: Location) => number): void {
  into.count += other.count;
  if (!order) {
    for (const e of other.examples) if (into.examples.length < MAX_EXAMPLES) into.examples.push(e);
    return;
  }
  into.examples = [...into.examples, ...other.examples].sort(order).slice(0, MAX_EXAMPLES);
}
