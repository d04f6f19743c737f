// A transformed string that remembers, for every UTF-16 unit, which range of the original
// text produced it. This follows the alignment rules of the Rust `tokenizers` crate's
// NormalizedString, so offsets computed here agree with the reference implementation:
// - a character produced from one character keeps that character's range;
// - characters inserted next to it (a decomposition, a prepended `▁`) share its range;
// - a character composed from several (NFC `e`+`◌́` → `é`) takes the range of the first;
// - removed characters leave no trace.

import { isHighSurrogate, isLowSurrogate } from './code-points.js';

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
    return {
      text: this.text,
      starts: Int32Array.from(this.starts),
      ends: Int32Array.from(this.ends),
      approximate: approximate || this.approximate,
    };
  }
}

// A character with its combining marks; Hangul jamo sequences stay whole because NFC composes them.
const UNIT =
  /[\u1100-\u115F\uA960-\uA97C]+[\u1160-\u11A7\uD7B0-\uD7C6]*[\u11A8-\u11FF\uD7CB-\uD7FB]*\p{M}*|[\uAC00-\uD7A3][\u11A8-\u11FF\uD7CB-\uD7FB]*\p{M}*|\P{M}\p{M}*|\p{M}+/gsu;

type NormalForm = 'NFC' | 'NFD' | 'NFKC' | 'NFKD';

/**
 * Unicode normalization with the alignments of the Rust crate (unicode-normalization-alignments
 * driving NormalizedString::transform): each character is decomposed, its first piece marked
 * as replacing it (change 0) and the others as inserted (+1); combining marks are stably
 * sorted by class, changes travelling with them; a composition merges changes (a + b - 1).
 * The resulting (char, change) stream is then aligned positionally: a character with change
 * <= 0 takes the range of the next input character and consumes 1 - change of them, an
 * inserted one shares the range of the last consumed character.
 */
export function normalizeForm(src: AlignedString, form: NormalForm): AlignedString {
  const decomposeForm = form === 'NFC' || form === 'NFD' ? 'NFD' : 'NFKD';
  const composing = form === 'NFC' || form === 'NFKC';
  return transformUnits(
    src,
    (s) => s.normalize(form),
    (unit, out, sourceOf) => {
      const input = [...unit];
      const pieces: Array<{ ch: string; change: number; used: boolean }> = [];
      for (const ch of input)
        [...ch.normalize(decomposeForm)].forEach((piece, i) =>
          pieces.push({ ch: piece, change: i === 0 ? 0 : 1, used: false }),
        );
      // The canonical order is what the whole unit decomposes to; equal characters keep their order.
      const sorted: typeof pieces = [];
      for (const ch of unit.normalize(decomposeForm)) {
        const piece = pieces.find((p) => !p.used && p.ch === ch);
        if (!piece) return undefined;
        piece.used = true;
        sorted.push({ ...piece, used: false });
      }
      const stream: Array<{ ch: string; change: number }> = [];
      for (const ch of out) {
        if (!composing) {
          const next = sorted[stream.length];
          if (!next || next.ch !== ch) return undefined;
          stream.push({ ch, change: next.change });
          continue;
        }
        const parts = [...ch.normalize(decomposeForm)];
        let change = 0;
        for (const part of parts) {
          const piece = sorted.find((p) => !p.used && p.ch === part);
          if (!piece) return undefined;
          piece.used = true;
          change += piece.change;
        }
        stream.push({ ch, change: change - (parts.length - 1) });
      }
      const aligned: number[] = [];
      let idx = 0;
      for (const { change } of stream) {
        if (change > 0) aligned.push(sourceOf(Math.max(0, idx - 1)));
        else {
          if (idx >= input.length) return undefined;
          aligned.push(sourceOf(idx));
          idx += 1 - change;
        }
      }
      return idx === input.length ? aligned : undefined;
    },
  );
}

/**
 * Applies an opaque string function (lowercasing, accent stripping...) to each character
 * with its combining marks: one character for one keeps ranges; otherwise the whole
 * output takes the range of the unit's first character.
 */
export function mapUnits(src: AlignedString, fn: (s: string) => string): AlignedString {
  return transformUnits(src, fn, (unit, out, sourceOf) => {
    const chars = [...unit];
    const outLength = [...out].length;
    // Accent stripping, control-character removal and CJK padding decompose, then drop or add
    // characters: when the function applied to each decomposed character adds up to the output,
    // every output character keeps the range of the character it came from (Rust's `filter` and
    // `transform`). Tried first: a unit whose output merely has the same length (`駅◌́◌̀` → ` 駅 `)
    // is not a character-for-character map.
    const tagged: number[] = [];
    let rebuilt = '';
    chars.forEach((ch, k) => {
      for (const piece of ch.normalize('NFD')) {
        const mapped = fn(piece);
        rebuilt += mapped;
        for (const _ of mapped) tagged.push(sourceOf(k));
      }
    });
    if (rebuilt === out) return tagged;
    if (outLength === chars.length) return chars.map((_, k) => sourceOf(k));
    return new Array<number>(outLength).fill(sourceOf(0));
  });
}

/**
 * Applies `fn` unit by unit; `align` says, for each output code point of a unit, which of
 * the unit's code points it comes from (an index among the unit's code points, via
 * `sourceOf`). Units repeat (letters, spaces), so each distinct unit is worked out once.
 * When the units do not add up to `fn` of the whole text, or `align` gives up, ranges are
 * widened to the whole text and the result is marked approximate.
 */
function transformUnits(
  src: AlignedString,
  fn: (s: string) => string,
  align: (unit: string, out: string, sourceOf: (k: number) => number) => number[] | undefined,
): AlignedString {
  const whole = fn(src.text);
  if (whole === src.text) return src;
  const b = new Builder();
  const known = new Map<string, { out: string; from: number[] | undefined }>();
  let produced = 0;
  for (const m of src.text.matchAll(UNIT)) {
    const unit = m[0];
    let done = known.get(unit);
    if (!done) {
      const out = fn(unit);
      done = { out, from: out === unit || out.length === 0 ? [] : align(unit, out, (k) => k) };
      known.set(unit, done);
    }
    const { out, from } = done;
    produced += out.length;
    if (produced > whole.length) break;
    if (out === unit) {
      b.pushCopy(src, m.index, m.index + unit.length);
      continue;
    }
    if (out.length === 0) continue;
    if (!from) return widened(src, whole);
    const unitStarts: number[] = [];
    for (let u = m.index; u < m.index + unit.length; u += src.text.codePointAt(u)! > 0xffff ? 2 : 1) unitStarts.push(u);
    let k = 0;
    for (const ch of out) {
      const at = unitStarts[from[k++]!]!;
      const len = src.text.codePointAt(at)! > 0xffff ? 2 : 1;
      b.pushShared(ch, src.starts[at]!, src.ends[at + len - 1]!);
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
