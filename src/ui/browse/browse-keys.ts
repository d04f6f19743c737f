// Keys of the browse screen → actions. Only mapping, pure: what a key means depends on the
// screen's state (a prompt open takes every key; the focused pane takes the vertical keys).

import type { Key } from 'ink';
import { promptKeyAction } from '../prompt/prompt-keys.js';
import { listKeyAction } from '../sample-list/list-keys.js';
import { tokenKeyAction } from '../token-view/token-view-keys.js';
import type { BrowseAction, BrowseState } from './browse-state.js';

export function browseKeyAction(state: BrowseState, input: string, key: Key): BrowseAction | undefined {
  if (state.mode === 'search' || state.mode === 'max-length') {
    const action = promptKeyAction(input, key);
    if (action === 'submit') return { type: 'submitPrompt' };
    if (action === 'cancel') return { type: 'cancelPrompt' };
    return action ? { type: 'prompt', action } : undefined;
  }
  if (state.mode === 'help') {
    if (key.upArrow || input === 'k') return { type: 'scrollHelp', delta: -1 };
    if (key.downArrow || input === 'j') return { type: 'scrollHelp', delta: 1 };
    return { type: 'closeHelp' };
  }
  // The totals pane: q still quits, any other key closes it.
  if (state.mode === 'totals' && input !== 'q') return { type: 'closeTotals' };
  if (input === 'q' || key.escape) return { type: 'quit' };
  if (input === 't') return { type: 'openTotals' };
  if (input === 'y') return { type: 'copy', pane: 0 };
  if (input === 'Y') return { type: 'copy', pane: 1 };
  if (input === '?') return { type: 'openHelp' };
  if (input === '/') return { type: 'openPrompt', mode: 'search' };
  if (input === 'm') return { type: 'openPrompt', mode: 'max-length' };
  if (key.tab) return { type: 'toggleFocus' };
  if (key.return && state.focus === 'list') return { type: 'focusTokens' };
  if (input === 'f') return { type: 'nextFilter' };
  if (input === 'F') return { type: 'previousFilter' };
  if (input === 'c') return { type: 'clear' };
  if (input === 'i') return { type: 'toggleIds' };
  if (input === 's') return { type: 'toggleSide' };
  if (input === '+' || input === '=') return { type: 'nudgeMaxLength', delta: 1 };
  if (input === '-') return { type: 'nudgeMaxLength', delta: -1 };
  if (input === 'n') return { type: 'jump', direction: 1 };
  if (input === 'N') return { type: 'jump', direction: -1 };
  const tokens = tokenKeyAction(input, key, state.focus === 'tokens');
  if (tokens) return { type: 'tokens', action: tokens };
  const list = state.focus === 'list' ? listKeyAction(input, key) : undefined;
  return list ? { type: 'list', action: list } : undefined;
}
