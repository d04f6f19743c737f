// A one-line text prompt (search, max_length): the text typed so far. Pure.

export interface PromptState {
  text: string;
}

export type PromptAction = { type: 'insert'; text: string } | { type: 'backspace' } | { type: 'clear' };

export function reducePrompt(
  state: PromptState,
  action: PromptAction,
  accept: (ch: string) => boolean = () => true,
): PromptState {
  switch (action.type) {
    case 'insert': {
      // Pasted text may hold newlines or escapes: keep only what the prompt accepts, on one line.
      const chars = [...action.text].filter((c) => c >= ' ' && c !== '\x7f' && accept(c));
      return chars.length ? { text: state.text + chars.join('') } : state;
    }
    case 'backspace':
      return { text: [...state.text].slice(0, -1).join('') };
    case 'clear':
      return { text: '' };
  }
}
