// Runs the real bin/tokpeek.js (the compiled CLI) the way a user would.

import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths.js';

export { ROOT };
export const BIN = path.join(ROOT, 'bin', 'tokpeek.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to standard input (closed afterwards). */
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** The child is killed (SIGKILL) and the test fails after this long; below vitest's test timeout. */
  timeoutMs?: number;
  /** Another tokpeek executable to run (an installed one) instead of this checkout's bin/tokpeek.js. */
  bin?: string;
}

/** How long a run may take before it counts as hung: a third below the integration tier's 120 s timeout. */
export const RUN_TIMEOUT_MS = 80_000;

export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Not a terminal, no colours unless a test asks, never CI-detected by accident unless set.
    const env: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      CI: undefined,
      ...options.env,
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const [command, argv] = options.bin ? [options.bin, args] : [process.execPath, [BIN, ...args]];
    const child = spawn(command, argv, { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timeoutMs = options.timeoutMs ?? RUN_TIMEOUT_MS;
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (hung)
        reject(
          new Error(
            `tokpeek ${args.join(' ')} did not finish in ${timeoutMs / 1000} s and was killed\n` +
              `--- stdout (end) ---\n${stdout.slice(-2000)}\n--- stderr (end) ---\n${stderr.slice(-2000)}`,
          ),
        );
      else resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}
