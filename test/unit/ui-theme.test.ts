// Themes: every colour pair readable (WCAG 2 contrast ≥ 4.5:1, computed from the xterm
// 256-colour palette's RGB values), the background detection, and the palette as painted.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/io.js';
import { chooseTheme, themeFromColorFgBg, themeFromOsc11 } from '../../src/ui/theme-detect.js';
import { THEMES, colourPairs } from '../../src/ui/theme.js';
import { THEME_NAMES } from '../../src/ui/theme-names.js';
import { overlaySgr } from '../../src/ui/token-view/paint.js';

/** xterm's 256-colour palette: 16–231 a 6×6×6 cube, 232–255 a grey ramp (0–15 vary by terminal: unused). */
function rgb(index: number): [number, number, number] {
  if (index < 16) throw new Error(`colour ${index} has no fixed RGB value: themes must not use it`);
  if (index >= 232) {
    const v = 8 + 10 * (index - 232);
    return [v, v, v];
  }
  const levels = [0, 95, 135, 175, 215, 255];
  const i = index - 16;
  return [levels[Math.floor(i / 36)]!, levels[Math.floor(i / 6) % 6]!, levels[i % 6]!];
}

function luminance(index: number): number {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = rgb(index);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: number, b: number): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('themes', () => {
  it('has a contrast of at least 4.5:1 for every colour pair of the dark and light themes', () => {
    expect(contrast(16, 231)).toBeCloseTo(21, 5); // the formula: black on white
    for (const name of ['dark', 'light'] as const) {
      const pairs = colourPairs(THEMES[name].palette);
      expect(pairs.length).toBeGreaterThan(15);
      const poor = pairs
        .map((p) => ({ ...p, ratio: contrast(p.fg, p.bg) }))
        .filter((p) => p.ratio < 4.5)
        .map((p) => `${name}: ${p.what} ${p.fg} on ${p.bg} = ${p.ratio.toFixed(2)}:1`);
      expect(poor).toEqual([]);
    }
  });

  it('paints only palette pairs: token text always gets its foreground with its background', () => {
    for (const name of ['dark', 'light'] as const) {
      const theme = THEMES[name];
      const p = theme.palette;
      expect(overlaySgr('48;5;237', 0, { theme })).toBe(`38;5;${p.text};48;5;${p.tokenBg[0]}`);
      expect(overlaySgr('48;5;23', 1, { theme })).toBe(`38;5;${p.text};48;5;${p.tokenBg[1]}`);
      expect(overlaySgr('1;35;48;5;237', 0, { theme })).toBe(`1;38;5;${p.special};48;5;${p.tokenBg[0]}`);
      expect(overlaySgr('1;3;35;48;5;237', 0, { theme })).toBe(`1;3;38;5;${p.inserted};48;5;${p.tokenBg[0]}`);
      expect(overlaySgr('1;7;31', 0, { theme })).toBe(`1;38;5;${p.unknown.fg};48;5;${p.unknown.bg}`);
      // A differing span keeps alternating shades, so the splits inside it stay visible.
      const hl = { theme, highlight: () => true };
      expect(overlaySgr('48;5;237', 4, hl)).toBe(`4;38;5;${p.text};48;5;${p.differBg[0]}`);
      expect(overlaySgr('48;5;237', 5, hl)).toBe(`4;38;5;${p.text};48;5;${p.differBg[1]}`);
    }
  });

  it('mono sets no colour at all', () => {
    const mono = { theme: THEMES.mono };
    expect(overlaySgr('1;35;48;5;237', 0, mono)).toBe('1');
    expect(overlaySgr('48;5;237', 0, { ...mono, highlight: () => true, cursor: () => true })).toBe('4;7');
    expect(THEME_NAMES).toEqual(['dark', 'light', 'mono']);
  });
});

describe('background detection', () => {
  it('reads COLORFGBG (fg;bg or fg;default;bg)', () => {
    expect(themeFromColorFgBg('15;0')).toBe('dark');
    expect(themeFromColorFgBg('0;15')).toBe('light');
    expect(themeFromColorFgBg('0;default;7')).toBe('light');
    expect(themeFromColorFgBg('7;8')).toBe('dark');
    expect(themeFromColorFgBg('')).toBeUndefined();
    expect(themeFromColorFgBg('15;default')).toBeUndefined();
  });

  it("reads a terminal's OSC 11 answer (BEL or ST ended, 1–4 hex digits per channel)", () => {
    expect(themeFromOsc11('\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c')).toBe('light');
    expect(themeFromOsc11('\x1b]11;rgb:1e1e/1e1e/2e2e\x07')).toBe('dark');
    expect(themeFromOsc11('\x1b]11;rgb:fd/f6/e3\x07')).toBe('light'); // Solarized light
    expect(themeFromOsc11('\x1b[?62;22c')).toBeUndefined(); // DA1 alone: no OSC 11 support
  });

  /** A terminal that answers the query with `answer` (or nothing): the theme, and how long choosing it took. */
  async function ask(answer: string | undefined): Promise<{ theme: string; ms: number }> {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: () => stdin });
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    stdout.on('data', (d: Buffer) => {
      if (answer && d.toString().includes('\x1b[c')) stdin.write(answer);
    });
    const io = { stdin, stdout, stderr: stdout, env: { TERM: 'xterm-256color' }, cwd: '.' } as unknown as Io;
    const started = performance.now();
    const theme = await chooseTheme(io, undefined);
    return {
      theme: theme === THEMES.light ? 'light' : theme === THEMES.dark ? 'dark' : 'other',
      ms: performance.now() - started,
    };
  }

  it('asks the terminal: an OSC 11 answer or DA1 alone ends the wait at once, silence costs the bound (150 ms)', async () => {
    const light = await ask('\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c');
    expect(light.theme).toBe('light');
    const da1 = await ask('\x1b[?62;22c');
    expect(da1.theme).toBe('dark');
    const silent = await ask(undefined);
    expect(silent.theme).toBe('dark');
    expect(silent.ms).toBeGreaterThanOrEqual(145);
    expect(da1.ms).toBeLessThan(silent.ms);
    expect(light.ms).toBeLessThan(silent.ms);
  });
});
