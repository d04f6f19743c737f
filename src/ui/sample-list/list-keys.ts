// Keys of the sample list → list actions. Only mapping; the reducer decides what they do.

import type { Key } from 'ink';
import { verticalKeyAction } from '../key-map.js';
import type { ListAction } from './list-state.js';

export function listKeyAction(input: string, key: Key): ListAction | undefined {
  return verticalKeyAction(input, key);
}
