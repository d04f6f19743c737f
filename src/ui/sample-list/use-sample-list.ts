// Keys of the sample list → list actions. Only mapping; the reducer decides.

import { useInput } from 'ink';
import type { ListAction } from './use-sample-list-state.js';

/**
 * `focused`: the list has the focus (pages, first/last are the list's). Up/down move the
 * selection whenever the tokens pane does not have the focus.
 */
export function useSampleListKeys(dispatch: (a: ListAction) => void, { active, focused }: { active: boolean; focused: boolean }) {
  useInput(
    (input, key) => {
      if (key.upArrow || input === 'k') dispatch({ type: 'up' });
      else if (key.downArrow || input === 'j') dispatch({ type: 'down' });
      else if (key.pageUp) dispatch({ type: 'pageUp' });
      else if (key.pageDown) dispatch({ type: 'pageDown' });
      else if (key.home || input === 'g') dispatch({ type: 'home' });
      else if (key.end || input === 'G') dispatch({ type: 'end' });
    },
    { isActive: active && focused },
  );
}
