// Runs an Ink screen full-screen and gives the terminal back exactly as it was: the screen is
// drawn on the alternate screen buffer (the shell's scrollback is untouched and reappears on
// exit), the cursor is shown again and raw mode is switched off whatever way the screen ends —
// q, Esc, Ctrl-C (Ink's exitOnCtrlC), an error, SIGTERM/SIGHUP, or process exit.

import { render } from 'ink';
import type { ReactElement } from 'react';
import type { Io } from '../io.js';

// Auto-wrap off while the screen is shown: a row the terminal draws wider than we measured is
// clipped at the right edge instead of wrapping onto the next row and moving everything below.
const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[?7l\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?7h\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
const RESET_STYLE = '\x1b[0m';

/**
 * OSC 52: asks the terminal to put `text` on the system clipboard. Only for text tokpeek makes
 * itself (ids are digits and spaces, base64 is [A-Za-z0-9+/=]): data never reaches an escape.
 * Terminals that do not allow it (or tmux without set-clipboard) ignore it.
 */
export function clipboardEscape(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}

interface ScreenResult {
  /** Set when the screen ended on a signal (the exit code is 128 + its number then). */
  signal?: NodeJS.Signals;
}

const renderTimes: number[] = [];

export async function runFullScreen(node: ReactElement, io: Io): Promise<ScreenResult> {
  const stdout = io.stdout as NodeJS.WriteStream;
  const stdin = io.stdin as NodeJS.ReadStream;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    stdout.write(RESET_STYLE + SHOW_CURSOR + LEAVE_ALT_SCREEN);
  };
  stdout.write(ENTER_ALT_SCREEN);
  process.once('exit', restore);
  const result: ScreenResult = {};
  const instance = render(node, {
    stdout,
    stdin,
    stderr: io.stderr as NodeJS.WriteStream,
    exitOnCtrlC: true,
    patchConsole: false,
    maxFps: 120,
    onRender: ({ renderTime }: { renderTime: number }) => {
      if (process.env.TOKPEEK_RENDER_LOG) renderTimes.push(renderTime);
    },
  });
  const onSignal = (signal: NodeJS.Signals) => {
    result.signal = signal;
    instance.unmount();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.off('exit', restore);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    if (process.env.TOKPEEK_RENDER_LOG)
      (await import('node:fs')).writeFileSync(process.env.TOKPEEK_RENDER_LOG, renderTimes.join('\n'));
  }
  return result;
}

export function signalExitCode(signal: NodeJS.Signals | undefined): number | undefined {
  if (signal === 'SIGTERM') return 143;
  if (signal === 'SIGHUP') return 129;
  return undefined;
}
