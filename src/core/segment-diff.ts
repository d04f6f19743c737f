// Where two segmentations of the same text differ, as spans of the text. Used by the compare
// view (two tokenizers, or two engines of one tokenizer). Pure: token lists in, spans out.
//
// The text is cut at every offset where both sides have a token boundary; between two such
// common cuts is a segment, and a segment differs when the two sides split it differently
// (other token count or other token spans) — or, with `compareIds` (same vocabulary, two
// engines), when the ids differ. Across vocabularies whitespace is ignored by default: a
// WordPiece tokenizer that drops spaces and a BPE one that glues them to the next word agree
// on "Hello world" although their spans differ by the space. Post-processor tokens (BOS/EOS)
// have no source text; a differing number of them at either end is a zero-width span.

import type { Token } from './token-model.js';

export interface DiffSpan {
  /** UTF-16 range of the text; start === end for inserted-token differences. */
  start: number;
  end: number;
  /** Token indices on each side that fall in the span. */
  a: number[];
  b: number[];
}

interface SegmentDiffOptions {
  /** Also a difference: same spans, other ids (for two engines of one vocabulary). */
  compareIds?: boolean;
  /** Compare spans without surrounding whitespace, and skip whitespace-only tokens (default: !compareIds). */
  ignoreWhitespace?: boolean;
}

interface Span {
  index: number;
  start: number;
  end: number;
  id: number;
}

const WS = /\s/;

function spansOf(text: string, tokens: readonly Token[], ignoreWhitespace: boolean): Span[] {
  const out: Span[] = [];
  tokens.forEach((t, index) => {
    if (t.inserted) return;
    let { start, end } = t;
    if (ignoreWhitespace && end > start) {
      while (start < end && WS.test(text[start]!)) start++;
      while (end > start && WS.test(text[end - 1]!)) end--;
      if (start === end) return;
    }
    out.push({ index, start, end, id: t.id });
  });
  return out;
}

/** Every start and end offset of the spans, sorted, without duplicates. */
function boundaries(spans: Span[]): Int32Array {
  const all = new Int32Array(spans.length * 2);
  spans.forEach((s, i) => {
    all[2 * i] = s.start;
    all[2 * i + 1] = s.end;
  });
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}

/** Offsets in both sorted arrays (a merge walk: a 1 MB sample has hundreds of thousands). */
function common(a: Int32Array, b: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

/** Spans grouped by the segment [cuts[k], cuts[k+1]) their start falls in, in segment order. */
function bySegment(spans: Span[], cuts: number[]): Array<{ k: number; spans: Span[] }> {
  const sorted = spans.every((s, i) => i === 0 || spans[i - 1]!.start <= s.start)
    ? spans
    : [...spans].sort((x, y) => x.start - y.start);
  const groups: Array<{ k: number; spans: Span[] }> = [];
  let k = 0;
  for (const s of sorted) {
    while (k + 1 < cuts.length && cuts[k + 1]! <= s.start) k++;
    const last = groups[groups.length - 1];
    if (last && last.k === k) last.spans.push(s);
    else groups.push({ k, spans: [s] });
  }
  return groups;
}

function sameSplit(a: Span[], b: Span[], compareIds: boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.start !== y.start || x.end !== y.end || (compareIds && x.id !== y.id)) return false;
  }
  return true;
}

function insertedRun(tokens: readonly Token[], fromEnd: boolean): number[] {
  const out: number[] = [];
  if (fromEnd) for (let i = tokens.length - 1; i >= 0 && tokens[i]!.inserted; i--) out.unshift(i);
  else for (let i = 0; i < tokens.length && tokens[i]!.inserted; i++) out.push(i);
  return out;
}

export function segmentDiff(
  text: string,
  a: readonly Token[],
  b: readonly Token[],
  options: SegmentDiffOptions = {},
): DiffSpan[] {
  const compareIds = options.compareIds ?? false;
  const ignoreWhitespace = options.ignoreWhitespace ?? !compareIds;
  const sa = spansOf(text, a, ignoreWhitespace);
  const sb = spansOf(text, b, ignoreWhitespace);
  const cuts = common(boundaries(sa), boundaries(sb));
  if (cuts[0] !== 0) cuts.unshift(0);
  const ga = bySegment(sa, cuts);
  const gb = bySegment(sb, cuts);
  const out: DiffSpan[] = [];

  const sameInserted = (x: number[], y: number[]) =>
    x.length === y.length && (!compareIds || x.every((i, k) => a[i]!.id === b[y[k]!]!.id));
  const headA = insertedRun(a, false);
  const headB = insertedRun(b, false);
  if (!sameInserted(headA, headB)) out.push({ start: 0, end: 0, a: headA, b: headB });

  // Walk both sides' segments in order; a segment only one side has tokens in differs.
  for (let i = 0, j = 0; i < ga.length || j < gb.length; ) {
    const ka = ga[i]?.k ?? Infinity;
    const kb = gb[j]?.k ?? Infinity;
    const xa = ka <= kb ? ga[i++]!.spans : [];
    const xb = kb <= ka ? gb[j++]!.spans : [];
    if (sameSplit(xa, xb, compareIds)) continue;
    let start = Infinity;
    let end = -Infinity;
    for (const s of xa.concat(xb)) {
      start = Math.min(start, s.start);
      end = Math.max(end, s.end);
    }
    out.push({ start, end, a: xa.map((s) => s.index), b: xb.map((s) => s.index) });
  }

  const tailA = a.length > headA.length ? insertedRun(a, true) : [];
  const tailB = b.length > headB.length ? insertedRun(b, true) : [];
  if (!sameInserted(tailA, tailB)) out.push({ start: text.length, end: text.length, a: tailA, b: tailB });
  return out;
}
