// Where n / N go and which tokens of the other pane sit under the cursor. Pure.

import type { DiffSpan } from '../../core/segment-diff.js';
import type { Token, TokenizedSample } from '../../core/token-model.js';
import { type ListModel, lengthOf, sampleAt } from '../sample-list/list-state.js';
import { isHazard } from '../token-view/detail.js';

/**
 * The B tokens under A's token `index`: those whose source overlaps it; for a token the
 * post-processor inserted, B's inserted tokens at the same end (start or end of the sample).
 */
export function overlapping(aTokens: readonly Token[], index: number, bTokens: readonly Token[]): number[] {
  const anchor = aTokens[index];
  const out: number[] = [];
  if (!anchor) return out;
  if (anchor.inserted) {
    let head = true;
    for (let i = 0; i < index; i++) if (!aTokens[i]!.inserted) head = false;
    if (head) for (let i = 0; i < bTokens.length && bTokens[i]!.inserted; i++) out.push(i);
    else for (let i = bTokens.length - 1; i >= 0 && bTokens[i]!.inserted; i--) out.unshift(i);
    return out;
  }
  for (let i = 0; i < bTokens.length; i++) {
    const t = bTokens[i]!;
    if (t.inserted) continue;
    if ((t.start < anchor.end && t.end > anchor.start) || (t.start === t.end && t.start === anchor.start)) out.push(i);
  }
  return out;
}

/** The A-side token a differing span is reached at. */
function spanAnchor(span: DiffSpan, a: TokenizedSample): number {
  if (span.a.length) return span.a[0]!;
  const i = a.tokens.findIndex((t) => !t.inserted && t.end > span.start);
  return i === -1 ? Math.max(0, a.tokens.length - 1) : i;
}

/**
 * The token n (direction 1) or N (−1) moves the cursor to: in compare, the next differing span;
 * alone, the next hazard token (detail.ts isHazard). Undefined when there is none that way.
 */
export function jumpTarget(
  a: TokenizedSample,
  spans: readonly DiffSpan[] | undefined,
  cursor: number,
  direction: 1 | -1,
): number | undefined {
  if (spans) {
    const anchors = spans.map((s) => spanAnchor(s, a));
    return direction > 0 ? anchors.find((x) => x > cursor) : anchors.reverse().find((x) => x < cursor);
  }
  for (let i = cursor + direction; i >= 0 && i < a.tokens.length; i += direction) if (isHazard(a.tokens[i]!)) return i;
  return undefined;
}

/** The next (1) or previous (−1) sample after list position `from` for which `flagged` holds. */
export function nextFlagged(
  model: ListModel,
  from: number,
  direction: 1 | -1,
  flagged: (sample: number) => boolean,
): number | undefined {
  for (let p = from + direction; p >= 0 && p < lengthOf(model); p += direction) {
    const i = sampleAt(model, p)!;
    if (flagged(i)) return i;
  }
  return undefined;
}
