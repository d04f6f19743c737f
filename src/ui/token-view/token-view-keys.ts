// Keys of the token view → token-view actions. Left/right always move the token cursor; the
// vertical keys belong to the token view only when its pane has the focus.

import type { Key } from 'ink';
import { verticalKeyAction } from '../key-map.js';
import type { TokenViewAction } from './token-view-state.js';

export function tokenKeyAction(input: string, key: Key, focused: boolean): TokenViewAction | undefined {
  if (key.leftArrow || input === 'h') return { type: 'left' };
  if (key.rightArrow || input === 'l') return { type: 'right' };
  return focused ? verticalKeyAction(input, key) : undefined;
}
