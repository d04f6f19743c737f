// Token-view line wrapping, a window at a time. The items and the wrapping are token-text.ts's
// (the notation `show` prints); this module only decides which tokens to lay out together so
// that a 1 MB sample never has to be laid out whole.
//
// A sample is cut into paragraphs that wrap independently: after every token that ends a line
// (its source ends with a newline — the greedy layout starts a fresh line there anyway), and,
// in text without newlines, every SOFT_PARAGRAPH tokens. The soft cuts make one line in
// ~50 a little short; in exchange any line can be laid out by looking at ≤ SOFT_PARAGRAPH
// tokens. A run of split-character tokens is never cut (its `{…}` note follows the whole run).
// Truncation is drawn in place: a cut marker before the first kept token after the cut
// (side right) or after the last dropped one (side left), dropped tokens dimmed.

import type { TokenizedSample, Truncation } from '../../core/token-model.js';
import { type Cell, wrapItems } from '../../render/token-layout.js';
import {
  type Item,
  cutMarkerItem,
  isSplitToken,
  makeItem,
  tokenEndsLine,
  tokenItems,
} from '../../render/token-items.js';
import { label } from '../text.js';

const SOFT_PARAGRAPH = 1024;

interface WrapOptions {
  width: number;
  /** Id line under every text line. */
  ids: boolean;
  /** Bracket notation (no colour to tell tokens apart). */
  plain: boolean;
  truncation?: Truncation | undefined;
  /** Chat samples: a label drawn before a token (the role of the message whose content starts there). */
  labels?: ReadonlyMap<number, string> | undefined;
}

/** A position in the wrapped sample: line `line` of paragraph `para`. */
export interface LinePos {
  para: number;
  line: number;
}

/** First token index of each paragraph (ascending; [0] is 0 when the sample has tokens). */
export function paragraphStarts(sample: TokenizedSample, soft = SOFT_PARAGRAPH): number[] {
  const n = sample.tokens.length;
  const starts: number[] = n > 0 ? [0] : [];
  let since = 0;
  for (let i = 0; i + 1 < n; i++) {
    since++;
    const inRun = isSplitToken(sample.tokens[i]!) && isSplitToken(sample.tokens[i + 1]!);
    if (!inRun && (tokenEndsLine(sample, i) || since >= soft)) {
      starts.push(i + 1);
      since = 0;
    }
  }
  return starts;
}

/** Token index before which the cut marker is drawn (tokens.length: after the last token). */
function markerBefore(t: Truncation): number {
  return t.side === 'right' ? t.droppedFrom : t.droppedTo;
}

/** The items of tokens [from, to), with the cut marker if it falls among them. */
export function paragraphItems(
  sample: TokenizedSample,
  from: number,
  to: number,
  options: Pick<WrapOptions, 'plain' | 'truncation' | 'labels'>,
): Item[] {
  const tr = options.truncation;
  const items: Item[] = [];
  const marker = tr ? markerBefore(tr) : -1;
  const isLast = to >= sample.tokens.length;
  let i = from;
  while (i < to) {
    if (tr && i === marker) items.push(cutMarkerItem(tr.maxLength, options.plain));
    const role = options.labels?.get(i);
    if (role !== undefined) items.push(roleLabelItem(role, options.plain));
    const dropped = tr !== undefined && i >= tr.droppedFrom && i < tr.droppedTo;
    // A run of tokens with the same dropped state that does not cross the marker.
    let end = i + 1;
    while (
      end < to &&
      end !== marker &&
      !options.labels?.has(end) &&
      (tr !== undefined && end >= tr.droppedFrom && end < tr.droppedTo) === dropped
    )
      end++;
    const indices: number[] = [];
    for (let k = i; k < end; k++) indices.push(k);
    tokenItems(sample, indices, options.plain, dropped, items);
    i = end;
  }
  if (tr && isLast && marker >= sample.tokens.length && from <= marker)
    items.push(cutMarkerItem(tr.maxLength, options.plain));
  return items;
}

/**
 * A message's role before its first token: `‹user›` in the bracket notation, inverse in colour.
 * Outside any token's brackets or shades, so it is never read as text of the sample.
 */
function roleLabelItem(role: string, plain: boolean): Item {
  return makeItem([{ text: plain ? `‹${label(role)}›` : ` ${label(role)} `, role: 'punct', sgr: plain ? '' : '1;7' }]);
}

/** Lines of one paragraph. */
function wrapParagraph(sample: TokenizedSample, from: number, to: number, options: WrapOptions): Cell[][] {
  const lines = wrapItems(paragraphItems(sample, from, to, options), Math.max(1, options.width), options.ids);
  return lines.length > 0 ? lines : [[]];
}

/** Token indices shown on a line, in order. */
export function tokensOn(line: Cell[]): number[] {
  const out: number[] = [];
  for (const c of line) if (c.item.token !== undefined && out[out.length - 1] !== c.item.token) out.push(c.item.token);
  return out;
}

/** Column where a token's first cell starts on a line (undefined when not on it). */
export function columnOf(line: Cell[], token: number): number | undefined {
  let col = 0;
  for (const c of line) {
    if (c.item.token === token) return col;
    col += c.width;
  }
  return undefined;
}

/** The token whose cell covers `column` (the nearest token before it, else the first on the line). */
export function tokenAtColumn(line: Cell[], column: number): number | undefined {
  let col = 0;
  let best: number | undefined;
  for (const c of line) {
    if (c.item.token !== undefined && (col <= column || best === undefined)) best = c.item.token;
    col += c.width;
    if (col > column && best !== undefined) break;
  }
  return best;
}

/**
 * A sample laid out lazily for one set of options. Paragraphs are wrapped on first use and
 * kept (a bounded number of them), so moving through a huge sample costs only the lines shown.
 */
export class SampleLayout {
  readonly starts: number[];
  private readonly cache = new Map<number, Cell[][]>();

  constructor(
    readonly sample: TokenizedSample,
    readonly options: WrapOptions,
    starts?: number[],
    private readonly maxCached = 256,
  ) {
    this.starts = starts ?? paragraphStarts(sample);
  }

  get paragraphs(): number {
    return this.starts.length;
  }

  /** The same sample and paragraphs under other options (paragraph cuts do not depend on them). */
  with(options: WrapOptions): SampleLayout {
    return new SampleLayout(this.sample, options, this.starts, this.maxCached);
  }

  linesOf(para: number): Cell[][] {
    let lines = this.cache.get(para);
    if (lines) {
      // Refresh its place in the eviction order.
      this.cache.delete(para);
      this.cache.set(para, lines);
      return lines;
    }
    const from = this.starts[para]!;
    const to = this.starts[para + 1] ?? this.sample.tokens.length;
    lines = wrapParagraph(this.sample, from, to, this.options);
    this.cache.set(para, lines);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    return lines;
  }

  line(pos: LinePos): Cell[] {
    return this.linesOf(pos.para)[pos.line] ?? [];
  }

  paragraphOf(token: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= token) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The line a token starts on. */
  lineOf(token: number): LinePos {
    const para = this.paragraphOf(token);
    const lines = this.linesOf(para);
    for (let line = 0; line < lines.length; line++)
      if (lines[line]!.some((c) => c.item.token === token)) return { para, line };
    return { para, line: 0 };
  }

  first(): LinePos {
    return { para: 0, line: 0 };
  }

  last(): LinePos {
    const para = Math.max(0, this.paragraphs - 1);
    return { para, line: this.paragraphs === 0 ? 0 : this.linesOf(para).length - 1 };
  }

  /** `pos` moved by `delta` lines, stopping at the first and last line. */
  move(pos: LinePos, delta: number): LinePos {
    let { para, line } = pos;
    if (this.paragraphs === 0) return { para: 0, line: 0 };
    while (delta > 0) {
      const count = this.linesOf(para).length;
      if (line + delta < count) return { para, line: line + delta };
      if (para + 1 >= this.paragraphs) return { para, line: count - 1 };
      delta -= count - line;
      para++;
      line = 0;
    }
    while (delta < 0) {
      if (line + delta >= 0) return { para, line: line + delta };
      if (para === 0) return { para: 0, line: 0 };
      delta += line + 1;
      para--;
      line = this.linesOf(para).length - 1;
    }
    return { para, line };
  }

  /** Lines from `a` to `b` (negative when b is before a), counting at most `limit` lines. */
  distance(a: LinePos, b: LinePos, limit: number): number {
    if (compare(a, b) > 0) return -this.distance(b, a, limit);
    let d = 0;
    let pos = a;
    while (compare(pos, b) < 0 && d < limit) {
      const next = this.move(pos, 1);
      if (compare(next, pos) === 0) break;
      pos = next;
      d++;
    }
    return d;
  }

  /** Up to `count` lines starting at `top`. */
  window(top: LinePos, count: number): Array<{ pos: LinePos; cells: Cell[] }> {
    const out: Array<{ pos: LinePos; cells: Cell[] }> = [];
    if (this.paragraphs === 0) return out;
    let pos = top;
    for (let k = 0; k < count; k++) {
      out.push({ pos, cells: this.line(pos) });
      const next = this.move(pos, 1);
      if (compare(next, pos) === 0) break;
      pos = next;
    }
    return out;
  }
}

export function compare(a: LinePos, b: LinePos): number {
  return a.para - b.para || a.line - b.line;
}
