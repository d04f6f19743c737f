// docs/commands.md, generated from the command definitions (`npm run docs`); a unit test fails
// while the file on disk differs, so the reference cannot drift from what the parser accepts.

import { type AnyCommand, optionHelp, optionLabel } from './definition.js';

interface ReferencedCommand {
  name: string;
  summary: string;
  def: AnyCommand;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** Help text as Markdown: wrapped lines joined into paragraphs, indented lines kept as code. */
function prose(text: string): string {
  const blocks: string[] = [];
  for (const paragraph of text.trim().split(/\n\s*\n/)) {
    let words: string[] = [];
    let code: string[] = [];
    const flush = () => {
      if (words.length) blocks.push(words.join(' '));
      if (code.length) blocks.push(code.map((l) => `    ${l.trim()}`).join('\n'));
      words = [];
      code = [];
    };
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('  ')) {
        if (words.length) flush();
        code.push(line);
      } else {
        if (code.length) flush();
        words.push(line.trim());
      }
    }
    flush();
  }
  return blocks.join('\n\n');
}

export function commandReference(commands: ReferencedCommand[]): string {
  const out = [
    '# Command reference',
    '',
    '<!-- Generated from src/commands/*.ts by `npm run docs`; edit the command definitions, not this file. -->',
    '',
    'Every command also takes `-h, --help`; `tokpeek --version` prints the version and `--debug` adds stack',
    'traces to errors. Exit codes: 0 ok, 1 check failed (drift, a `--fail-on` condition), 2 bad usage or',
    'input, 70 a bug in tokpeek. Shell completion: `tokpeek completion bash|zsh|fish`.',
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map((c) => `| [\`${c.name}\`](#tokpeek-${c.name}) | ${cell(c.summary)} |`),
  ];
  for (const { name, def } of commands) {
    out.push('', `## tokpeek ${name}`, '', '```', ...def.usage.map((u) => `tokpeek ${u}`), '```', '');
    out.push(prose(def.description), '');
    const options = Object.entries(def.options);
    if (options.length) {
      out.push('| option | meaning |', '|---|---|');
      for (const [option, o] of options) out.push(`| \`${optionLabel(option, o).trim()}\` | ${cell(optionHelp(o))} |`);
    }
    if (def.epilogue) out.push('', prose(def.epilogue));
  }
  return `${out.join('\n')}\n`;
}
