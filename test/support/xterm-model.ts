// What real terminal emulators draw from tokpeek's output: xterm.js (headless) replays a pty's raw
// output under two width models terminals disagree on — per code point (Unicode 11 wcwidth, as
// xterm, VTE and tmux advance the cursor) and per grapheme cluster (as kitty, WezTerm and Windows
// Terminal do) — and reports where each cell landed.

import { createRequire } from 'node:module';
import headless from '@xterm/headless';
import { Unicode11Addon } from '@xterm/addon-unicode11';

/**
 * The graphemes addon unpacks its Unicode tables from base64 as it loads, with Buffer when there
 * is one, and reads the result as if it started its ArrayBuffer: in vitest's workers a pooled
 * Buffer does not, and the tables fail to inflate ("Data error"). Without Buffer it takes atob.
 */
function withoutBuffer<T>(f: () => T): T {
  const g = globalThis as { Buffer?: unknown };
  const saved = g.Buffer;
  g.Buffer = undefined;
  try {
    return f();
  } finally {
    g.Buffer = saved;
  }
}
const { UnicodeGraphemesAddon } = withoutBuffer(
  () =>
    createRequire(import.meta.url)('@xterm/addon-unicode-graphemes') as typeof import('@xterm/addon-unicode-graphemes'),
);

export type WidthModel = 'per-code-point' | 'grapheme';
export const WIDTH_MODELS: WidthModel[] = ['per-code-point', 'grapheme'];

/** The screen after `raw`, as rows of cells: each cell's characters ('' for a wide character's second half). */
export async function replay(raw: string, cols: number, rows: number, model: WidthModel): Promise<string[][]> {
  const term = new headless.Terminal({ cols, rows, allowProposedApi: true });
  if (model === 'per-code-point') {
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
  } else {
    term.loadAddon(new UnicodeGraphemesAddon());
    term.unicode.activeVersion = '15-graphemes';
  }
  await new Promise<void>((resolve) => term.write(raw, resolve));
  const buffer = term.buffer.active;
  const screen: string[][] = [];
  for (let y = 0; y < rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y)!;
    screen.push(Array.from({ length: cols }, (_, x) => line.getCell(x)?.getChars() ?? ''));
  }
  term.dispose();
  return screen;
}
