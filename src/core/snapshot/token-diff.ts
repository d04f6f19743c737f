// Token-level diff of two tokenizations of the same text (the `diff` package's array diff),
// grouped into hunks with a few tokens of context, for the drift report.

import { diffArrays } from 'diff';
import type { Tokenization } from './classify.js';

export interface DiffToken {
  /** Snapshot spelling (visible text, special tokens wrapped). */
  token: string;
  id: number;
}

export interface Hunk {
  /** Index of the first changed token on each side (the insertion point when nothing was removed/added). */
  oldStart: number;
  newStart: number;
  before: DiffToken[];
  removed: DiffToken[];
  added: DiffToken[];
  after: DiffToken[];
}

type Op = { kind: 'same' | 'removed' | 'added'; tokens: DiffToken[] };

/**
 * Tokens are the same when both spelling and id are: a remapped id shows as a change even
 * where the text split is identical. Hunks closer than 2×context are merged.
 */
export function tokenHunks(before: Tokenization, after: Tokenization, context = 3): Hunk[] {
  const a = before.tokens.map((t, i) => `${before.ids[i]}\u0000${t}`);
  const b = after.tokens.map((t, i) => `${after.ids[i]}\u0000${t}`);
  const ops: Op[] = [];
  let ai = 0;
  let bi = 0;
  for (const c of diffArrays(a, b)) {
    if (c.added) {
      ops.push({
        kind: 'added',
        tokens: after.tokens.slice(bi, bi + c.count).map((token, k) => ({ token, id: after.ids[bi + k]! })),
      });
      bi += c.count;
    } else if (c.removed) {
      ops.push({
        kind: 'removed',
        tokens: before.tokens.slice(ai, ai + c.count).map((token, k) => ({ token, id: before.ids[ai + k]! })),
      });
      ai += c.count;
    } else {
      ops.push({
        kind: 'same',
        tokens: after.tokens.slice(bi, bi + c.count).map((token, k) => ({ token, id: after.ids[bi + k]! })),
      });
      ai += c.count;
      bi += c.count;
    }
  }
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldAt = 0;
  let newAt = 0;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k]!;
    if (op.kind === 'same') {
      const n = op.tokens.length;
      if (current) {
        const last = !ops.slice(k + 1).some((o) => o.kind !== 'same');
        if (!last && n <= 2 * context) {
          // Short run between two changes: part of the same hunk.
          current.removed.push(...op.tokens);
          current.added.push(...op.tokens);
        } else {
          current.after = op.tokens.slice(0, context);
          hunks.push(current);
          current = undefined;
        }
      }
      oldAt += n;
      newAt += n;
      continue;
    }
    if (!current) {
      const prev = ops[k - 1];
      const ctx = prev?.kind === 'same' ? prev.tokens.slice(Math.max(0, prev.tokens.length - context)) : [];
      current = { oldStart: oldAt, newStart: newAt, before: ctx, removed: [], added: [], after: [] };
    }
    if (op.kind === 'removed') {
      current.removed.push(...op.tokens);
      oldAt += op.tokens.length;
    } else {
      current.added.push(...op.tokens);
      newAt += op.tokens.length;
    }
  }
  if (current) hunks.push(current);
  return hunks;
}
