// The first pre-tokenizer stage of the bulk path, called as the library calls it, without its
// per-call overhead. @huggingface/tokenizers' `PreTokenizer.pre_tokenize(text)` is
// `pre_tokenize_text(text).flat()`: for a stage whose pieces are strings the `flat()` copies the
// array for nothing (a fifth of a worker's time on GPT-4o). And a `Split` that isolates its
// matches (every byte-level BPE's first stage) runs `regex_split`, a `matchAll` loop: here the
// same loop over `exec` on a copy of the same pattern, which gives the same matches (matchAll is
// specified as repeated exec on a clone, stepping past empty matches by a code point). A `Split`
// that keeps only its matches (`invert`: GPT-4o's) runs `text.match(pattern)` and drops empty
// matches: the same loop without the text between matches.
// Most steps of that loop find their match where the last one ended (a byte-level BPE's pattern
// matches every character), so each step first asks a sticky copy of the pattern whether a
// non-empty match starts right there: `test` makes no match array and no string, and a match
// anchored where exec would start looking is the match exec would return. `firstRanges` gives
// the pieces as places in the text, for the memo that finds a piece without making it
// (piece-memo.ts); `firstStage` the pieces as strings.
// The differential test compares the bulk path with the Rust reference on every `npm test`.

import { O200K_SOURCE, o200kAsciiMatch } from './o200k-ascii.js';

interface Stage {
  pre_tokenize(text: string, options?: object): string[];
  pre_tokenize_text?(text: string, options?: object): Array<string | string[]>;
  pattern?: unknown;
  config?: { type?: string; invert?: unknown; behavior?: unknown };
}

/** `stage.pre_tokenize(text, options)`, the same pieces, faster where the stage allows. */
export function firstStage(stage: Stage): (text: string, options: object) => string[] {
  const pre = stage.pre_tokenize_text;
  // Only the library's base pre_tokenize (text → pre_tokenize_text(text).flat()) is skipped.
  if (typeof pre !== 'function' || ownerOf(stage, 'pre_tokenize') === ownerOf(stage, 'pre_tokenize_text'))
    return (text, options) => stage.pre_tokenize(text, options);
  const ranges = firstRanges(stage);
  if (ranges) {
    const found = new PieceRanges();
    return (text) => {
      ranges(text, found);
      const out = new Array<string>(found.count);
      for (let k = 0; k < found.count; k++) out[k] = text.slice(found.starts[k]!, found.ends[k]!);
      return out;
    };
  }
  return (text, options) => {
    const pieces = pre.call(stage, text, options);
    for (let i = 0; i < pieces.length; i++) if (typeof pieces[i] !== 'string') return pieces.flat();
    return pieces as string[];
  };
}

/** Where a text's pieces are: `count` pieces, the k-th text.slice(starts[k], ends[k]). */
export class PieceRanges {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  count = 0;

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Int32Array(this.count * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count++] = end;
  }
}

/**
 * For the library's own `Split` with a regex (its pieces are parts of the text): a function that
 * sets `out` to where `stage.pre_tokenize(text)`'s pieces are, without making them; undefined
 * for any other stage.
 */
export function firstRanges(stage: Stage): ((text: string, out: PieceRanges) => void) | undefined {
  const { pattern, config } = stage;
  if (
    typeof stage.pre_tokenize_text !== 'function' ||
    ownerOf(stage, 'pre_tokenize') === ownerOf(stage, 'pre_tokenize_text') ||
    config?.type !== 'Split' ||
    ownerOf(stage, 'pre_tokenize_text') !== Object.getPrototypeOf(stage) ||
    !(pattern instanceof RegExp) ||
    !pattern.global
  )
    return undefined;
  // invert: text.match(pattern) without its empty matches; else, unless removed, regex_split.
  const gaps = !config.invert;
  if (gaps && String(config.behavior ?? '').toLowerCase() === 'removed') return undefined;
  const regex = new RegExp(pattern.source, pattern.flags);
  const sticky = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}y`);
  const unicode = regex.unicode || regex.flags.includes('v');
  const ascii = scansAscii(stage) ? o200kAsciiMatch : undefined;
  return (text, out) => scan(text, regex, sticky, unicode, gaps, out, ascii);
}

/** Whether the stage's pattern is GPT-4o's, whose matches on ASCII text tokpeek finds without the regex (o200k-ascii.ts). */
export function scansAscii(stage: Pick<Stage, 'pattern'>): boolean {
  const { pattern } = stage;
  return pattern instanceof RegExp && pattern.source === O200K_SOURCE && pattern.flags === 'gu';
}

/** The library's regex_split (with `gaps`: the text between matches too) or match loop, as places; empty matches left out. */
function scan(
  text: string,
  regex: RegExp,
  sticky: RegExp,
  unicode: boolean,
  gaps: boolean,
  out: PieceRanges,
  ascii?: (text: string, at: number) => number,
): void {
  out.count = 0;
  let prev = 0;
  // Where exec would start looking next (its lastIndex).
  let from = 0;
  for (;;) {
    let start = from;
    let end = ascii ? ascii(text, from) : -1;
    sticky.lastIndex = from;
    if (end > from) from = end;
    else if (sticky.test(text) && sticky.lastIndex > from) {
      end = from = sticky.lastIndex;
    } else {
      regex.lastIndex = from;
      const m = regex.exec(text);
      if (m === null) break;
      start = m.index;
      end = start + m[0].length;
      // An empty match: exec steps past it by a code point.
      from = end > start ? end : advance(text, start, unicode);
    }
    if (gaps && prev < start) out.add(prev, start);
    if (end > start) out.add(start, end);
    prev = end;
  }
  if (gaps && prev < text.length) out.add(prev, text.length);
}

/** The prototype (or the object) that holds `name`. */
function ownerOf(o: object, name: string): object | undefined {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) if (Object.hasOwn(p, name)) return p;
  return undefined;
}

/** AdvanceStringIndex: one code unit, or a whole surrogate pair in unicode mode. */
function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  if (c < 0xd800 || c > 0xdbff) return index + 1;
  const d = text.charCodeAt(index + 1);
  return d >= 0xdc00 && d <= 0xdfff ? index + 2 : index + 1;
}
