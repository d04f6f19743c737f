// The one command definition: parsing, errors, help and completion all come from each command's
// declared options, and an option that several commands take means the same in each.

import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { completionScript } from '../../src/commands/completion.js';
import { commandReference } from '../../src/commands/reference.js';
import { type AnyCommand, defineCommand, helpText, optionLabel, parseOptions } from '../../src/commands/definition.js';
import { positiveInt, wholeNumber } from '../../src/commands/option-groups.js';
import { UsageError } from '../../src/errors.js';

const demo = defineCommand({
  name: 'demo',
  usage: ['demo [FILE]'],
  description: 'A demo command.',
  positionals: { name: 'FILE', max: 1 },
  options: {
    count: { type: 'string', value: 'N', parse: positiveInt, default: 3, help: 'how many' },
    workers: { type: 'string', value: 'N', parse: wholeNumber(0, 8), help: 'threads' },
    tag: { type: 'string', short: 'g', value: 'TAG', multiple: true, help: 'a tag' },
    side: { type: 'string', value: 'S', choices: ['left', 'right'], help: 'a side' },
    color: { type: 'boolean', negatable: true, help: 'colours' },
    quiet: { type: 'boolean', short: 'q', help: 'say less' },
  },
  run: async () => 0,
});

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error('no UsageError thrown');
}

describe('parseOptions', () => {
  it('converts values by their declaration, with defaults and empty repeatables', () => {
    expect(parseOptions(demo, [])).toEqual({
      values: { count: 3, workers: undefined, tag: [], side: undefined, color: undefined, quiet: false },
      positionals: [],
    });
    const parsed = parseOptions(demo, ['f.txt', '--count', '7', '-g', 'a', '--tag', 'b', '--no-color', '-q']);
    expect(parsed).toEqual({
      values: { count: 7, workers: undefined, tag: ['a', 'b'], side: undefined, color: false, quiet: true },
      positionals: ['f.txt'],
    });
    expect(parseOptions(demo, ['--color', '--workers', '0'])).toMatchObject({ values: { color: true, workers: 0 } });
    expect(parseOptions(demo, ['-h'])).toBe('help');
  });

  it('rejects bad values in one line that names the option and points to the command help', () => {
    for (const [args, message] of [
      [['--count', '0'], '--count must be a positive whole number, not "0"'],
      [['--count', '1.5'], '--count must be a positive whole number, not "1.5"'],
      [['--workers', '9'], '--workers must be a whole number from 0 to 8, not "9"'],
      [['--side', 'up'], '--side must be one of left, right, not "up"'],
      [['a', 'b'], 'demo takes one FILE argument, got 2'],
    ] as const) {
      const e = usageError(() => parseOptions(demo, [...args]));
      expect(e.message).toBe(message);
      expect(e.hint).toBe('Run `tokpeek demo --help`.');
    }
  });

  it('suggests the closest option for a misspelt one', () => {
    const e = usageError(() => parseOptions(demo, ['--colour']));
    expect(e.message).toBe("demo: Unknown option '--colour'");
    expect(e.hint).toBe('Did you mean --color? Run `tokpeek demo --help`.');
    expect(usageError(() => parseOptions(demo, ['--zzzzzz'])).hint).toBe('Run `tokpeek demo --help`.');
  });

  it('refuses a declaration that would give one option two meanings', () => {
    expect(() =>
      defineCommand({ ...demo, options: { help: { type: 'boolean', help: 'x' } } } as unknown as AnyCommand),
    ).toThrow(/--help is declared twice/);
  });
});

describe('help text', () => {
  it('lists every declared option with its default and repeatability, then -h', () => {
    expect(helpText(demo)).toBe(
      [
        'Usage: tokpeek demo [FILE]',
        '',
        'A demo command.',
        '',
        'Options:',
        '      --count N              how many (default 3)',
        '      --workers N            threads',
        '  -g, --tag TAG              a tag; repeatable',
        '      --side S               a side',
        '      --color / --no-color   colours',
        '  -q, --quiet                say less',
        '  -h, --help                 this help',
      ].join('\n'),
    );
  });
});

describe('the commands of tokpeek', () => {
  let commands: Array<{ name: string; summary: string; def: AnyCommand }>;
  beforeAll(async () => {
    commands = await Promise.all(
      Object.entries(COMMANDS).map(async ([name, c]) => ({ name, summary: c.summary, def: await c.load() })),
    );
  });

  it('each is declared under its own name, and its help shows every option it parses', () => {
    for (const { name, def } of commands) {
      expect(def.name).toBe(name);
      const help = helpText(def);
      for (const [option, o] of Object.entries(def.options)) expect(help).toContain(optionLabel(option, o));
    }
  });

  it('a short letter stands for the same long option in every command', () => {
    const meaning = new Map<string, string>();
    for (const { name, def } of commands)
      for (const [option, o] of Object.entries(def.options)) {
        if (!o.short) continue;
        const seen = meaning.get(o.short);
        expect(seen ?? option, `-${o.short} in ${name}`).toBe(option);
        meaning.set(o.short, option);
      }
  });

  it('an option several commands take has one type and parses alike in each', () => {
    const probes: Record<string, Array<[string, unknown]>> = {
      workers: [
        ['0', 0],
        ['4', 4],
        ['257', UsageError],
        ['', UsageError],
      ],
      // show also takes 0 (HF truncates below the template's specials too); elsewhere it is an error.
      'max-length': [
        ['8', 8],
        ['-1', UsageError],
        ['x', UsageError],
      ],
      'max-line-bytes': [
        ['100', 100],
        ['-1', UsageError],
      ],
      'truncation-side': [
        ['left', 'left'],
        ['middle', UsageError],
      ],
      'input-format': [
        ['jsonl', 'jsonl'],
        ['xml', UsageError],
      ],
      format: [
        ['md', 'markdown'],
        ['json', 'json'],
        ['yaml', UsageError],
      ],
      limit: [
        ['0', 0],
        ['x', UsageError],
      ],
    };
    for (const [option, cases] of Object.entries(probes)) {
      const takers = commands.filter((c) => option in c.def.options);
      expect(takers.length, option).toBeGreaterThan(0);
      for (const { name, def } of takers)
        for (const [raw, want] of cases) {
          const run = () => parseOptions(def, [`--${option}`, raw]);
          if (want === UsageError) expect(run, `${name} --${option} ${raw}`).toThrow(UsageError);
          else expect((run() as { values: Record<string, unknown> }).values[option], `${name} --${option}`).toBe(want);
        }
    }
    // Booleans that can be negated are negatable everywhere.
    for (const { def } of commands.filter((c) => 'color' in c.def.options))
      expect(parseOptions(def, ['--no-color'])).toMatchObject({ values: { color: false } });
  });

  it('shell completion offers every option of every command', () => {
    const bash = completionScript('bash', commands);
    const fish = completionScript('fish', commands);
    for (const { name, def } of commands) {
      expect(bash).toContain(`${name})`);
      for (const option of Object.keys(def.options)) {
        expect(bash).toMatch(new RegExp(`${name}\\) opts="[^"]*--${option}\\b`));
        expect(fish).toContain(`__fish_seen_subcommand_from ${name}" -l ${option}`);
      }
    }
  });

  it('docs/commands.md is the reference generated from these definitions (npm run docs)', () => {
    const onDisk = fs.readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(commandReference(commands));
  });
});
