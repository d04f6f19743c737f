// Errors a user can act on. src/cli.ts turns them into one line on stderr and an exit
// code (2); anything else is a bug in tokpeek: exit 70 and one line asking to re-run with
// --debug (which prints the stack trace) and report it with the command.

/** Exit codes, documented in docs/output.md. */
export const EXIT = {
  ok: 0,
  /** `check`/`report --fail-on`: the result is not what was expected. */
  failed: 1,
  /** Bad usage or bad input: a missing file, a broken tokenizer.json, invalid UTF-8... */
  input: 2,
  /**
   * `check`/`diff`/`snapshot`: an engine could not run one of the tokenizers (too old for its
   * files, not installed, cannot load them); it is one finding, the others were compared.
   */
  engine: 3,
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

/**
 * An engine that cannot run a tokenizer (not installed, or cannot load its files). `show` and
 * `info` stop with exit 2; suite commands report it as one finding and go on (exit 3).
 */
export class EngineUnavailableError extends TokpeekError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.input, hint);
    this.name = 'EngineUnavailableError';
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

/** What the system said, in words a user can act on. */
const ERRNO: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder not empty',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  EXDEV: 'cannot move across file systems',
  EBUSY: 'resource busy',
  ETXTBSY: 'file busy',
  EAGAIN: 'resource temporarily unavailable',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EFBIG: 'file too large',
  ESPIPE: 'not a seekable file',
  EINVAL: 'invalid argument for this kind of file',
  EPIPE: 'broken pipe',
};

/** A failed write of `file` (a full disk, a read-only folder): one line naming the file, exit 2. */
export function writeError(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && Object.hasOwn(ERRNO, code))
    return new InputError(file, `cannot write: ${ERRNO[code]} (${code})`);
  return e;
}

/**
 * A fault of the user's environment that reached the top without being translated where it
 * happened (a full disk, a read-only folder, a path through a file, input nested too deeply to
 * walk): one line and exit 2, never the "this is a bug" path.
 */
export function environmentFault(e: unknown): TokpeekError | undefined {
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err !== 'object') return undefined;
  if (typeof err.code === 'string' && typeof err.syscall === 'string' && Object.hasOwn(ERRNO, err.code)) {
    const where = err.path ?? (err as { dest?: string }).dest;
    return new TokpeekError(`${where ? `${where}: ` : ''}${err.syscall}: ${ERRNO[err.code]} (${err.code})`);
  }
  if (err instanceof RangeError && /call stack size/.test(err.message))
    return new TokpeekError(
      'the input is nested too deeply to read (stack overflow); is it a hostile or damaged file?',
    );
  if (err instanceof RangeError && /Invalid string length|Array buffer allocation failed/.test(err.message))
    return new TokpeekError(`the input is too large to hold in memory (${err.message})`);
  return undefined;
}

/** A worker process died (a Rust panic) holding the batch of `texts`; `where` names its samples once known. */
export class EngineCrashError extends TokpeekError {
  constructor(
    readonly crash: TokpeekError,
    readonly texts: string[],
    where?: string,
  ) {
    super(`${where ? `${where}: ` : ''}${crash.message}`, crash.exitCode, crash.hint);
  }
}

export class UsageError extends TokpeekError {
  constructor(message: string, hint = 'Run `tokpeek --help` for usage.') {
    super(message, EXIT.input, hint);
    this.name = 'UsageError';
  }
}
