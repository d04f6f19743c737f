// The status bar (top row) and the key-hint bar (bottom row).

import { Box, Text } from 'ink';
import { type KeySection, hintLine } from '../key-map.js';
import { fit } from '../text.js';

export function StatusBar({ fields, width }: { fields: string[]; width: number }) {
  return (
    <Text inverse wrap="truncate-end">
      {fit(` ${fields.filter(Boolean).join(' │ ')}`, width)}
    </Text>
  );
}

export function HintBar({
  sections,
  width,
  message,
}: {
  sections: KeySection[];
  width: number;
  message?: string | undefined;
}) {
  if (message) {
    return (
      <Text wrap="truncate-end" bold>
        {fit(message, width)}
      </Text>
    );
  }
  const hints = hintLine(sections, width - 1);
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        {hints.map((h, i) => (
          <Text key={i}>
            <Text bold>{h.keys}</Text>
            <Text dimColor>{` ${h.hint}  `}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
