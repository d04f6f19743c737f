// The edges a command touches, injected so tests can run commands without a process.

import type { Readable, Writable } from 'node:stream';
import { InputError } from './errors.js';
import { printable } from './core/visible.js';
import { ciPolicy } from './ci-policy.js';
import { thousands } from './core/quantities.js';

export interface Io {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Colour when writing to a terminal, unless NO_COLOR; FORCE_COLOR forces it either way. */
export function colorEnabled(io: Io, stream: Io['stdout'] | Io['stderr'] = io.stdout): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY) && io.env.TERM !== 'dumb';
}

export function terminalWidth(io: Io): number {
  const cols = io.stdout.columns;
  return cols && cols > 20 ? cols : 80;
}

/** True when an interactive screen may be shown: a terminal on both ends and not CI. */
export function interactive(io: Io): boolean {
  return Boolean(io.stdout.isTTY && io.stdin.isTTY) && !ciPolicy(io.env).ci;
}

/** The whole stream, or an InputError naming `shownAs` as soon as it passes `limit` bytes (it is not read further). */
export async function readAll(stream: Readable, limit = Infinity, shownAs = '<stdin>'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buf.length;
    if (size > limit) {
      stream.destroy();
      throw new InputError(shownAs, `holds more than ${thousands(limit)} bytes, the most this command reads`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** One line of status or warning on a stream, through the one sanitiser (see core/visible.ts `printable`). */
export function printLine(stream: Writable, text: string): void {
  stream.write(printable(text) + '\n');
}
