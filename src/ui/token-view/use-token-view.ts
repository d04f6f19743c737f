// Keys of the token view → token-view actions. Left/right always move the token cursor; the
// vertical keys belong to the token view only when its pane has the focus.

import type { Key } from 'ink';
import type { TokenViewAction } from './use-token-view-state.js';

export function tokenKeyAction(input: string, key: Key, focused: boolean): TokenViewAction | undefined {
  if (key.leftArrow || input === 'h') return { type: 'left' };
  if (key.rightArrow || input === 'l') return { type: 'right' };
  if (!focused) return undefined;
  if (key.upArrow || input === 'k') return { type: 'up' };
  if (key.downArrow || input === 'j') return { type: 'down' };
  if (key.pageUp) return { type: 'pageUp' };
  if (key.pageDown) return { type: 'pageDown' };
  if (key.home || input === 'g') return { type: 'home' };
  if (key.end || input === 'G') return { type: 'end' };
  return undefined;
}
