// Colour on or off for the whole screen (NO_COLOR / FORCE_COLOR decide, see io.ts colorEnabled).
// Without colour the screen keeps bold, dim, underline and inverse: the cursor must show.

import { createContext, useContext } from 'react';

export interface Theme {
  color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** A colour name for Ink's <Text>, or undefined without colour. */
export function tint(theme: Theme, color: string): string | undefined {
  return theme.color ? color : undefined;
}
