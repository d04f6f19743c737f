// Ink's useInput, one key at a time: Ink hands a burst of plain characters read together
// (fast typing, a script, a paste) to the handler as one string; the screen's single-key
// commands would miss all of them. Escape sequences (arrows…) already come one by one.

import { type Key, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

/** A Key with nothing pressed (tests build keys from it too). */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** Calls `handler` once per character of a burst of plain characters. */
export function splitKeys(input: string, key: Key, handler: KeyHandler): void {
  const chars = [...input];
  const special =
    key.ctrl ||
    key.meta ||
    key.escape ||
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown ||
    key.home ||
    key.end;
  if (chars.length <= 1 || special) {
    handler(input, key);
    return;
  }
  for (const ch of chars) {
    if (ch === '\r' || ch === '\n') handler('', { ...NO_KEY, return: true });
    else if (ch === '\t') handler('', { ...NO_KEY, tab: true });
    else if (ch === '\x7f' || ch === '\b') handler('', { ...NO_KEY, backspace: true });
    else handler(ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() });
  }
}

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
