// Which theme a screen opens with: --theme when given; mono without colour (NO_COLOR, TERM=dumb);
// else the terminal's background, from COLORFGBG (rxvt, Konsole, iTerm2 set it) or, failing
// that, by asking the terminal (OSC 11). The query is followed by a device-attributes request
// (DA1) that every terminal answers: a terminal that does not know OSC 11 answers DA1 alone, so
// we stop waiting at once instead of at the timeout; only a terminal that answers nothing costs
// the timeout. Without an answer: dark, the common default.

import { type Io, colorEnabled } from '../io.js';
import { THEMES, type Theme } from './theme.js';
import type { ThemeName } from './theme-names.js';

const QUERY = '\x1b]11;?\x1b\\\x1b[c';
const ANSWER_MS = 150;

/** `COLORFGBG=15;0` (fg;bg, or fg;default;bg): a background of 0–6 or 8 is dark, 7 and 9–15 light. */
export function themeFromColorFgBg(value: string | undefined): 'dark' | 'light' | undefined {
  const bg = value?.split(';').pop();
  if (!bg || !/^\d+$/.test(bg)) return undefined;
  const n = Number(bg);
  if (n > 15) return undefined;
  return n === 7 || n >= 9 ? 'light' : 'dark';
}

/** The answer to OSC 11 (`ESC ] 11 ; rgb:RRRR/GGGG/BBBB BEL|ST`) → dark or light by luminance. */
export function themeFromOsc11(answer: string): 'dark' | 'light' | undefined {
  const m = /\x1b\]11;rgba?:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})/i.exec(answer);
  if (!m) return undefined;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / (16 ** h.length - 1));
  // Relative luminance (sRGB, WCAG); 0.18 is mid-grey's, where light-on-dark and dark-on-light meet.
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
  return luminance > 0.18 ? 'light' : 'dark';
}

/** True once the terminal's reply holds the DA1 answer (`ESC [ ? … c`), which comes after OSC 11's. */
const answered = (reply: string) => /\x1b\[\?[0-9;]*c/.test(reply);

/** Asks the terminal for its background; resolves with its reply (possibly empty) within `ms`. */
async function askBackground(io: Io, ms: number): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') return '';
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  let reply = '';
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stdin.off('data', onData);
      stdin.pause();
      if (!wasRaw) stdin.setRawMode(false);
      resolve(reply);
    };
    const onData = (d: Buffer | string) => {
      reply += d.toString();
      if (answered(reply)) done();
    };
    const timer = setTimeout(done, ms);
    stdin.on('data', onData);
    stdin.resume();
    io.stdout.write(QUERY);
  });
}

export async function chooseTheme(io: Io, requested: ThemeName | undefined): Promise<Theme> {
  if (requested) return THEMES[requested];
  if (!colorEnabled(io)) return THEMES.mono;
  const fromEnv = themeFromColorFgBg(io.env.COLORFGBG);
  if (fromEnv) return THEMES[fromEnv];
  return THEMES[themeFromOsc11(await askBackground(io, ANSWER_MS)) ?? 'dark'];
}
