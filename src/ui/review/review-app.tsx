// `tokpeek review`: the pending snapshot changes one by one — metadata, drift classes, the old
// and the new tokenization with the tokens that differ highlighted — and a decision for each
// (cargo insta review's keys). A decision is written (atomically, by the snapshot store) the
// moment it is made; the screen only records that it was.

import { Box, Text, useApp } from 'ink';
import { useMemo } from 'react';
import { DRIFT_CLASS_LABELS } from '../../core/snapshot/classify.js';
import type { PendingChange } from '../../snapshot/store.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { HelpOverlay } from '../help/help-overlay.js';
import { REVIEW_KEYS } from '../keys.js';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.js';
import { HintBar, StatusBar } from '../status-bar/status-bar.js';
import { fit, label, plural, preview, thousands } from '../text.js';
import { useTheme } from '../theme.js';
import { useKeys, useRefState } from '../use-keys.js';
import { ADDED_BG, REMOVED_BG, changedTokens, tokenLines, tokenRows } from './token-rows.js';
import { type Decision, type ReviewState, initialReview, reduceReview, remaining, summary } from './review-state.js';
import { reviewKeyAction } from './review-keys.js';

export interface ReviewAppProps {
  changes: PendingChange[];
  /** Writes decisions to disk (the snapshot store's acceptPending / rejectPending). */
  decide: (changes: PendingChange[], decision: Decision) => void;
  /** Called with the final state when the user quits. */
  onQuit?: (state: ReviewState) => void;
}

/** Fixed rows around the two token panes: status, two metadata lines, text, two pane titles, hints. */
const CHROME_ROWS = 7;

export function ReviewApp({ changes, decide, onQuit }: ReviewAppProps) {
  const { exit } = useApp();
  const theme = useTheme();
  const size = useTerminalSize();
  // Read through a ref by the key handler: `aaa` typed at once accepts three changes, not one thrice.
  const [state, setState, stateRef] = useRefState<ReviewState>(initialReview(changes.length));
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows - 1);
  const paneRows = Math.max(1, Math.floor((height - CHROME_ROWS) / 2));
  const change = changes[state.index];

  const view = useMemo(() => {
    if (!change) return undefined;
    const marks = changedTokens(change.old, change.new);
    const old = change.old ? tokenLines(change.old, width, state.ids) : [];
    const neu = change.new ? tokenLines(change.new, width, state.ids) : [];
    return {
      old: tokenRows(old, state.ids, {
        color: theme.color,
        highlight: (t) => marks.old[t] === 1,
        highlightBg: REMOVED_BG,
      }),
      new: tokenRows(neu, state.ids, {
        color: theme.color,
        highlight: (t) => marks.new[t] === 1,
        highlightBg: ADDED_BG,
      }),
      removed: marks.old.reduce((n, x) => n + x, 0),
      added: marks.new.reduce((n, x) => n + x, 0),
    };
  }, [change, width, state.ids, theme.color]);

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
      const state = stateRef.current;
      const command = reviewKeyAction(input, key);
      if (state.help && command !== 'quit') return setState((s) => reduceReview(s, { type: 'toggleHelp' }));
      const max = Math.max(0, Math.max(view?.old.length ?? 0, view?.new.length ?? 0) - paneRows);
      switch (command) {
        case 'quit':
          onQuit?.(state);
          return exit();
        case 'accept':
        case 'reject':
          if (state.index < state.total && !state.decisions.has(state.index))
            apply([state.index], command === 'accept' ? 'accepted' : 'rejected');
          return;
        case 'acceptAll':
        case 'rejectAll':
          return apply(remaining(state), command === 'acceptAll' ? 'accepted' : 'rejected');
        case 'skip':
        case 'back':
          return setState((s) => reduceReview(s, { type: command }));
        case 'up':
        case 'down':
        case 'pageUp':
        case 'pageDown': {
          const delta = command === 'up' ? -1 : command === 'down' ? 1 : command === 'pageUp' ? -paneRows : paneRows;
          return setState((s) => reduceReview(s, { type: 'scroll', delta, max }));
        }
        case 'ids':
          return setState((s) => reduceReview(s, { type: 'toggleIds' }));
        case 'help':
          return setState((s) => reduceReview(s, { type: 'toggleHelp' }));
      }
    },
    { isActive: true },
  );

  if (size.columns < MIN_COLUMNS || size.rows < MIN_ROWS) {
    return (
      <Text>
        {fit(
          `tokpeek needs at least ${MIN_COLUMNS}×${MIN_ROWS} (this terminal is ${size.columns}×${size.rows}); q quits`,
          width,
        )}
      </Text>
    );
  }

  const counts = summary(state);
  const tally = `${counts.accepted} accepted · ${counts.rejected} rejected · ${counts.pending} pending`;
  if (state.help) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        <StatusBar
          fields={[`Reviewing ${Math.min(state.index + 1, state.total)}/${state.total}`, tally]}
          width={width}
        />
        <HelpOverlay sections={REVIEW_KEYS} width={width} rows={height - 3} />
        <HintBar sections={REVIEW_KEYS} width={width} />
      </Box>
    );
  }
  if (!change || !view) {
    const lines = [
      `Reviewed ${plural(state.total, 'change')}: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.pending} left pending.`,
      counts.pending
        ? 'Skipped changes stay in their .snap.new files: `tokpeek review` again, or `tokpeek accept` / `tokpeek reject`.'
        : 'Nothing is left pending.',
      '',
      'q quits · ← goes back',
    ];
    return (
      <Box flexDirection="column" width={width} height={height}>
        <StatusBar fields={[`Reviewed ${state.total}/${state.total}`, tally]} width={width} />
        {lines.map((l, i) => (
          <Text key={i} wrap="truncate-end">
            {l || ' '}
          </Text>
        ))}
      </Box>
    );
  }

  const decided = state.decisions.get(state.index);
  const status = [
    `Reviewing ${thousands(state.index + 1)}/${thousands(state.total)}`,
    label(change.id),
    change.kind,
    decided ? decided.toUpperCase() : 'pending',
  ];
  const oldCount = change.old?.ids.length;
  const newCount = change.new?.ids.length;
  const meta = [
    change.location ? `location ${label(change.location)}` : '',
    oldCount !== undefined && newCount !== undefined
      ? `${thousands(oldCount)} → ${thousands(newCount)} tokens`
      : `${thousands(oldCount ?? newCount ?? 0)} tokens`,
    change.maxLength !== undefined ? `max_length ${thousands(change.maxLength)}` : '',
  ].filter(Boolean);
  const drift =
    change.kind === 'added'
      ? 'added: a sample the snapshot does not have yet'
      : change.kind === 'removed'
        ? 'removed: the sample is no longer in the corpus'
        : `drift: ${change.classes.map((c) => DRIFT_CLASS_LABELS[c]).join('; ') || 'ids changed'}`;
  const pane = (rows: string[], emptyMessage: string) => {
    const shown = rows.length ? rows.slice(state.scroll, state.scroll + paneRows) : [emptyMessage];
    const out = shown.map((r, i) => (
      <Text key={i} wrap="truncate-end">
        {r || ' '}
      </Text>
    ));
    while (out.length < paneRows) out.push(<Text key={`p${out.length}`}> </Text>);
    return out;
  };
  const more = Math.max(view.old.length, view.new.length) > state.scroll + paneRows ? ' · ↓ more' : '';
  const message = state.error
    ? `⚠ could not write the decision: ${state.error}`
    : decided
      ? `already ${decided} (written) · → next · ← back · q quit`
      : undefined;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <StatusBar fields={status} width={width} />
      <Text wrap="truncate-end">{fit(meta.join(' · '), width)}</Text>
      <Text wrap="truncate-end" bold>
        {fit(drift, width)}
      </Text>
      <Text wrap="truncate-end">{fit(`text ${preview(change.text, width - 5)}`, width)}</Text>
      <Text inverse bold wrap="truncate-end">
        {fit(
          ` old (snapshot) · ${change.old ? `${plural(oldCount!, 'token')} · ${view.removed} not in new` : 'none'}${more}`,
          width,
        )}
      </Text>
      {pane(view.old, '(no entry in the snapshot)')}
      <Text inverse bold wrap="truncate-end">
        {fit(
          ` new (pending) · ${change.new ? `${plural(newCount!, 'token')} · ${view.added} not in old` : 'none'}`,
          width,
        )}
      </Text>
      {pane(view.new, '(the sample is gone from the corpus)')}
      <HintBar sections={REVIEW_KEYS} width={width} message={message} />
    </Box>
  );
}
