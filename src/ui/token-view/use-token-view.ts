// Keys of the token view → token-view actions. Left/right always move the token cursor; the
// vertical keys belong to the token view only when its pane has the focus.

import { useInput } from 'ink';
import type { TokenViewAction } from './use-token-view-state.js';

export function useTokenViewKeys(dispatch: (a: TokenViewAction) => void, { active, focused }: { active: boolean; focused: boolean }) {
  useInput(
    (input, key) => {
      if (key.leftArrow || input === 'h') dispatch({ type: 'left' });
      else if (key.rightArrow || input === 'l') dispatch({ type: 'right' });
      else if (!focused) return;
      else if (key.upArrow || input === 'k') dispatch({ type: 'up' });
      else if (key.downArrow || input === 'j') dispatch({ type: 'down' });
      else if (key.pageUp) dispatch({ type: 'pageUp' });
      else if (key.pageDown) dispatch({ type: 'pageDown' });
      else if (key.home || input === 'g') dispatch({ type: 'home' });
      else if (key.end || input === 'G') dispatch({ type: 'end' });
    },
    { isActive: active },
  );
}
