// Options several commands take, declared once so that each means the same everywhere: the
// suite selection, how corpora are read, truncation, the output format, worker threads, colour.
// A command spreads a group into its `options` (and may reword a help line for its context, but
// never the parsing). To add an option, see the header of ./definition.ts.

import { THEME_NAMES, type ThemeName } from '../ui/theme-names.js';
import { OFFSET_UNITS, type OffsetUnit } from '../core/offset-units.js';
import { type EngineName, ENGINE_NAMES } from '../core/token-model.js';
import { CORPUS_FORMATS, type CorpusFormat } from '../corpus/read-corpus.js';
import { SHAPES, type Shape } from '../corpus/records.js';
import { UsageError } from '../errors.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import type { FlagOption, ValueOption } from './definition.js';

// --- validators --------------------------------------------------------------------------------

/** A whole number in [min, max]: `--workers 2`. */
export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string, flag: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      const range =
        max === Number.MAX_SAFE_INTEGER
          ? min === 1
            ? 'a positive whole number'
            : `a whole number from ${min} up`
          : `a whole number from ${min} to ${max}`;
      throw new UsageError(`${flag} must be ${range}, not "${raw}"`);
    }
    return n;
  };
}

export const positiveInt = wholeNumber(1);

export function oneOf<const T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  return (raw: string, flag: string): T => {
    const v = aliases[raw] ?? raw;
    if ((values as readonly string[]).includes(v)) return v as T;
    throw new UsageError(`${flag} must be one of ${values.join(', ')}, not "${raw}"`);
  };
}

// --- tokenizers and engines --------------------------------------------------------------------

export const tokenizerOption = {
  type: 'string',
  short: 't',
  value: 'SPEC',
  multiple: true,
  help: `tokenizer: a bundled name, a folder, a tokenizer.json path, or org/name[@revision] from the HF cache (default ${DEFAULT_TOKENIZER})`,
} as const satisfies ValueOption<string>;

const parseEngine = oneOf<EngineName>(ENGINE_NAMES);

/** One engine for the whole command. */
export const engineOption = {
  type: 'string',
  short: 'e',
  value: 'NAME',
  choices: ENGINE_NAMES,
  parse: parseEngine,
  help: `engine: ${ENGINE_NAMES.join(', ')} (default js)`,
} as const satisfies ValueOption<EngineName>;

/** Engines to compare (repeatable). */
export const enginesOption = {
  ...engineOption,
  multiple: true,
  help: `engine: ${ENGINE_NAMES.join(', ')} (default js); twice to compare engines`,
} as const satisfies ValueOption<EngineName>;

// --- the snapshot suite ------------------------------------------------------------------------

/** The screens' colours (browse, review). */
export const themeOption = {
  type: 'string',
  value: 'NAME',
  choices: THEME_NAMES,
  parse: (raw: string, flag: string): ThemeName => {
    if ((THEME_NAMES as readonly string[]).includes(raw)) return raw as ThemeName;
    throw new UsageError(`${flag} must be one of ${THEME_NAMES.join(', ')}, not "${raw}"`);
  },
  help: 'dark, light or mono (default: the terminal background from COLORFGBG or a background query; mono without colour)',
} as const satisfies ValueOption<ThemeName>;

/** `--ci`: this run is CI whatever the CI variable says (read by ci-policy.ts, with the variable). */
export const ciOption = {
  type: 'boolean',
  help: 'run as in CI: write no snapshots or pending changes (default when the CI variable is set)',
} as const satisfies FlagOption;

export const configOption = {
  type: 'string',
  short: 'c',
  value: 'FILE',
  complete: 'file',
  help: 'suite config',
  defaultHelp: './tokpeek.config.json',
} as const satisfies ValueOption<string>;

// --- corpora -------------------------------------------------------------------------------------

export const maxLineBytesOption = {
  type: 'string',
  value: 'N',
  parse: positiveInt,
  help: 'longest line (or JSON record) read, in bytes',
  defaultHelp: '8 MiB',
} as const satisfies ValueOption<number>;

/** How corpus files are read: the text field (or column), the format when the extension does not say, the longest line. */
export const CORPUS_OPTIONS = {
  field: {
    type: 'string',
    value: 'PATH',
    help: 'text field or column (default: detected with the shape)',
  },
  'input-format': {
    type: 'string',
    value: 'FMT',
    choices: CORPUS_FORMATS,
    parse: oneOf<CorpusFormat>(CORPUS_FORMATS),
    help: 'read every corpus file as this format (default: by extension)',
  },
  'max-line-bytes': maxLineBytesOption,
  shape: {
    type: 'string',
    value: 'SHAPE',
    choices: SHAPES,
    parse: oneOf<Shape>(SHAPES),
    help: `read every record as this shape instead of detecting it: ${SHAPES.join(', ')}`,
  },
  records: {
    type: 'string',
    value: 'PATH',
    help: "where a JSON document's records are: the key of their array (data), or a dotted path into nested objects (data.train)",
  },
} as const;

/** The ReadOptions the CORPUS_OPTIONS values ask for. */
export function corpusReadOptions(values: {
  field?: string;
  'input-format'?: CorpusFormat;
  'max-line-bytes'?: number;
  shape?: Shape;
  records?: string;
}) {
  return {
    field: values.field,
    format: values['input-format'],
    maxLineBytes: values['max-line-bytes'],
    shape: values.shape,
    records: values.records,
  };
}

/** The chat template chat records are rendered with. */
export const chatTemplateOption = {
  type: 'string',
  value: 'T',
  complete: 'file',
  help: "chat records' template: a .jinja file, or a name of the tokenizer's templates (default, tool_use…)",
  defaultHelp: "the tokenizer's",
} as const satisfies ValueOption<string>;

// --- truncation ----------------------------------------------------------------------------------

/** Where truncation is shown or counted: `--max-length N`, `--truncation-side left|right`. */
export const TRUNCATION_OPTIONS = {
  'max-length': { type: 'string', value: 'N', parse: positiveInt, help: 'truncation length in tokens' },
  'truncation-side': {
    type: 'string',
    value: 'SIDE',
    choices: ['right', 'left'],
    parse: oneOf(['right', 'left'] as const),
    help: "right or left (default: tokenizer_config.json's, else right)",
  },
} as const;

export const noSpecialTokensOption = {
  type: 'boolean',
  help: "do not add the post-processor's special tokens (BOS/EOS/CLS/SEP)",
} as const satisfies FlagOption;

// --- output ----------------------------------------------------------------------------------------

/** `--format`: the output format, from `formats`; `md` is accepted for markdown everywhere. No `-f`: that is show's --file. */
export function formatOption<const F extends string>(formats: readonly F[]) {
  return {
    type: 'string',
    value: 'FORMAT',
    choices: formats,
    parse: oneOf<F>(formats, { md: 'markdown' as F }),
    default: formats[0]!,
    help: `${formats.join(', ')}`,
  } as const satisfies ValueOption<F>;
}

export const colorOption = {
  type: 'boolean',
  negatable: true,
  help: 'force colours on or off (default: on in a terminal, off with NO_COLOR)',
} as const satisfies FlagOption;

/** The unit of JSON offsets (show --json, tokenize); the record's `offsets` field names it. */
export const offsetsOption = {
  type: 'string',
  value: 'UNIT',
  choices: OFFSET_UNITS,
  parse: oneOf<OffsetUnit>(OFFSET_UNITS),
  default: 'codepoint',
  help: "unit of JSON offsets: codepoint (as Python's offset_mapping), utf16 (JavaScript string indices) or byte (UTF-8)",
} as const satisfies ValueOption<OffsetUnit>;

export const jsonOption = { type: 'boolean', help: 'print JSON instead of text' } as const satisfies FlagOption;

/** Worker threads: 0 means none (everything on the main thread). */
export const workersOption = {
  type: 'string',
  value: 'N',
  parse: wholeNumber(0, 256),
  help: 'worker threads, 0 for none',
  defaultHelp: 'one per 256 KiB of corpus, up to the cores',
} as const satisfies ValueOption<number>;

/** Shown samples per subject in drift reports (check, diff): 0 shows all. */
export const limitOption = {
  type: 'string',
  value: 'N',
  parse: wholeNumber(0),
  default: 10,
  help: 'differing samples shown per snapshot, 0 for all',
} as const satisfies ValueOption<number>;

// --- the snapshot suite, continued ----------------------------------------------------------------

/** What selects and runs part of a suite: snapshot and check. */
export const SUITE_OPTIONS = {
  config: configOption,
  ci: ciOption,
  tokenizer: { ...tokenizerOption, value: 'NAME', help: 'only this configured tokenizer; repeatable' },
  corpus: { type: 'string', value: 'NAME', multiple: true, help: 'only this configured corpus; repeatable' },
  engine: { ...engineOption, help: 'run every tokenizer with this engine instead of its configured one' },
  workers: workersOption,
  'max-line-bytes': maxLineBytesOption,
} as const;
