// The review screen's words: status fields, the metadata, drift, explanation and change lines,
// pane titles and the closing summary. Pure: data in, strings out.

import { DRIFT_CLASS_LABELS } from '../../core/drift/classify.js';
import type { Hunk } from '../../core/snapshot/token-diff.js';
import type { PendingChange } from '../../core/snapshot/pending-changes.js';
import { label } from '../text.js';
import { plural, thousands } from '../../core/quantities.js';
import { type ReviewState, summary } from './review-state.js';
import { hunkText } from './token-rows.js';

export function tally(state: ReviewState): string {
  const c = summary(state);
  return `${c.accepted} accepted · ${c.rejected} rejected · ${c.pending} pending`;
}

export function statusFields(state: ReviewState, change: PendingChange): string[] {
  const decided = state.decisions.get(state.index);
  return [
    `Reviewing ${thousands(state.index + 1)}/${thousands(state.total)}`,
    label(change.id),
    change.kind,
    decided ? decided.toUpperCase() : 'pending',
  ];
}

/** `location corpus.txt:3 · 5 → 6 tokens · max_length 512` */
export function metaLine(change: PendingChange): string {
  const oldCount = change.old?.ids.length;
  const newCount = change.new?.ids.length;
  return [
    change.location ? `location ${label(change.location)}` : '',
    oldCount !== undefined && newCount !== undefined
      ? `${thousands(oldCount)} → ${thousands(newCount)} tokens`
      : `${thousands(oldCount ?? newCount ?? 0)} tokens`,
    change.maxLength !== undefined ? `max_length ${thousands(change.maxLength)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function driftLine(change: PendingChange): string {
  if (change.kind === 'added') return 'added: a sample the snapshot does not have yet';
  if (change.kind === 'removed') return 'removed: the sample is no longer in the corpus';
  return `drift: ${change.classes.map((c) => DRIFT_CLASS_LABELS[c]).join('; ') || 'ids changed'}`;
}

/** What changed in the tokenizer's files (as `check` says it): at most two lines. */
export function explanationLines(lines: readonly string[]): string[] {
  if (!lines.length) return [];
  const more = lines.length > 2 ? ` (+${lines.length - 2} more: tokpeek check lists them)` : '';
  return [`tokenizer changed: ${lines[0]}`, ...lines.slice(1, 2).map((l) => `                   ${l}${more}`)];
}

/** `change 2 of 3 at token 41 → 41: [·brown] → [·b] [rown]` */
export function hunkLine(hunks: readonly Hunk[], hunk: number): string {
  const h = hunks[hunk];
  if (!h) return '';
  return `change ${hunk + 1} of ${hunks.length} at token ${thousands(h.oldStart + 1)} → ${thousands(h.newStart + 1)}: ${hunkText(h)}${hunks.length > 1 ? '  (n N: next / previous change)' : ''}`;
}

export function oldTitle(change: PendingChange, changed: number, more: boolean): string {
  const body = change.old ? `${plural(change.old.ids.length, 'token')} · ${changed} not in new` : 'none';
  return ` old (snapshot) · ${body}${more ? ' · ↓ more' : ''}`;
}

export function newTitle(change: PendingChange, changed: number, more: boolean): string {
  const body = change.new ? `${plural(change.new.ids.length, 'token')} · ${changed} not in old` : 'none';
  return ` new (pending) · ${body}${more ? ' · ↓ more' : ''}`;
}

export function summaryLines(state: ReviewState): string[] {
  const c = summary(state);
  return [
    `Reviewed ${plural(state.total, 'change')}: ${c.accepted} accepted, ${c.rejected} rejected, ${c.pending} left pending.`,
    c.pending
      ? 'Skipped changes stay in their .snap.new files: `tokpeek review` again, or `tokpeek accept` / `tokpeek reject`.'
      : 'Nothing is left pending.',
    '',
    'q quits · ← goes back',
  ];
}
