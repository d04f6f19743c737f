// Keys of review mode → review commands (cargo insta review's keys). Only mapping.

import type { Key } from 'ink';

export type ReviewCommand =
  | 'accept'
  | 'reject'
  | 'skip'
  | 'back'
  | 'acceptAll'
  | 'rejectAll'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'ids'
  | 'help'
  | 'quit';

export function reviewKeyAction(input: string, key: Key): ReviewCommand | undefined {
  if (input === 'a') return 'accept';
  if (input === 'r') return 'reject';
  if (input === 's' || key.rightArrow) return 'skip';
  if (key.leftArrow) return 'back';
  if (input === 'A') return 'acceptAll';
  if (input === 'R') return 'rejectAll';
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (input === 'i') return 'ids';
  if (input === '?') return 'help';
  if (input === 'q' || key.escape) return 'quit';
  return undefined;
}
