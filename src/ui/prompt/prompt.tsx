// The prompt line: a label, the text typed (made visible), a block cursor.

import { Text } from 'ink';
import { label as safe, truncateStart } from '../text.js';
import { displayWidth } from '../../render/display-width.js';

export function Prompt({ label, text, width, note }: { label: string; text: string; width: number; note?: string }) {
  const shown = safe(text);
  const room = Math.max(1, width - displayWidth(label) - 2 - (note ? displayWidth(note) + 2 : 0));
  return (
    <Text wrap="truncate-end">
      <Text bold>{label}</Text>
      <Text>{truncateStart(shown, room)}</Text>
      <Text inverse> </Text>
      {note ? <Text dimColor>{`  ${note}`}</Text> : null}
    </Text>
  );
}
