// The screens' input hooks: Ink's useInput one key at a time (key-map.ts splitKeys), and state
// whose latest value keys read in one burst can see at once.

import { useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import { type KeyHandler, splitKeys } from './key-map.js';

export function useKeys(handler: KeyHandler, options: { isActive: boolean }): void {
  useInput((input, key) => splitKeys(input, key, handler), options);
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
