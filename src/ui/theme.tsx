// The screen's colours, one palette per terminal background. Every colour the screens set is
// an xterm 256-colour index from here, always as a foreground *and* background pair: text in
// the terminal's default foreground on a background we chose is unreadable on the other kind of
// terminal (1.65:1 measured on a light theme). test/unit/ui-theme.test.ts checks every pair
// for a WCAG contrast of at least 4.5:1. `mono` has no colour at all: attributes (bold, dim,
// italic, underline, inverse) and the bracket notation carry everything (also NO_COLOR).

import { createContext, useContext } from 'react';

import type { ThemeName } from './theme-names.js';

/** xterm 256-colour indices. */
export interface Palette {
  /** Token text on the token backgrounds and on the diff backgrounds. */
  text: number;
  /** Alternating token backgrounds: a token boundary is a change of shade. */
  tokenBg: readonly [number, number];
  /** A special token matched in the text (a literal `<|eot_id|>` in the data: a hazard). */
  special: number;
  /** A token the post-processor inserted (BOS/EOS): expected, so calmer than `special`. */
  inserted: number;
  /** Byte-fallback and partial-character tokens. */
  bytes: number;
  unknown: { fg: number; bg: number };
  cursor: { fg: number; bg: number };
  /** Diff backgrounds, alternating per token like tokenBg so splits stay visible inside a change. */
  removedBg: readonly [number, number];
  addedBg: readonly [number, number];
  /** Compare: spans where the two segmentations differ. */
  differBg: readonly [number, number];
  /** The terminal background the foreground-only colours are read against (assumed). */
  screenBg: number;
  /** Foreground-only marks on the screen background: the ✂ cut, list markers. */
  marks: { cut: number; unknown: number; truncated: number; drift: number; special: number };
}

export interface Theme {
  name: ThemeName;
  /** False in mono: no colour escapes at all. */
  color: boolean;
  palette: Palette;
}

const DARK: Palette = {
  text: 255,
  tokenBg: [237, 17],
  special: 213,
  inserted: 117,
  bytes: 221,
  unknown: { fg: 231, bg: 160 },
  cursor: { fg: 16, bg: 214 },
  removedBg: [52, 88],
  addedBg: [22, 58],
  differBg: [52, 88],
  screenBg: 16,
  marks: { cut: 203, unknown: 203, truncated: 221, drift: 213, special: 213 },
};

const LIGHT: Palette = {
  text: 232,
  tokenBg: [254, 195],
  special: 127,
  inserted: 25,
  bytes: 58,
  unknown: { fg: 231, bg: 160 },
  cursor: { fg: 16, bg: 214 },
  removedBg: [224, 217],
  addedBg: [194, 157],
  differBg: [224, 217],
  screenBg: 231,
  marks: { cut: 160, unknown: 160, truncated: 94, drift: 127, special: 127 },
};

export const THEMES: Record<ThemeName, Theme> = {
  dark: { name: 'dark', color: true, palette: DARK },
  light: { name: 'light', color: true, palette: LIGHT },
  // The palette is never used without colour; dark's stands in so the type stays simple.
  mono: { name: 'mono', color: false, palette: DARK },
};

export const ThemeContext = createContext<Theme>(THEMES.dark);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** `38;5;N` */
export const fg = (n: number) => `38;5;${n}`;
/** `48;5;N` */
export const bg = (n: number) => `48;5;${n}`;

/**
 * Every foreground/background pair the screens paint in a palette (paint.ts, sample-list.tsx):
 * what the contrast test measures. Dim symbols (· ⏎) and dropped tokens are left out on purpose:
 * dim is the terminal's to render, and they are meant to recede.
 */
export function colourPairs(p: Palette): Array<{ what: string; fg: number; bg: number }> {
  const out: Array<{ what: string; fg: number; bg: number }> = [];
  for (const b of p.tokenBg) {
    out.push({ what: 'token text', fg: p.text, bg: b });
    out.push({ what: 'special token', fg: p.special, bg: b });
    out.push({ what: 'inserted token', fg: p.inserted, bg: b });
    out.push({ what: 'byte-fallback / partial token', fg: p.bytes, bg: b });
  }
  for (const [what, shades] of [
    ['removed', p.removedBg],
    ['added', p.addedBg],
    ['differing', p.differBg],
  ] as const)
    for (const b of shades) out.push({ what: `token text in a ${what} span`, fg: p.text, bg: b });
  out.push({ what: 'unknown token', fg: p.unknown.fg, bg: p.unknown.bg });
  out.push({ what: 'cursor', fg: p.cursor.fg, bg: p.cursor.bg });
  for (const [what, colour] of Object.entries(p.marks))
    out.push({ what: `${what} mark on the screen`, fg: colour, bg: p.screenBg });
  return out;
}
