// Keys of the sample list → list actions. Only mapping; the reducer decides what they do.

import type { Key } from 'ink';
import type { ListAction } from './use-sample-list-state.js';

export function listKeyAction(input: string, key: Key): ListAction | undefined {
  if (key.upArrow || input === 'k') return { type: 'up' };
  if (key.downArrow || input === 'j') return { type: 'down' };
  if (key.pageUp) return { type: 'pageUp' };
  if (key.pageDown) return { type: 'pageDown' };
  if (key.home || input === 'g') return { type: 'home' };
  if (key.end || input === 'G') return { type: 'end' };
  return undefined;
}
