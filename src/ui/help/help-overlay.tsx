// The `?` overlay: every key (from key-map.ts) and what the token styles mean.

import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { KeySection } from '../key-map.js';
import { fit } from '../text.js';

const STYLE_LEGEND = [
  'Tokens: alternating backgrounds (colour) or [brackets] (mono, NO_COLOR); · space → tab ⏎ newline',
  '⟦special⟧ a special token written in the text (bold magenta), ⟦+inserted⟧ added by the tokenizer',
  '(italic blue), [UNK:…] unknown, <0xNN> byte fallback, partial-character tokens underlined with',
  '{the character} after them; ✂ the max_length cut, dropped tokens dim. Differences (compare,',
  'review): red / green in two shades, underlined, each token still its own. ␛ ⟨U+XXXX⟩: escaped text.',
  'List markers: ? unknown  ~ partial character  # byte fallback  ⟦ literal special token',
  '↺ round-trip failure  ␣ invisible/bidi characters  ✂ truncated  Δ drifted from the snapshot',
  'Filters (f): special unknown byte-fallback partial invisible round-trip truncated drift',
];

export function HelpOverlay({
  sections,
  width,
  rows,
  scroll = 0,
}: {
  sections: KeySection[];
  width: number;
  rows: number;
  scroll?: number;
}) {
  const keyWidth = Math.max(...sections.flatMap((s) => s.keys.map((k) => k.keys.length))) + 2;
  const lines: ReactNode[] = [];
  for (const s of sections) {
    lines.push(
      <Text key={`t${s.title}`} bold underline>
        {s.title}
      </Text>,
    );
    for (const k of s.keys)
      lines.push(
        <Text key={`${s.title}${k.keys}`} wrap="truncate-end">
          <Text bold>{`  ${k.keys.padEnd(keyWidth)}`}</Text>
          <Text>{k.help}</Text>
        </Text>,
      );
  }
  lines.push(<Text key="gap"> </Text>);
  STYLE_LEGEND.forEach((l, i) =>
    lines.push(
      <Text key={`l${i}`} dimColor wrap="truncate-end">
        {l}
      </Text>,
    ),
  );
  return (
    <Box flexDirection="column" width={width} height={rows + 1}>
      <Text inverse bold>
        {fit(` keys — ↑ ↓ scroll, any other key closes this help`, width)}
      </Text>
      {lines.slice(
        Math.max(0, Math.min(scroll, lines.length - rows)),
        Math.max(0, Math.min(scroll, lines.length - rows)) + rows,
      )}
    </Box>
  );
}
