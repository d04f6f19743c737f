// The review screen's frame: only places what review-app.tsx computed.

import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { HelpOverlay } from '../help/help-overlay.js';
import { REVIEW_KEYS } from '../key-map.js';
import { MIN_COLUMNS, MIN_ROWS } from '../layout.js';
import { HintBar, StatusBar } from '../status-bar/status-bar.js';
import { fit } from '../text.js';

interface ReviewPane {
  title: string;
  /** Painted rows from the window's top. */
  rows: string[];
  /** Shown when the side has no tokenization. */
  empty: string;
}

type ReviewViewProps = { width: number; height: number; status: string[] } & (
  | { kind: 'too-small'; size: { columns: number; rows: number } }
  | { kind: 'help' }
  | { kind: 'summary'; lines: string[] }
  | {
      kind: 'change';
      /** Metadata, drift, explanation, change and text lines (bold: the drift line). */
      header: Array<{ text: string; bold?: boolean }>;
      paneRows: number;
      panes: [ReviewPane, ReviewPane];
      message?: string | undefined;
    }
);

export function ReviewView(p: ReviewViewProps) {
  const { width, height } = p;
  if (p.kind === 'too-small')
    return (
      <Text>
        {fit(
          `tokpeek needs at least ${MIN_COLUMNS}×${MIN_ROWS} (this terminal is ${p.size.columns}×${p.size.rows}); q quits`,
          width,
        )}
      </Text>
    );
  const lines = (texts: Array<{ text: string; bold?: boolean }>) =>
    texts.map((l, i) => (
      <Text key={i} wrap="truncate-end" bold={l.bold}>
        {fit(l.text, width)}
      </Text>
    ));
  let body: ReactNode;
  if (p.kind === 'help') body = <HelpOverlay sections={REVIEW_KEYS} width={width} rows={height - 3} />;
  else if (p.kind === 'summary') body = lines(p.lines.map((text) => ({ text: text || ' ' })));
  else {
    const pane = ({ title, rows, empty }: ReviewPane, key: string) => {
      const shown = rows.length ? rows.slice(0, p.paneRows) : [empty];
      const out = shown.map((r, i) => (
        <Text key={`${key}${i}`} wrap="truncate-end">
          {r || ' '}
        </Text>
      ));
      while (out.length < p.paneRows) out.push(<Text key={`${key}p${out.length}`}> </Text>);
      return [
        <Text key={`${key}t`} inverse bold wrap="truncate-end">
          {fit(title, width)}
        </Text>,
        ...out,
      ];
    };
    body = [...lines(p.header), ...pane(p.panes[0], 'o'), ...pane(p.panes[1], 'n')];
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <StatusBar fields={p.status} width={width} />
      {body}
      {p.kind !== 'summary' ? (
        <HintBar sections={REVIEW_KEYS} width={width} message={p.kind === 'change' ? p.message : undefined} />
      ) : null}
    </Box>
  );
}
