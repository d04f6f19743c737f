// The command line: a table of commands, each imported only when used. This is the only
// module that decides exit codes and prints errors; commands return a code or throw.

import fs from 'node:fs';
import path from 'node:path';
import { EXIT, TokpeekError, environmentFault } from './errors.js';
import { type Io, processIo } from './io.js';
import { packageVersion } from './package-info.js';
import { type AnyCommand, runCommand } from './commands/definition.js';
import { printable } from './core/visible.js';

interface CommandEntry {
  /** The line in `tokpeek --help`; everything else about the command is in its definition. */
  summary: string;
  load: () => Promise<AnyCommand>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  browse: {
    summary: 'Browse corpora token by token (the default command)',
    load: async () => (await import('./commands/browse.js')).browse,
  },
  show: {
    summary: 'Print a text with its token boundaries, ids, and the truncation point',
    load: async () => (await import('./commands/show.js')).show,
  },
  tokenize: {
    summary: 'The token model of every sample of a corpus, one JSON line each (show --json for corpora)',
    load: async () => (await import('./commands/tokenize.js')).tokenize,
  },
  info: {
    summary: "A tokenizer's anatomy: model, pipeline, special tokens, config warnings",
    load: async () => (await import('./commands/info.js')).info,
  },
  tokenizers: {
    summary: 'List the bundled tokenizers',
    load: async () => (await import('./commands/tokenizers.js')).tokenizers,
  },
  init: {
    summary: 'Scaffold tokpeek.config.json for a snapshot suite',
    load: async () => (await import('./commands/init.js')).init,
  },
  snapshot: {
    summary: "Record the suite's tokenizations in snapshots/",
    load: async () => (await import('./commands/snapshot.js')).snapshot,
  },
  check: {
    summary: 'Compare the suite with its snapshots (or --expected ids); exit 1 on drift',
    load: async () => (await import('./commands/check.js')).check,
  },
  pending: {
    summary: 'List pending snapshot changes (--json: one JSON line each)',
    load: async () => (await import('./commands/pending.js')).pending,
  },
  accept: {
    summary: 'Accept pending snapshot changes (all, or by id/key)',
    load: async () => (await import('./commands/accept.js')).accept,
  },
  reject: {
    summary: 'Reject pending snapshot changes (all, or by id/key)',
    load: async () => (await import('./commands/reject.js')).reject,
  },
  review: {
    summary: 'Review pending snapshot changes one by one in a terminal: accept, reject, skip',
    load: async () => (await import('./commands/review.js')).review,
  },
  diff: {
    summary: 'Compare two tokenizers, two engines or two snapshot files on the same corpora',
    load: async () => (await import('./commands/diff.js')).diff,
  },
  report: {
    summary: 'Review a training set before fine-tuning: lengths, truncation, unknowns, hazards, chat masks',
    load: async () => (await import('./commands/report.js')).report,
  },
  completion: {
    summary: 'Print a shell completion script: tokpeek completion bash|zsh|fish',
    load: async () => (await import('./commands/completion.js')).completion,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'tokpeek — look at what your tokenizer does to your text',
    '',
    'Usage: tokpeek [command] [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options:',
    '  -t, --tokenizer SPEC   bundled name, folder, tokenizer.json path, or org/name[@revision] from the HF cache',
    '  -e, --engine NAME      js (default, @huggingface/tokenizers), rust (HF tokenizers), transformers',
    '      --debug            print stack traces',
    '  -h, --help             help for a command: tokpeek <command> --help',
    '  -v, --version',
    '',
    'Exit codes: 0 ok, 1 a check or --fail-on failed, 2 bad usage or input, 3 an engine could not run a tokenizer, 70 a bug in tokpeek.',
  ].join('\n');
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.stdout.write(`tokpeek ${packageVersion('tokpeek')}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage() + '\n');
    return EXIT.ok;
  }
  const named = first !== undefined && Object.hasOwn(COMMANDS, first);
  if (first !== undefined && !named && !first.startsWith('-') && !fs.existsSync(path.resolve(io.cwd, first))) {
    throw new TokpeekError(
      `unknown command or missing corpus file "${first}"`,
      EXIT.input,
      `Commands: ${Object.keys(COMMANDS).join(', ')}. Run \`tokpeek --help\`.`,
    );
  }
  const name = named ? first! : 'browse';
  const command = await COMMANDS[name]!.load();
  return runCommand(command, named ? rest : argv, io);
}

/** Entry point of bin/tokpeek: runs, prints errors in one line, exits with a documented code. */
export async function main(argv: string[]): Promise<void> {
  const io = processIo();
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  // A closed pipe (`tokpeek show … | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
  });
  let code: number;
  try {
    code = await run(args, io);
  } catch (e) {
    code = reportError(e, io, debug);
  }
  process.exitCode = code;
}

/**
 * The one error printer: a message (and its hint lines) through `printable`, so no byte a file,
 * an argument or the environment put in it can drive the terminal, and no line runs past a
 * screen's worth. Everything else is a bug in tokpeek (exit 70).
 */
export function reportError(e: unknown, io: Io, debug: boolean): number {
  const fault = e instanceof TokpeekError ? e : environmentFault(e);
  if (fault) {
    writeLines(io, `tokpeek: ${fault.message}`, fault.hint, debug ? (e as Error).stack : undefined);
    return fault.exitCode;
  }
  const err = e as Error;
  writeLines(
    io,
    `tokpeek: internal error: ${err?.message ?? String(e)}`,
    debug
      ? err?.stack
      : 'This is a bug in tokpeek. Re-run with --debug for the stack trace and report it with the command you ran.',
  );
  return EXIT.bug;
}

/** The message as one line; hint and stack lines indented under it, each line printable. */
function writeLines(io: Io, message: string, hint?: string, stack?: string): void {
  const lines = [printable(message)];
  for (const more of [hint, stack]) if (more) lines.push(...more.split('\n').map((l) => `  ${printable(l.trim())}`));
  io.stderr.write(lines.join('\n') + '\n');
}
