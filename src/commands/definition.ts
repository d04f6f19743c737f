// One declaration per command: its options (name, type, default, help line, validation) are
// written once, and the parser, `--help`, the usage errors, shell completion and the
// reference in docs/commands.md all come from it.
//
// How to add an option:
//   1. If several commands take it with the same meaning, add it to a group in
//      ./option-groups.ts and spread the group into each command's `options`; otherwise add it
//      to the one command's `options` in src/commands/<name>.ts.
//   2. Declare it: `{ type: 'string', value: 'N', help: 'one line', parse: wholeNumber(...) }`
//      (`short`, `multiple`, `choices`, `default` as needed). `parse` validates and converts:
//      it throws UsageError with one clear line, and the command receives the converted value.
//   3. Read it as `values.<name>` in the command's `run`: the type follows from the declaration.
//   4. Run `npm run docs` to regenerate docs/commands.md (a test fails while it is stale).

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

interface OptionBase {
  /** One-letter alias (`-t`). One letter means one thing in every command. */
  short?: string;
  /** The help line (continuation lines are wrapped and indented by the help renderer). */
  help: string;
}

export interface FlagOption extends OptionBase {
  type: 'boolean';
  /** Also accept `--no-<name>`: the value is then true, false, or undefined when neither is given. */
  negatable?: boolean;
}

export interface ValueOption<T = unknown> extends OptionBase {
  type: 'string';
  /** Placeholder in help and errors: `N`, `SPEC`, `FILE`. */
  value: string;
  /** Repeatable: the value is an array (empty when absent). */
  multiple?: boolean;
  /** The accepted values: offered by shell completion, and validated unless `parse` is given. */
  choices?: readonly string[];
  /** Validates and converts one raw value; throws UsageError. */
  parse?: (raw: string, flag: string) => T;
  /** Value when the option is absent (already converted). */
  default?: T;
  /** How the default reads in help when it is not a literal value ("all cores"). */
  defaultHelp?: string;
  /** What completion offers for the value: files, folders, or the choices. */
  complete?: 'file' | 'directory';
}

type OptionSpec = FlagOption | ValueOption<any>;
type OptionSpecs = Record<string, OptionSpec>;

type Converted<O> = O extends { parse: (raw: string, flag: string) => infer T } ? T : string;
type ValueOf<O> = O extends FlagOption
  ? O extends { negatable: true }
    ? boolean | undefined
    : boolean
  : O extends { multiple: true }
    ? Converted<O>[]
    : O extends { default: unknown }
      ? Converted<O>
      : Converted<O> | undefined;

export type OptionValues<Os extends OptionSpecs> = { -readonly [K in keyof Os]: ValueOf<Os[K]> };

interface Positionals {
  /** Placeholder in usage and errors: `CORPUS...`, `[TEXT]`. */
  name: string;
  /** At most this many (default: any number). */
  max?: number;
  /** What completion offers for them. */
  complete?: 'file' | 'directory';
}

interface CommandDefinition<Os extends OptionSpecs = OptionSpecs> {
  name: string;
  /** Usage lines after `tokpeek `, e.g. `show [TEXT] [-t SPEC]... [options]`. */
  usage: string[];
  /** What the command does, in a paragraph or two (plain text, wrapped as written). */
  description: string;
  options: Os;
  /** Positional arguments, or undefined when the command takes none. */
  positionals?: Positionals;
  /** Text after the options: exit codes, next steps. */
  epilogue?: string;
  run(input: { values: OptionValues<Os>; positionals: string[] }, io: Io): Promise<number>;
}

/** Any command, as the CLI, help and completion see it. */
export type AnyCommand = CommandDefinition<OptionSpecs>;

/** Declares a command; the identity function that gives `run` its typed values. */
export function defineCommand<const Os extends OptionSpecs>(def: CommandDefinition<Os>): CommandDefinition<Os> {
  for (const [name, o] of Object.entries(def.options))
    if (name === 'help' || (o.type === 'boolean' && o.negatable && `no-${name}` in def.options))
      throw new Error(`${def.name}: option --${name} is declared twice`);
  return def;
}

/** Every command takes -h/--help; it is not declared per command. */
const HELP_OPTION: FlagOption = { type: 'boolean', short: 'h', help: 'this help' };

/** Parses `args` by the declaration, runs the command, or prints its help. */
export async function runCommand(def: AnyCommand, args: string[], io: Io): Promise<number> {
  const parsed = parseOptions(def, args);
  if (parsed === 'help') {
    io.stdout.write(helpText(def) + '\n');
    return 0;
  }
  return def.run(parsed, io);
}

export function parseOptions<Os extends OptionSpecs>(
  def: CommandDefinition<Os>,
  args: string[],
): { values: OptionValues<Os>; positionals: string[] } | 'help' {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, o] of Object.entries(def.options)) {
    config[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.type === 'string' && o.multiple ? { multiple: true } : {}),
    };
    if (o.type === 'boolean' && o.negatable) config[`no-${name}`] = { type: 'boolean' };
  }
  let raw: ReturnType<typeof parseArgs>;
  try {
    raw = parseArgs({ args, options: config, allowPositionals: def.positionals !== undefined, strict: true });
  } catch (e) {
    throw usageError(def, e as Error);
  }
  if (raw.values.help) return 'help';
  const max = def.positionals?.max;
  if (max !== undefined && raw.positionals.length > max)
    throw new UsageError(
      `${def.name} takes ${max === 1 ? 'one' : `at most ${max}`} ${def.positionals!.name.replace(/[[\].]/g, '')} argument${max === 1 ? '' : 's'}, got ${raw.positionals.length}`,
      `Run \`tokpeek ${def.name} --help\`.`,
    );
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(def.options)) {
    try {
      values[name] = optionValue(name, o, raw.values);
    } catch (e) {
      // A bad value points to this command's help, not the general one.
      if (e instanceof UsageError && e.hint === new UsageError('').hint)
        throw new UsageError(e.message, `Run \`tokpeek ${def.name} --help\`.`);
      throw e;
    }
  }
  return { values: values as OptionValues<Os>, positionals: raw.positionals };
}

function optionValue(name: string, o: OptionSpec, given: Record<string, unknown>): unknown {
  if (o.type === 'boolean') {
    if (!o.negatable) return Boolean(given[name]);
    if (given[`no-${name}`]) return false;
    return given[name] ? true : undefined;
  }
  const flag = `--${name}`;
  const convert = (v: string) => {
    if (o.choices && !o.parse && !o.choices.includes(v))
      throw new UsageError(`${flag} must be one of ${o.choices.join(', ')}, not "${v}"`);
    return o.parse ? o.parse(v, flag) : v;
  };
  const v = given[name] as string | string[] | undefined;
  if (o.multiple) return ((v as string[] | undefined) ?? []).map(convert);
  return v === undefined ? o.default : convert(v as string);
}

function usageError(def: AnyCommand, e: Error): UsageError {
  const message = e.message.replace(/\. To specify a positional argument.*$/s, '');
  const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
  const near = unknown?.startsWith('--') ? closest(unknown.slice(2), optionNames(def)) : undefined;
  return new UsageError(
    `${def.name}: ${message}`,
    near ? `Did you mean --${near}? Run \`tokpeek ${def.name} --help\`.` : `Run \`tokpeek ${def.name} --help\`.`,
  );
}

/** Every long option name the command accepts (with --no- forms). */
export function optionNames(def: AnyCommand): string[] {
  return [
    ...Object.entries(def.options).flatMap(([n, o]) => (o.type === 'boolean' && o.negatable ? [n, `no-${n}`] : [n])),
    'help',
  ];
}

/** The name within edit distance 2 of `word`, if one is clearly closest. */
function closest(word: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const n of names) {
    const d = editDistance(word, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

// --- help ------------------------------------------------------------------------------------

const HELP_WIDTH = 100;
const COLUMN = 29;

/** The option's left column: `-t, --tokenizer SPEC`, `    --color / --no-color`. */
export function optionLabel(name: string, o: OptionSpec): string {
  const short = o.short ? `-${o.short}, ` : '    ';
  if (o.type === 'boolean') return `${short}--${name}${o.negatable ? ` / --no-${name}` : ''}`;
  return `${short}--${name} ${o.value}`;
}

/** The help line with its default and repeatability, as help and the reference show it. */
export function optionHelp(o: OptionSpec): string {
  let text = o.help;
  if (o.type === 'string') {
    const shown = o.defaultHelp ?? (o.default !== undefined ? String(o.default) : undefined);
    if (shown !== undefined && !/\(default/.test(text)) text += ` (default ${shown})`;
    if (o.multiple && !/repeat/.test(text)) text += '; repeatable';
  }
  return text;
}

export function helpText(def: AnyCommand): string {
  const lines = [`Usage: ${def.usage.map((u, i) => `${i ? '       ' : ''}tokpeek ${u}`).join('\n')}`, ''];
  lines.push(def.description.trimEnd(), '', 'Options:');
  const entries: Array<[string, OptionSpec]> = [...Object.entries(def.options), ['help', HELP_OPTION]];
  for (const [name, o] of entries) {
    const label = `  ${optionLabel(name, o)}`;
    const wrapped = wrap(optionHelp(o), HELP_WIDTH - COLUMN);
    if (label.length + 2 > COLUMN) lines.push(label, ...wrapped.map((l) => ' '.repeat(COLUMN) + l));
    else lines.push(label.padEnd(COLUMN) + wrapped[0], ...wrapped.slice(1).map((l) => ' '.repeat(COLUMN) + l));
  }
  if (def.epilogue) lines.push('', def.epilogue.trimEnd());
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}
