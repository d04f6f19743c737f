// Keys of a prompt → prompt actions; Enter submits, Esc cancels. While a prompt is open it
// takes every key (so `q` can be typed), except Ctrl-C which Ink handles.

import { useInput } from 'ink';
import type { PromptAction } from './use-prompt-state.js';

export function usePromptKeys(
  dispatch: (a: PromptAction) => void,
  { active, onSubmit, onCancel }: { active: boolean; onSubmit: () => void; onCancel: () => void },
) {
  useInput(
    (input, key) => {
      if (key.return) onSubmit();
      else if (key.escape) onCancel();
      else if (key.backspace || key.delete) dispatch({ type: 'backspace' });
      else if (key.ctrl && input === 'u') dispatch({ type: 'clear' });
      else if (!key.ctrl && !key.meta && input) dispatch({ type: 'insert', text: input });
    },
    { isActive: active },
  );
}
