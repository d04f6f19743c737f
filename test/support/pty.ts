// Runs the real bin/tokpeek.js in a pseudo-terminal (@lydell/node-pty) and keeps a TerminalScreen of
// what it draws. Tests send keys and wait for the screen to show something — polling the
// screen, never sleeping a fixed time.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pty from '@lydell/node-pty';
import { afterEach } from 'vitest';
import { BIN, ROOT } from './run-cli.js';
import { TerminalScreen } from './terminal-screen.js';

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  ctrlC: '\x03',
  backspace: '\x7f',
};

export interface TuiOptions {
  cols?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run through `sh -c` (to check the terminal after tokpeek exits); the command gets "$TOKPEEK" set. */
  shell?: string;
}

export interface Tui {
  screen: TerminalScreen;
  /** Everything written so far, raw. */
  output(): string;
  write(keys: string): void;
  resize(cols: number, rows: number): void;
  /** Resolves when the screen satisfies `test` (a string: contains it); rejects after `timeoutMs`. */
  waitFor(test: string | RegExp | ((screen: TerminalScreen) => boolean), timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code. */
  exited: Promise<{ exitCode: number; signal?: number }>;
  kill(): void;
  /** Sends a signal to tokpeek itself. */
  signal(signal: NodeJS.Signals): void;
}

const DEFAULT_WAIT = 30_000;

export function spawnTui(args: string[], options: TuiOptions = {}): Tui {
  const cols = options.cols ?? 80;
  const rows = options.rows ?? 24;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    ...process.env,
    CI: undefined,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    TERM: 'xterm-256color',
    TOKPEEK: BIN,
    ...options.env,
  })) {
    if (v !== undefined) env[k] = v;
  }
  const [file, argv] = options.shell ? ['/bin/sh', ['-c', options.shell]] : [process.execPath, [BIN, ...args]];
  const term = pty.spawn(file, argv, { name: 'xterm-256color', cols, rows, cwd: options.cwd ?? ROOT, env });
  const screen = new TerminalScreen(cols, rows);
  let raw = '';
  let exit: { exitCode: number; signal?: number } | undefined;
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => {
    term.onExit((e) => {
      exit = e;
      resolve(e);
    });
  });
  term.onData((d) => {
    raw += d;
    screen.write(d);
  });

  const matches = (test: string | RegExp | ((s: TerminalScreen) => boolean)) =>
    typeof test === 'string'
      ? screen.text().includes(test)
      : test instanceof RegExp
        ? test.test(screen.text())
        : test(screen);

  return {
    screen,
    output: () => raw,
    write: (keys) => term.write(keys),
    resize: (c, r) => {
      term.resize(c, r);
      screen.resize(c, r);
    },
    waitFor: (test, timeoutMs = DEFAULT_WAIT) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          if (matches(test)) return resolve();
          if (exit)
            return reject(
              new Error(
                `tokpeek exited (${exit.exitCode}) before the screen showed ${String(test)}\n--- screen ---\n${screen.text()}`,
              ),
            );
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`the screen never showed ${String(test)}\n--- screen ---\n${screen.text()}`));
          setTimeout(poll, 15);
        };
        poll();
      }),
    exited,
    kill: () => {
      try {
        term.kill();
      } catch {}
    },
    signal: (signal) => process.kill(term.pid, signal),
  };
}

/** A spawner whose terminals are killed after each test of the calling file. */
export function tuisKilledAfterEach(): (args: string[], options?: TuiOptions) => Tui {
  let tuis: Tui[] = [];
  afterEach(() => {
    for (const t of tuis) t.kill();
    tuis = [];
  });
  return (args, options = {}) => {
    const t = spawnTui(args, options);
    tuis.push(t);
    return t;
  };
}

/** `lines` as a corpus file in a new temporary folder. */
export function corpusFile(lines: string[], name = 'corpus.txt'): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-tui-')), name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
