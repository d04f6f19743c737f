// Terminal columns of a string. Its own module because `string-width` (and its emoji tables)
// takes longer to import than the rest of the snapshot path: only what draws columns loads it.

import stringWidth from 'string-width';

/**
 * Terminal columns the string takes: East Asian wide and emoji 2, combining marks and other
 * zero-width characters 0, SGR/ANSI sequences ignored. Uses `string-width` (the package Ink uses),
 * with ambiguous-width characters narrow.
 */
export function displayWidth(s: string): number {
  return stringWidth(s);
}
