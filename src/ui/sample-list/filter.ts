// Which samples the list shows: a text search (normalisation-insensitive, smart case: see
// folder()) and a marker filter. Pure; the search is incremental because samples
// keep arriving while the corpus is read.

import { HAZARD_FILTERS, type HazardFilter } from '../browse/hazards.js';

export type MarkerFilter = 'all' | HazardFilter;
export const MARKER_FILTERS: readonly MarkerFilter[] = ['all', ...HAZARD_FILTERS.map((h) => h.name)];

/** Does a sample with hazard bits `flags` (and `truncated` at the current max_length) pass `filter`? */
export function passes(filter: MarkerFilter, flags: number, truncated: boolean): boolean {
  if (filter === 'all') return true;
  if (filter === 'truncated') return truncated;
  return (flags & HAZARD_FILTERS.find((h) => h.name === filter)!.bit) !== 0;
}

/** How many samples each filter keeps (`flagsOf(i)`: hazard bits of sample i, all tokenizers OR-ed). */
export function filterCounts(
  total: number,
  flagsOf: (i: number) => number,
  truncated: (i: number) => boolean,
): Record<HazardFilter, number> {
  const counts = Object.fromEntries(HAZARD_FILTERS.map((h) => [h.name, 0])) as Record<HazardFilter, number>;
  for (let i = 0; i < total; i++) {
    const f = flagsOf(i);
    for (const h of HAZARD_FILTERS) if (h.bit ? f & h.bit : h.name === 'truncated' && truncated(i)) counts[h.name]++;
  }
  return counts;
}

export interface SearchResult {
  query: string;
  /** Samples [0, scanned) have been searched. */
  scanned: number;
  matches: number[];
}

const segmenter = new Intl.Segmenter();

/**
 * Search is insensitive to Unicode normalisation (NFKC: a decomposed `café` is found by `café`,
 * `ﬁ` by `fi`, fullwidth `ＡＢＣ` by `ABC`) and, unless the query has a capital letter, to case
 * (smart case). Both sides are folded the same way.
 */
function folder(query: string): (s: string) => string {
  const caseSensitive = /\p{Lu}/u.test(query.normalize('NFKC'));
  return caseSensitive ? (s) => s.normalize('NFKC') : (s) => s.normalize('NFKC').toLowerCase();
}

/**
 * Where `query` first matches `text` (folded as above), as a UTF-16 range of the original text,
 * whole graphemes; undefined when it does not.
 */
export function findMatch(text: string, query: string): { start: number; end: number } | undefined {
  if (!query) return undefined;
  const fold = folder(query);
  const needle = fold(query);
  // Fast rejection on the whole text; the grapheme map only for texts that match.
  if (!fold(text).includes(needle)) return undefined;
  let folded = '';
  const starts: number[] = []; // folded offset → original offset, one entry per grapheme
  const origin: number[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    starts.push(folded.length);
    origin.push(index);
    folded += fold(segment);
  }
  const at = folded.indexOf(needle);
  if (at === -1) return undefined;
  let first = 0;
  while (first + 1 < starts.length && starts[first + 1]! <= at) first++;
  let last = first;
  while (last + 1 < starts.length && starts[last + 1]! < at + needle.length) last++;
  return { start: origin[first]!, end: last + 1 < origin.length ? origin[last + 1]! : text.length };
}

/** Extends `previous` (same query) to all samples, or starts over for a new query. */
export function searchSamples(
  texts: readonly { text: string }[],
  query: string,
  previous?: SearchResult,
): SearchResult {
  const base =
    previous && previous.query === query && previous.scanned <= texts.length
      ? previous
      : { query, scanned: 0, matches: [] };
  if (base.scanned === texts.length) return base;
  const fold = folder(query);
  const needle = fold(query);
  const matches = base.matches.slice();
  for (let i = base.scanned; i < texts.length; i++) if (fold(texts[i]!.text).includes(needle)) matches.push(i);
  return { query, scanned: texts.length, matches };
}

/**
 * The positions the list shows: null means every sample in order (no search, no filter).
 * `keep(i)` says whether sample i passes the marker filter.
 */
export function listIndices(
  total: number,
  search: SearchResult | undefined,
  filter: MarkerFilter,
  keep: (i: number) => boolean,
): number[] | null {
  if (!search && filter === 'all') return null;
  const out: number[] = [];
  if (search) {
    for (const i of search.matches) if (filter === 'all' || keep(i)) out.push(i);
  } else {
    for (let i = 0; i < total; i++) if (keep(i)) out.push(i);
  }
  return out;
}
