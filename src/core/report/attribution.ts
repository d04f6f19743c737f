// Which characters or words produced unknown and byte-fallback tokens: the source text of
// each such token (consecutive tokens of one character — the bytes of an emoji — count once).

import { BYTE_FALLBACK, UNKNOWN } from './token-flags.js';

interface UnknownString {
  kind: 'unknown' | 'byte-fallback';
  text: string;
}

export function unknownStrings(
  text: string,
  ids: ArrayLike<number>,
  offsets: ReadonlyArray<readonly [number, number]>,
  flags: Uint8Array,
  /** The text of a token id: an unknown token whose span is its own text (`[UNK]` typed in the data) produced nothing. */
  contentOf?: (id: number) => string,
): UnknownString[] {
  const out: UnknownString[] = [];
  let last: { kind: UnknownString['kind']; start: number; end: number } | undefined;
  for (let i = 0; i < ids.length; i++) {
    const f = flags[ids[i]!] ?? 0;
    const [start, end] = offsets[i]!;
    const spelled = f & UNKNOWN && contentOf !== undefined && text.slice(start, end) === contentOf(ids[i]!);
    const kind = spelled ? undefined : f & UNKNOWN ? 'unknown' : f & BYTE_FALLBACK ? 'byte-fallback' : undefined;
    if (!kind) {
      last = undefined;
      continue;
    }
    if (last && last.kind === kind && start < last.end && end > last.start) {
      // Same character (several byte tokens share its span): widen, do not count again.
      last.start = Math.min(last.start, start);
      last.end = Math.max(last.end, end);
      out[out.length - 1]!.text = text.slice(last.start, last.end);
      continue;
    }
    last = { kind, start, end };
    out.push({ kind, text: start < end ? text.slice(start, end) : '' });
  }
  return out;
}
