// Errors a user can act on. src/cli.ts turns them into one line on stderr and an exit
// code; anything else is a bug and gets a stack trace with a link to report it.

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** `check`/`report --fail-on`: the result is not what was expected. */
  failed: 1,
  /** Bad usage or bad input: a missing file, a broken tokenizer.json, invalid UTF-8... */
  input: 2,
  /** A bug in tokpeek. */
  bug: 70,
} as const;

export class TokpeekError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.input,
    /** The next step for the user, printed under the message. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TokpeekError';
  }
}

/** A problem with one input file, optionally at one line. */
export class InputError extends TokpeekError {
  constructor(file: string, problem: string, line?: number, hint?: string) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${problem}`, EXIT.input, hint);
    this.name = 'InputError';
  }
}

/**
 * The one-line error for a file that could not be opened or read: an InputError passes
 * through; otherwise what the user can act on (no such file, permission denied, a folder)
 * instead of an errno message.
 */
export function fileError(file: string, e: unknown, what = 'file'): InputError {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError(file, `no such ${what}`);
  if (code === 'EACCES') return new InputError(file, 'permission denied');
  if (code === 'EISDIR') return new InputError(file, `is a folder, not a ${what}`);
  return new InputError(file, `cannot read: ${code ?? (e as Error).message}`);
}

export class UsageError extends TokpeekError {
  constructor(message: string, hint = 'Run `tokpeek --help` for usage.') {
    super(message, EXIT.input, hint);
    this.name = 'UsageError';
  }
}
