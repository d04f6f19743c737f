// The screens' input hooks: Ink's useInput one key at a time (key-map.ts splitKeys), and state
// whose latest value keys read in one burst can see at once.

import { useInput } from 'ink';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { type KeyHandler, splitKeys } from './key-map.js';

/**
 * Keys go to the handler of the latest committed render. useInput alone re-subscribes the handler in a
 * passive effect, which runs a macrotask after the commit: a key read in between (a loaded machine, the
 * frame already out) met the previous render's closure, e.g. browse's `n` jumped from a stale cursor.
 * The ref is set in a layout effect, which runs within the commit.
 */
export function useKeys(handler: KeyHandler, options: { isActive: boolean }): void {
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const stable = useCallback<Parameters<typeof useInput>[0]>((input, key) => splitKeys(input, key, latest.current), []);
  useInput(stable, options);
}

/** State whose latest value is also readable at once through a ref (for keys read in one burst). */

export function useRefState<T>(initial: T): [T, (next: T | ((prev: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}
