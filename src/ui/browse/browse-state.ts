// The browse screen's own state (what is not the list's or the token view's): the mode (a
// prompt or the help overlay open), which pane has the focus, the display switches, max_length,
// the search and the filter. A pure reducer; browse-keys.ts maps keys to its actions.

import type { ListAction } from '../sample-list/list-state.js';
import { type MarkerFilter, MARKER_FILTERS } from '../sample-list/filter.js';
import { type PromptAction, type PromptState, reducePrompt } from '../prompt/prompt-state.js';
import type { TokenViewAction } from '../token-view/token-view-state.js';

export type Mode = 'browse' | 'search' | 'max-length' | 'help' | 'totals';
type Focus = 'list' | 'tokens';

export interface BrowseState {
  mode: Mode;
  focus: Focus;
  /** Ids under the tokens. */
  ids: boolean;
  maxLength: number | undefined;
  side: 'left' | 'right';
  /** The search kept with Enter ('' none); while typing, `prompt.text` is the live query. */
  query: string;
  prompt: PromptState;
  filter: MarkerFilter;
  helpScroll: number;
  /** One line of news in place of the key hints until the next key (what `y` copied). */
  notice: string;
}

/** Actions of this reducer. */
type BrowseStateAction =
  | { type: 'openHelp' | 'closeHelp' | 'toggleFocus' | 'focusTokens' | 'nextFilter' | 'previousFilter' | 'clear' }
  | { type: 'openTotals' | 'closeTotals' }
  | { type: 'notice'; text: string }
  | { type: 'toggleIds' | 'toggleSide' | 'submitPrompt' | 'cancelPrompt' }
  | { type: 'scrollHelp'; delta: number }
  | { type: 'openPrompt'; mode: 'search' | 'max-length' }
  | { type: 'prompt'; action: PromptAction }
  /** max_length ± 1; from the current sample's length when none is set. */
  | { type: 'nudgeMaxLength'; delta: 1 | -1 };

/** Actions the screen carries out elsewhere: on the list, the token view, the app. */
type BrowseEffect =
  | { type: 'quit' }
  | { type: 'jump'; direction: 1 | -1 }
  /** Copy the ids of the selected sample under tokenizer `pane` (0: A, 1: B) to the clipboard. */
  | { type: 'copy'; pane: 0 | 1 }
  | { type: 'list'; action: ListAction }
  | { type: 'tokens'; action: TokenViewAction };

export type BrowseAction = BrowseStateAction | BrowseEffect;

interface BrowseContext {
  /** Tokens in the selected sample (for the first max_length nudge), when known. */
  sampleTokens?: number | undefined;
}

export function initialBrowse(options: { maxLength?: number | undefined; side?: 'left' | 'right' } = {}): BrowseState {
  return {
    mode: 'browse',
    focus: 'list',
    ids: false,
    maxLength: options.maxLength,
    side: options.side ?? 'right',
    query: '',
    prompt: { text: '' },
    filter: 'all',
    helpScroll: 0,
    notice: '',
  };
}

const digitsOnly = (c: string) => /[0-9]/.test(c);

/** The query the list is narrowed by right now (the prompt's text while searching). */
export function liveQuery(state: BrowseState): string {
  return state.mode === 'search' ? state.prompt.text : state.query;
}

export function reduceBrowse(state: BrowseState, action: BrowseAction, context: BrowseContext = {}): BrowseState {
  // A notice lasts until the next key.
  if (state.notice && action.type !== 'notice') state = { ...state, notice: '' };
  switch (action.type) {
    case 'notice':
      return { ...state, notice: action.text };
    case 'openTotals':
      return { ...state, mode: 'totals' };
    case 'closeTotals':
      return { ...state, mode: 'browse' };
    case 'openHelp':
      return { ...state, mode: 'help', helpScroll: 0 };
    case 'closeHelp':
      return { ...state, mode: 'browse' };
    case 'scrollHelp':
      return { ...state, helpScroll: Math.max(0, state.helpScroll + action.delta) };
    case 'toggleFocus':
      return { ...state, focus: state.focus === 'list' ? 'tokens' : 'list' };
    case 'focusTokens':
      return { ...state, focus: 'tokens' };
    case 'nextFilter':
    case 'previousFilter': {
      const step = action.type === 'nextFilter' ? 1 : MARKER_FILTERS.length - 1;
      return {
        ...state,
        filter: MARKER_FILTERS[(MARKER_FILTERS.indexOf(state.filter) + step) % MARKER_FILTERS.length]!,
      };
    }
    case 'clear':
      return { ...state, filter: 'all', query: '' };
    case 'toggleIds':
      return { ...state, ids: !state.ids };
    case 'toggleSide':
      return { ...state, side: state.side === 'right' ? 'left' : 'right' };
    case 'openPrompt':
      return { ...state, mode: action.mode, prompt: { text: action.mode === 'search' ? state.query : '' } };
    case 'prompt':
      return {
        ...state,
        prompt: reducePrompt(state.prompt, action.action, state.mode === 'max-length' ? digitsOnly : undefined),
      };
    case 'cancelPrompt':
      return { ...state, mode: 'browse' };
    case 'submitPrompt': {
      const text = state.prompt.text;
      if (state.mode === 'search') return { ...state, mode: 'browse', query: text };
      if (state.mode !== 'max-length') return state;
      const n = Number(text);
      return { ...state, mode: 'browse', maxLength: text === '' || !(n >= 1) ? undefined : n };
    }
    case 'nudgeMaxLength': {
      const tokens = context.sampleTokens;
      const current = state.maxLength ?? (tokens !== undefined ? tokens + (action.delta < 0 ? 0 : -1) : undefined);
      return current === undefined ? state : { ...state, maxLength: Math.max(1, current + action.delta) };
    }
    default:
      // Effects leave this state as it is.
      return state;
  }
}
