// The sample list: one row per sample with its token count(s), markers and the start of its
// text. Only the visible rows are built.

import { Box, Text } from 'ink';
import { type CorpusSession, FLAG_COUNTED, FLAG_DRIFT, FLAG_UNKNOWN } from '../browse/corpus-session.js';
import { fit, preview, thousands } from '../text.js';
import { fg, useTheme } from '../theme.js';
import { type ListModel, type ListView, sampleAt } from './list-state.js';

/** `text` in SGR `codes`, ending in a reset of just those attributes' effect (`0` would end the row's inverse). */
function style(text: string, codes: string): string {
  return `\x1b[${codes}m${text}\x1b[22;39m`;
}

export interface SampleListProps {
  session: CorpusSession;
  model: ListModel;
  view: ListView;
  rows: number;
  width: number;
  focused: boolean;
  /** Tokenizers whose counts are shown (1, or 2 in compare mode). */
  panes: number;
  maxLength: number | undefined;
  /** What narrows the list ('' when nothing). */
  narrowedBy: string;
}

export const COUNT_WIDTH = 7;

export interface RowMarkers {
  unknown: boolean;
  truncated: boolean;
  drift: boolean;
}

export function markersOf(
  session: CorpusSession,
  index: number,
  panes: number,
  maxLength: number | undefined,
): RowMarkers {
  const m = { unknown: false, truncated: false, drift: false };
  for (let k = 0; k < panes; k++) {
    const f = session.flagsOf(k, index);
    if (!(f & FLAG_COUNTED)) continue;
    if (f & FLAG_UNKNOWN) m.unknown = true;
    if (f & FLAG_DRIFT) m.drift = true;
    if (maxLength !== undefined && session.count(k, index)! > maxLength) m.truncated = true;
  }
  return m;
}

export function SampleList({
  session,
  model,
  view,
  rows,
  width,
  focused,
  panes,
  maxLength,
  narrowedBy,
}: SampleListProps) {
  const theme = useTheme();
  const marks = theme.palette.marks;
  const total = session.samples.length;
  const reading = !session.readingDone;
  const shown = model.indices ? `${thousands(view.length)} of ${thousands(total)}` : thousands(total);
  const position = view.length ? `${thousands(view.position + 1)}/` : '';
  const title = ` samples ${position}${shown}${reading ? ' (reading…)' : ''}${narrowedBy ? ` · ${narrowedBy}` : ''}`;
  const lines = [];
  const textWidth = width - 1 - COUNT_WIDTH * panes - 5;
  for (let r = 0; r < rows; r++) {
    const pos = view.offset + r;
    const i = sampleAt(model, pos);
    if (i === undefined) {
      lines.push(<Text key={r}> </Text>);
      continue;
    }
    const sample = session.samples[i]!;
    const selected = pos === view.position;
    const counts = Array.from({ length: panes }, (_, k) => {
      const c = session.count(k, i);
      return (c === undefined ? '·' : thousands(c)).padStart(COUNT_WIDTH);
    }).join('');
    const m = markersOf(session, i, panes, maxLength);
    // One pre-styled string per row: a row of nested <Text>s costs Ink a layout node each.
    const flag = (on: boolean, ch: string, colour: number) =>
      on ? style(ch, theme.color ? `1;${fg(colour)}` : '1') : ' ';
    const row =
      (selected ? '▸' : ' ') +
      (selected ? counts : style(counts, '2')) +
      ' ' +
      flag(m.unknown, '?', marks.unknown) +
      flag(m.truncated, '✂', marks.truncated) +
      flag(m.drift, 'Δ', marks.drift) +
      ' ' +
      fit(preview(sample.text, textWidth), textWidth);
    lines.push(
      <Text key={r} inverse={selected && focused} bold={selected && !focused}>
        {row}
      </Text>,
    );
  }
  if (view.length === 0 && rows > 0) {
    lines[0] = (
      <Text key={0} dimColor>
        {fit(
          total === 0
            ? reading
              ? '  reading the corpus…'
              : '  no samples'
            : '  no sample matches (c clears search and filter)',
          width,
        )}
      </Text>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={rows + 1} flexShrink={0}>
      <Text wrap="truncate-end" inverse={focused} bold>
        {fit(title, width)}
      </Text>
      {lines}
    </Box>
  );
}
