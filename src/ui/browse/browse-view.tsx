// The browse screen's frame: status bar, sample list, token pane(s), detail lines, the hint bar
// or a prompt, or the help overlay. Only reads what browse-app.tsx computed.

import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { HelpOverlay } from '../help/help-overlay.js';
import { BROWSE_KEYS } from '../key-map.js';
import { MIN_COLUMNS, MIN_ROWS, type ScreenLayout } from '../layout.js';
import { Prompt } from '../prompt/prompt.js';
import { HintBar, StatusBar } from '../status-bar/status-bar.js';
import { fit, pinnedEdge } from '../text.js';
import { PinnedRow } from '../pinned-row.js';
import { displayWidth } from '../../render/display-width.js';
import { TokenPane, type TokenPaneProps } from '../token-view/token-pane.js';
import type { Mode } from './browse-state.js';

interface BrowseViewProps {
  screen: ScreenLayout;
  /** The terminal's size, for the too-small message. */
  size: { columns: number; rows: number };
  mode: Mode;
  helpScroll: number;
  status: string[];
  list: ReactNode;
  panes: TokenPaneProps[];
  detail: [string, string];
  /** The second detail line is secondary (dim) with one pane. */
  dimSecond: boolean;
  /** The prompt line while a prompt is open. */
  prompt?: { label: string; text: string; note: string } | undefined;
  /** The totals pane's rows (`t`): a header row, then a measure per row, a column per tokenizer. */
  totals?: string[][] | undefined;
  /** Replaces the key hints (a reading error). */
  hintMessage?: string | undefined;
}

export function BrowseView(p: BrowseViewProps) {
  const { screen } = p;
  if (screen.tooSmall) {
    return (
      <Text>
        {fit(
          `tokpeek needs at least ${MIN_COLUMNS}×${MIN_ROWS} (this terminal is ${p.size.columns}×${p.size.rows}); q quits`,
          screen.columns,
        )}
      </Text>
    );
  }
  const width = screen.panes[0]!.width;
  // Side by side, every row right of the list starts with the divider, pinned to its column.
  const edge = screen.arrangement === 'side' ? pinnedEdge(screen.list.width) : '';
  const tokenBoxes = (
    <Box flexDirection="column" flexShrink={0}>
      {p.panes.map((pane, k) => (
        <TokenPane key={k} {...pane} edge={edge} />
      ))}
      {p.detail.map((d, i) => (
        <PinnedRow key={i} edge={edge}>
          <Text wrap="truncate-end" dimColor={i > 0 && p.dimSecond}>
            {fit(d, width)}
          </Text>
        </PinnedRow>
      ))}
    </Box>
  );

  let body: ReactNode;
  if (p.mode === 'help')
    body = (
      <HelpOverlay sections={BROWSE_KEYS} width={screen.columns} rows={screen.body.rows - 1} scroll={p.helpScroll} />
    );
  else if (p.mode === 'totals' && p.totals)
    body = <TotalsPane rows={p.totals} width={screen.columns} height={screen.body.rows} />;
  else if (screen.arrangement === 'side')
    body = (
      <Box flexDirection="row" height={screen.body.rows}>
        {p.list}
        {tokenBoxes}
      </Box>
    );
  else
    body = (
      <Box flexDirection="column" height={screen.body.rows}>
        {p.list}
        {tokenBoxes}
      </Box>
    );

  const bottom = p.prompt ? (
    <Prompt label={p.prompt.label} text={p.prompt.text} width={screen.columns} note={p.prompt.note} />
  ) : (
    <HintBar sections={BROWSE_KEYS} width={screen.columns} message={p.hintMessage} />
  );

  return (
    <Box flexDirection="column" width={screen.columns} height={screen.height}>
      <StatusBar fields={p.status} width={screen.columns} />
      {body}
      {bottom}
    </Box>
  );
}

/** The corpus totals, a column per tokenizer, columns as wide as their widest cell. */
function TotalsPane({ rows, width, height }: { rows: string[][]; width: number; height: number }) {
  const columns = rows[0]!.length;
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (r: string[]) => ' ' + r.map((cell, c) => fit(cell, widths[c]!)).join('   ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text inverse bold>
        {fit(' corpus totals — over the samples counted so far; any key closes', width)}
      </Text>
      <Text bold>{fit(line(rows[0]!), width)}</Text>
      {rows.slice(1, height - 1).map((r, i) => (
        <Text key={i}>{fit(line(r), width)}</Text>
      ))}
    </Box>
  );
}
