// `tokpeek review`: the pending snapshot changes one by one — metadata, drift classes, what
// changed in the tokenizer, the old and the new tokenization opened on the first changed token
// — and a decision for each (cargo insta review's keys). A decision is written (atomically, by
// the snapshot store) the moment it is made; the screen only records that it was. The state is
// review-state.ts's reducer, the keys review-keys.ts's map, the words review-text.ts's.

import { useApp } from 'ink';
import { useMemo } from 'react';
import type { PendingChange } from '../../core/snapshot/pending-changes.js';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.js';
import { preview } from '../text.js';
import { useTheme } from '../theme.js';
import { useKeys, useRefState } from '../use-keys.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { reviewKeyAction } from './review-keys.js';
import {
  type Decision,
  type ReviewContext,
  type ReviewState,
  initialReview,
  reduceReview,
  remaining,
} from './review-state.js';
import {
  driftLine,
  explanationLines,
  hunkLine,
  metaLine,
  newTitle,
  oldTitle,
  statusFields,
  summaryLines,
  tally,
} from './review-text.js';
import { ReviewView } from './review-view.js';
import { type ReviewDiff, reviewDiff, rowOfToken, tokenLines, tokenRows } from './token-rows.js';

interface ReviewAppProps {
  changes: PendingChange[];
  /** Writes decisions to disk (the snapshot store's acceptPending / rejectPending). */
  decide: (changes: PendingChange[], decision: Decision) => void;
  /** Called with the final state when the user quits. */
  onQuit?: (state: ReviewState) => void;
  /** What changed in the tokenizer files behind a change (as `check` says it), if known. */
  explain?: (change: PendingChange) => string[];
}

/** Rows around the two token panes besides the header lines: status, two pane titles, hints. */
const FIXED_ROWS = 4;

const diffs = new WeakMap<PendingChange, ReviewDiff>();
function diffOf(change: PendingChange): ReviewDiff {
  let d = diffs.get(change);
  if (!d) diffs.set(change, (d = reviewDiff(change.old, change.new)));
  return d;
}

export function ReviewApp({ changes, decide, onQuit, explain }: ReviewAppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useTerminalSize();
  // Read through a ref by the key handler: `aaa` typed at once accepts three changes, not one thrice.
  const [state, setState, stateRef] = useRefState<ReviewState>(initialReview(changes.length));
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows - 1);
  const change = changes[state.index];
  const diff = change ? diffOf(change) : undefined;
  const hunks = diff?.hunks ?? [];
  const hunk = state.hunk < 0 ? Math.max(0, hunks.length - 1) : state.hunk;

  const header: Array<{ text: string; bold?: boolean }> = [];
  if (change) {
    header.push({ text: metaLine(change) }, { text: driftLine(change), bold: true });
    for (const text of explanationLines(explain?.(change) ?? [])) header.push({ text });
    if (hunks.length) header.push({ text: hunkLine(hunks, hunk) });
    header.push({ text: `text ${preview(change.text, width - 5)}` });
  }
  const paneRows = Math.max(1, Math.floor((height - FIXED_ROWS - header.length) / 2));

  const lines = useMemo(() => {
    if (!change) return undefined;
    const plain = !theme.color;
    return {
      old: change.old ? tokenLines(change.old, width, state.ids, plain) : [],
      new: change.new ? tokenLines(change.new, width, state.ids, plain) : [],
    };
  }, [change, width, state.ids, theme.color]);
  const rows = useMemo(() => {
    if (!lines || !diff) return undefined;
    return {
      old: tokenRows(lines.old, state.ids, { theme, highlight: (t) => diff.old[t] === 1, highlightKind: 'removed' }),
      new: tokenRows(lines.new, state.ids, { theme, highlight: (t) => diff.new[t] === 1, highlightKind: 'added' }),
    };
  }, [lines, diff, state.ids, theme]);

  // Each pane opens with the current hunk on its second row; ↑ ↓ move both from there.
  const h = hunks[hunk];
  const anchors =
    lines && h ? [rowOfToken(lines.old, h.oldStart, state.ids), rowOfToken(lines.new, h.newStart, state.ids)] : [0, 0];
  const lengths = [rows?.old.length ?? 0, rows?.new.length ?? 0];
  const home = anchors.map((a) => Math.max(0, a - 1));
  const maxTop = lengths.map((n) => Math.max(0, n - paneRows));
  const tops = home.map((t, k) => Math.max(0, Math.min(maxTop[k]!, t + state.scroll)));
  const context: ReviewContext = {
    hunks: (i) => Math.max(1, changes[i] ? diffOf(changes[i]!).hunks.length : 1),
    pageRows: paneRows,
    scrollRange: [-Math.max(...home), Math.max(0, ...maxTop.map((m, k) => m - home[k]!))],
  };

  const apply = (indices: number[], decision: Decision) => {
    if (indices.length === 0) return;
    try {
      decide(
        indices.map((i) => changes[i]!),
        decision,
      );
      setState((s) => reduceReview(s, { type: 'decided', indices, decision }));
    } catch (e) {
      setState((s) => reduceReview(s, { type: 'failed', message: (e as Error).message }));
    }
  };

  useKeys(
    (input, key) => {
      const current = stateRef.current;
      const action = reviewKeyAction(current, input, key);
      if (!action) return;
      if (action.type === 'quit') {
        onQuit?.(current);
        return exit();
      }
      if (action.type === 'decide') {
        if (action.rest) return apply(remaining(current), action.decision);
        if (current.index < current.total && !current.decisions.has(current.index))
          apply([current.index], action.decision);
        return;
      }
      setState((s) => reduceReview(s, action, context));
    },
    { isActive: true },
  );

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS)
    return <ReviewView kind="too-small" width={width} height={height} status={[]} size={size} />;
  if (state.help)
    return (
      <ReviewView
        kind="help"
        width={width}
        height={height}
        status={[`Reviewing ${Math.min(state.index + 1, state.total)}/${state.total}`, tally(state)]}
      />
    );
  if (!change || !rows || !diff)
    return (
      <ReviewView
        kind="summary"
        width={width}
        height={height}
        status={[`Reviewed ${state.total}/${state.total}`, tally(state)]}
        lines={summaryLines(state)}
      />
    );

  const decided = state.decisions.get(state.index);
  const count = (marks: Uint8Array) => marks.reduce((n, x) => n + x, 0);
  return (
    <ReviewView
      kind="change"
      width={width}
      height={height}
      status={statusFields(state, change)}
      header={header}
      paneRows={paneRows}
      panes={[
        {
          title: oldTitle(change, count(diff.old), tops[0]! + paneRows < lengths[0]!),
          rows: rows.old.slice(tops[0]),
          empty: '(no entry in the snapshot)',
        },
        {
          title: newTitle(change, count(diff.new), tops[1]! + paneRows < lengths[1]!),
          rows: rows.new.slice(tops[1]),
          empty: '(the sample is gone from the corpus)',
        },
      ]}
      message={
        state.error
          ? `⚠ could not write the decision: ${state.error}`
          : decided
            ? `already ${decided} (written) · → next · ← back · q quit`
            : undefined
      }
    />
  );
}
