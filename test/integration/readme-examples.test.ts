// Every `console` example in README.md, run through the real binary: each `$ tokpeek …` line
// (or `$ echo '…' | tokpeek …`) is run and its standard output must equal the lines under it.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

interface Example {
  command: string;
  output: string;
}

/** Splits a shell word list the way the README writes them: single quotes, no escapes. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2]!);
  return out;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  for (const block of markdown.matchAll(/```console\n([\s\S]*?)```/g)) {
    let current: Example | undefined;
    for (const line of block[1]!.split('\n')) {
      if (line.startsWith('$ ')) {
        current = { command: line.slice(2), output: '' };
        out.push(current);
      } else if (current) current.output += `${line}\n`;
    }
  }
  for (const e of out) e.output = e.output.replace(/\n+$/, '\n');
  return out;
}

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const found = examples(readme);

describe('README examples', () => {
  it('there are examples to run', () => {
    expect(found.length).toBeGreaterThanOrEqual(2);
  });

  it.each(found.map((e) => [e.command, e] as const))('%s', async (_command, e) => {
    const piped = /^echo '([^']*)' \| (tokpeek .*)$/.exec(e.command);
    const [program, ...args] = words(piped ? piped[2]! : e.command);
    expect(program).toBe('tokpeek');
    const r = await runCli(args, piped ? { input: `${piped[1]}\n` } : {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Output blocks in the README separate commands with a blank line.
    expect(r.stdout.replace(/\n+$/, '\n')).toBe(e.output);
  });
});
