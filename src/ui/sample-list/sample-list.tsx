// The sample list: one row per sample with its token count(s), markers and the start of its
// text. Only the visible rows are built.

import { Box, Text } from 'ink';
import type { CorpusSession } from '../browse/corpus-session.js';
import {
  COUNTED,
  DRIFT,
  HAS_BYTE_FALLBACK,
  HAS_UNKNOWN,
  INVISIBLE,
  LITERAL_SPECIAL,
  PARTIAL,
  ROUND_TRIP,
} from '../browse/hazards.js';
import { fit, preview, wrapWords } from '../text.js';
import { thousands } from '../../core/quantities.js';
import { findMatch } from './filter.js';
import { sgr } from '../../render/sgr.js';
import { fg, useTheme } from '../theme.js';
import { type ListModel, type ListView, sampleAt } from './list-state.js';

interface SampleListProps {
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
  /** Why the list is empty, when there is more to say than that nothing matches (the drift filter's reason). */
  emptyNote?: string | undefined;
  /** The search, whose first match is underlined in each row ('' none). */
  query?: string;
}

/**
 * A row's text start with the search's first match underlined (bold, underline): the match is
 * located on the original text (findMatch) and found again in the shown, escaped preview.
 */
export function highlightedPreview(text: string, width: number, query: string): string {
  const shown = fit(preview(text, width), width);
  const m = query ? findMatch(text, query) : undefined;
  if (!m) return shown;
  const before = preview(text.slice(0, m.start), 1 << 20);
  const match = preview(text.slice(m.start, m.end), 1 << 20);
  if (!shown.startsWith(before) || before.length >= shown.length) return shown;
  let end = before.length;
  while (end < before.length + match.length && end < shown.length && shown[end] === match[end - before.length]) end++;
  if (end === before.length) return shown;
  return `${shown.slice(0, before.length)}${sgr('1;4', shown.slice(before.length, end))}${shown.slice(end)}`;
}

const COUNT_WIDTH = 7;

interface RowMarkers {
  /** Hazard bits (hazards.ts) of every tokenizer shown, OR-ed; 0 until counted. */
  flags: number;
  truncated: boolean;
}

export function markersOf(
  session: CorpusSession,
  index: number,
  panes: number,
  maxLength: number | undefined,
): RowMarkers {
  const m = { flags: 0, truncated: false };
  for (let k = 0; k < panes; k++) {
    const f = session.flagsOf(k, index);
    if (!(f & COUNTED)) continue;
    m.flags |= f;
    if (maxLength !== undefined && session.count(k, index)! > maxLength) m.truncated = true;
  }
  return m;
}

/**
 * The marker columns of a row, one character each (explained in the help overlay):
 * `?` unknown, `~` a partial character, `#` byte fallback · `⟦` a literal special token ·
 * `↺` round-trip failure, `␣` invisible or bidi characters · `✂` truncated · `Δ` drifted.
 */
export function markerColumns(
  m: RowMarkers,
): Array<{ ch: string; kind: 'unknown' | 'special' | 'truncated' | 'drift' } | undefined> {
  const f = m.flags;
  return [
    f & HAS_UNKNOWN
      ? { ch: '?', kind: 'unknown' }
      : f & PARTIAL
        ? { ch: '~', kind: 'truncated' }
        : f & HAS_BYTE_FALLBACK
          ? { ch: '#', kind: 'truncated' }
          : undefined,
    f & LITERAL_SPECIAL ? { ch: '⟦', kind: 'special' } : undefined,
    f & ROUND_TRIP ? { ch: '↺', kind: 'unknown' } : f & INVISIBLE ? { ch: '␣', kind: 'unknown' } : undefined,
    m.truncated ? { ch: '✂', kind: 'truncated' } : undefined,
    f & DRIFT ? { ch: 'Δ', kind: 'drift' } : undefined,
  ];
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
  emptyNote,
  query = '',
}: SampleListProps) {
  const theme = useTheme();
  const marks = theme.palette.marks;
  const total = session.samples.length;
  const reading = !session.readingDone;
  const shown = model.indices ? `${thousands(view.length)} of ${thousands(total)}` : thousands(total);
  const position = view.length ? `${thousands(view.position + 1)}/` : '';
  // What narrows the list comes first: a narrow list cuts the title's end, never the filter's count.
  const title = narrowedBy
    ? ` ${narrowedBy} · ${position}${shown} samples${reading ? ' (reading…)' : ''}`
    : ` samples ${position}${shown}${reading ? ' (reading…)' : ''}`;
  const lines = [];
  const textWidth = width - 1 - COUNT_WIDTH * panes - 7;
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
    const flags = markerColumns(m)
      .map((c) => (c ? sgr(theme.color ? `1;${fg(marks[c.kind])}` : '1', c.ch) : ' '))
      .join('');
    const row =
      (selected ? '▸' : ' ') +
      (selected ? counts : sgr('2', counts)) +
      ' ' +
      flags +
      ' ' +
      highlightedPreview(sample.text, textWidth, query);
    lines.push(
      <Text key={r} inverse={selected && focused} bold={selected && !focused}>
        {row}
      </Text>,
    );
  }
  if (view.length === 0 && emptyNote && total > 0) {
    // Word-wrapped over the list's rows: the reason is the whole point of the empty list.
    wrapWords(`${emptyNote} (c clears the filter)`, width - 2)
      .slice(0, rows)
      .forEach((line, r) => {
        lines[r] = (
          <Text key={r} dimColor>
            {fit(`  ${line}`, width)}
          </Text>
        );
      });
  } else if (view.length === 0 && rows > 0) {
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
