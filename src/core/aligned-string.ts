// A transformed string that remembers, for every UTF-16 unit, which range of the original
// text produced it. This follows the alignment rules of the Rust `tokenizers` crate's
// NormalizedString, so offsets computed here agree with the reference implementation:
// - a character produced from one character keeps that character's range;
// - characters inserted next to it (a decomposition, a prepended `▁`) share its range;
// - a character composed from several (NFC `e`+`◌́` → `é`) takes the range of the first;
// - removed characters leave no trace.

export interface AlignedString {
  readonly text: string;
  /** Original range [starts[i], ends[i]) of UTF-16 unit i of `text`. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** True when a transformation could not be followed and ranges were widened to stay correct but coarse. */
  readonly approximate: boolean;
}

/** `text` aligned to itself, shifted by `base` (its position in a larger original). */
export function identity(text: string, base = 0): AlignedString {
  const n = text.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const wide = isHighSurrogate(text.charCodeAt(i)) && i + 1 < n && isLowSurrogate(text.charCodeAt(i + 1));
    const end = base + i + (wide ? 2 : 1);
    starts[i] = base + i;
    ends[i] = end;
    if (wide) {
      starts[i + 1] = base + i;
      ends[i + 1] = end;
      i++;
    }
  }
  return { text, starts, ends, approximate: false };
}

/** Builds an aligned string from pieces, each a run of output text that shares one original range or copies one. */
class Builder {
  private text = '';
  private starts: number[] = [];
  private ends: number[] = [];
  approximate = false;

  /** Output text whose code points all take the range [start, end). */
  pushShared(out: string, start: number, end: number): void {
    this.text += out;
    for (let i = 0; i < out.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** Copies units [from, to) of `src` with their alignment. */
  pushCopy(src: AlignedString, from: number, to: number): void {
    this.text += src.text.slice(from, to);
    for (let i = from; i < to; i++) {
      this.starts.push(src.starts[i]!);
      this.ends.push(src.ends[i]!);
    }
  }

  build(approximate: boolean): AlignedString {
    return { text: this.text, starts: Int32Array.from(this.starts), ends: Int32Array.from(this.ends), approximate: approximate || this.approximate };
  }
}

const UNIT = /\P{M}\p{M}*|\p{M}+/gsu;

/**
 * Applies an opaque string function (a Unicode normalization form, lowercasing, accent
 * stripping...) to an aligned string. The function is applied to each character with its
 * combining marks; the result must add up to the function applied to the whole text,
 * otherwise ranges are widened to the whole text and the result is marked approximate.
 */
export function mapUnits(src: AlignedString, fn: (s: string) => string): AlignedString {
  const whole = fn(src.text);
  if (whole === src.text) return src;
  const b = new Builder();
  let produced = 0;
  for (const m of src.text.matchAll(UNIT)) {
    const unit = m[0];
    const at = m.index;
    const out = fn(unit);
    produced += out.length;
    if (produced > whole.length) break;
    if (codePointCount(out) === codePointCount(unit)) {
      // One character for one: each output character keeps its source's range.
      let i = at;
      for (const ch of out) {
        const srcLen = src.text.codePointAt(i)! > 0xffff ? 2 : 1;
        b.pushShared(ch, src.starts[i]!, src.ends[i + srcLen - 1]!);
        i += srcLen;
      }
    } else if (out.length > 0) {
      const firstLen = src.text.codePointAt(at)! > 0xffff ? 2 : 1;
      b.pushShared(out, src.starts[at]!, src.ends[at + firstLen - 1]!);
    }
  }
  if (produced !== whole.length) return widened(src, whole);
  // Context-dependent mappings (final sigma) change characters but not lengths: keep the engine's text.
  const built = b.build(src.approximate);
  return built.text === whole ? built : { ...built, text: whole };
}

/** Prepends `prefix`, aligned with the first character (Rust: `NormalizedString::prepend`). Empty text stays empty. */
export function prepend(src: AlignedString, prefix: string): AlignedString {
  if (src.text.length === 0 || prefix.length === 0) return src;
  const b = new Builder();
  const firstLen = src.text.codePointAt(0)! > 0xffff ? 2 : 1;
  b.pushShared(prefix, src.starts[0]!, src.ends[firstLen - 1]!);
  b.pushCopy(src, 0, src.text.length);
  return b.build(src.approximate);
}

/** Replaces every match of `pattern` (global) with `content`; the replacement takes the range of what it replaced. */
export function replace(src: AlignedString, pattern: RegExp, content: string): AlignedString {
  const b = new Builder();
  let last = 0;
  let changed = false;
  for (const m of src.text.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    changed = true;
    b.pushCopy(src, last, m.index);
    const end = m.index + m[0].length;
    b.pushShared(content, rangeStart(src, m.index, end), rangeEnd(src, m.index, end));
    last = end;
  }
  if (!changed) return src;
  b.pushCopy(src, last, src.text.length);
  return b.build(src.approximate);
}

/** Keeps units [from, to) (stripping, trimming). */
export function slice(src: AlignedString, from: number, to: number): AlignedString {
  if (from === 0 && to === src.text.length) return src;
  const b = new Builder();
  b.pushCopy(src, from, to);
  return b.build(src.approximate);
}

/** The original range covered by units [from, to) of an aligned string. */
export function originalRange(src: AlignedString, from: number, to: number): [number, number] {
  if (to <= from) {
    const at = from < src.text.length ? src.starts[from]! : src.text.length > 0 ? src.ends[src.text.length - 1]! : 0;
    return [at, at];
  }
  return [rangeStart(src, from, to), rangeEnd(src, from, to)];
}

function rangeStart(src: AlignedString, from: number, to: number): number {
  let s = src.starts[from]!;
  for (let i = from + 1; i < to; i++) if (src.starts[i]! < s) s = src.starts[i]!;
  return s;
}

function rangeEnd(src: AlignedString, from: number, to: number): number {
  let e = src.ends[to - 1]!;
  for (let i = from; i < to - 1; i++) if (src.ends[i]! > e) e = src.ends[i]!;
  return e;
}

function widened(src: AlignedString, text: string): AlignedString {
  const b = new Builder();
  const [s, e] = src.text.length ? originalRange(src, 0, src.text.length) : [0, 0];
  b.pushShared(text, s, e);
  return b.build(true);
}

function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    if (isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++;
  }
  return n;
}

export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
