// Option parsing shared by the commands, on node:util's parseArgs.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ENGINE_NAMES, type EngineName } from '../core/token-model.js';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export const TOKENIZER_OPTIONS = {
  tokenizer: { type: 'string', short: 't', multiple: true },
  engine: { type: 'string', short: 'e', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Where truncation is shown: `--max-length N`, `--truncation-side left|right`. */
export const TRUNCATION_OPTIONS = {
  'max-length': { type: 'string' },
  'truncation-side': { type: 'string' },
} as const;

/** How corpus files are read: the text field (or column), the format when the extension does not say, the longest line. */
export const CORPUS_OPTIONS = {
  field: { type: 'string' },
  'input-format': { type: 'string' },
  'max-line-bytes': { type: 'string' },
} as const;

/** Help line of --max-line-bytes, the option a too-long-line error points to. */
export const MAX_LINE_BYTES_HELP =
  '      --max-line-bytes N     longest line (or JSON record) read, in bytes (default 8 MiB)';

/** What selects and runs part of a suite: shared by snapshot and check. */
export const SUITE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  tokenizer: { type: 'string', short: 't', multiple: true },
  corpus: { type: 'string', multiple: true },
  engine: { type: 'string', short: 'e' },
  workers: { type: 'string' },
  'max-line-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parse<O extends Options>(command: string, args: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(
      `${command}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`,
      `Run \`tokpeek ${command} --help\`.`,
    );
  }
}

export function engineOf(value: string | undefined): EngineName {
  if (value === undefined) return 'js';
  if ((ENGINE_NAMES as readonly string[]).includes(value)) return value as EngineName;
  throw new UsageError(`unknown engine "${value}"`, `Engines: ${ENGINE_NAMES.join(', ')}.`);
}

export function positiveInt(name: string, value: string | undefined, min: 0 | 1 = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a ${min === 1 ? 'positive' : 'non-negative'} whole number, not "${value}"`);
  return n;
}

export function sideOf(value: string | undefined): 'left' | 'right' | undefined {
  if (value === undefined || value === 'left' || value === 'right') return value;
  throw new UsageError(`--truncation-side must be left or right, not "${value}"`);
}
