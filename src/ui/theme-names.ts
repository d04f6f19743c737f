// The theme names, apart from the themes themselves: the command definitions offer them
// (--theme) without loading React.

export type ThemeName = 'dark' | 'light' | 'mono';
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'mono'];
