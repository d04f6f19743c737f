// Keys of a prompt → prompt actions; Enter submits, Esc cancels. While a prompt is open it
// takes every key (so `q` can be typed), except Ctrl-C which Ink handles.

import type { Key } from 'ink';
import type { PromptAction } from './prompt-state.js';

export function promptKeyAction(input: string, key: Key): PromptAction | 'submit' | 'cancel' | undefined {
  if (key.return) return 'submit';
  if (key.escape) return 'cancel';
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.ctrl && input === 'u') return { type: 'clear' };
  if (!key.ctrl && !key.meta && input) return { type: 'insert', text: input };
  return undefined;
}
