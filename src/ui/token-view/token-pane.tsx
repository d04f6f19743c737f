// A token pane: a title row, then the wrapped sample from the window's top line, with the
// cursor and compare highlights painted over token-text.ts's styles.

import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { textLines } from '../layout.js';
import { fit } from '../text.js';
import { PinnedRow } from '../pinned-row.js';
import { type Overlay, paintIdLine, paintLine } from './paint.js';
import type { LinePos, SampleLayout } from './wrap.js';

export interface TokenPaneProps {
  title: string;
  focused: boolean;
  width: number;
  /** Content rows (without the title). */
  rows: number;
  layout: SampleLayout | undefined;
  top: LinePos;
  overlay: Overlay;
  /** Shown instead of tokens (loading, errors). */
  message?: string;
  /** Drawn before every row, one column wide (side by side: the pinned divider, ui/text.ts pinnedEdge). */
  edge?: string;
}

export function TokenPane({ title, focused, width, rows, layout, top, overlay, message, edge = '' }: TokenPaneProps) {
  const ids = layout?.options.ids ?? false;
  const out: ReactNode[] = [];
  if (layout && !message) {
    for (const { pos, cells } of layout.window(top, textLines(rows, ids))) {
      const key = `${pos.para}:${pos.line}`;
      out.push(
        <Text key={key} wrap="truncate-end">
          {paintLine(cells, overlay) || ' '}
        </Text>,
      );
      if (ids)
        out.push(
          <Text key={`${key}i`} wrap="truncate-end">
            {paintIdLine(cells, overlay) || ' '}
          </Text>,
        );
    }
  } else if (message) {
    out.push(
      <Text key="m" dimColor wrap="truncate-end">
        {message}
      </Text>,
    );
  }
  while (out.length < rows) out.push(<Text key={`pad${out.length}`}> </Text>);
  return (
    <Box flexDirection="column" width={width + (edge ? 1 : 0)} height={rows + 1} flexShrink={0}>
      <PinnedRow edge={edge}>
        <Text wrap="truncate-end" inverse={focused} bold>
          {fit(title, width)}
        </Text>
      </PinnedRow>
      {out.slice(0, rows).map((row, i) => (
        <PinnedRow key={i} edge={edge}>
          {row}
        </PinnedRow>
      ))}
    </Box>
  );
}
