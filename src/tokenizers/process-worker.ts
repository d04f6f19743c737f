// The Rust binding aborts the whole process on a panic (onig's "retry-limit-in-match over" on a
// backtracking regex is a non-unwinding panic): no thread of that process survives it. So the
// pool runs the Rust engine's workers as child processes that speak the worker protocol over
// IPC; a child that dies is reported as an error of the batch it held, and tokpeek goes on to
// print one line and exit 2.

import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { TokpeekError } from '../errors.js';
import type { PoolWorkerData } from './pool-protocol.js';

/** A child process that looks like a worker thread to the pool: postMessage, 'message', 'error', terminate. */
export class ProcessWorker extends EventEmitter {
  private readonly child: ChildProcess;
  private stopped = false;
  private stderr = '';

  constructor(script: string, data: PoolWorkerData) {
    super();
    const { env, watch: _watch, ...rest } = data;
    this.child = fork(script, [JSON.stringify(rest)], {
      serialization: 'advanced',
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // Keep the start of what a dying child says (the panic message), not its backtrace.
    this.child.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 4000) this.stderr += d.toString('utf8');
    });
    this.child.on('message', (m) => this.emit('message', m));
    this.child.on('exit', (code, signal) => {
      if (this.stopped) return;
      const panic = /panicked at [^\n]*\n([^\n]+)/.exec(this.stderr)?.[1];
      this.emit(
        'error',
        new TokpeekError(
          `the Rust engine crashed${panic ? ` (${panic.trim()})` : ''} (exit ${signal ?? code}), so the run stopped`,
          undefined,
          "A pre-tokenizer or normalizer regex that backtracks catastrophically does this in the Rust binding (a panic it cannot recover from); check the tokenizer's Split/Replace patterns, or use -e js.",
        ),
      );
    });
  }

  postMessage(message: unknown): void {
    if (!this.stopped && this.child.connected) this.child.send(message as object);
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    this.child.kill('SIGKILL');
  }
}
