// What kind of change turned one tokenization of a sample into another. Works on the
// snapshot spelling of tokens (see text-escape.ts), so a stored snapshot, a pending file,
// a live run and ids produced elsewhere are all classified the same way.

import { diffArrays } from 'diff';
import { tokenBody, tokenMark } from './text-escape.js';

export const DRIFT_CLASSES = [
  'special-tokens',
  'vocab-remap',
  'boundaries',
  'normalization',
  'unknown-tokens',
  'max-length',
] as const;
export type DriftClass = (typeof DRIFT_CLASSES)[number];

export const DRIFT_CLASS_LABELS: Record<DriftClass, string> = {
  'special-tokens': 'special tokens added/removed',
  'vocab-remap': 'same tokens, different ids (vocabulary remap)',
  boundaries: 'token boundaries moved (merges, pre-tokenization)',
  normalization: 'text seen by the model changed (normalization)',
  'unknown-tokens': 'unknown-token count changed',
  'max-length': 'length now crosses max_length',
};

export interface Tokenization {
  /** Snapshot spellings, one per id. */
  tokens: readonly string[];
  ids: readonly number[];
}

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function specials(t: Tokenization): string[] {
  return t.tokens.filter((d) => tokenMark(d) === 'special' || tokenMark(d) === 'inserted').sort();
}

function unknownCount(t: Tokenization): number {
  return t.tokens.reduce((n, d) => n + (tokenMark(d) === 'unknown' ? 1 : 0), 0);
}

/** The text the tokens stand for: ordinary tokens and special tokens written in the text, in order. */
function content(t: Tokenization): string {
  let s = '';
  for (const d of t.tokens) {
    const mark = tokenMark(d);
    if (mark === 'normal' || mark === 'special') s += tokenBody(d);
  }
  return s;
}

/** Empty when both tokenizations are the same ids. */
export function classifyDrift(before: Tokenization, after: Tokenization, maxLength?: number): DriftClass[] {
  if (sameArray(before.ids, after.ids)) return [];
  const classes = new Set<DriftClass>();
  if (!sameArray(specials(before), specials(after))) classes.add('special-tokens');
  // Tokens spelled the same on both sides (aligned by the diff) but carrying other ids.
  let oldAt = 0;
  let newAt = 0;
  for (const change of diffArrays(before.tokens as string[], after.tokens as string[])) {
    if (change.added) newAt += change.count;
    else if (change.removed) oldAt += change.count;
    else {
      for (let k = 0; k < change.count; k++)
        if (before.ids[oldAt + k] !== after.ids[newAt + k]) classes.add('vocab-remap');
      oldAt += change.count;
      newAt += change.count;
    }
  }
  const unkChanged = unknownCount(before) !== unknownCount(after);
  if (unkChanged) classes.add('unknown-tokens');
  const ordinary = (t: Tokenization) => t.tokens.filter((d) => tokenMark(d) === 'normal');
  if (!sameArray(ordinary(before), ordinary(after))) {
    // A special token now matched in the text (or no longer) moves boundaries by itself: that is its class.
    if (content(before) === content(after)) {
      if (!classes.has('special-tokens')) classes.add('boundaries');
    } else if (!unkChanged) classes.add('normalization');
  } else if (!sameArray(before.tokens, after.tokens) && !classes.has('special-tokens') && !unkChanged) {
    // Same ordinary tokens and the same special tokens, in another order: a special token moved.
    classes.add('boundaries');
  }
  if (maxLength !== undefined && before.ids.length > maxLength !== after.ids.length > maxLength)
    classes.add('max-length');
  return DRIFT_CLASSES.filter((c) => classes.has(c));
}
