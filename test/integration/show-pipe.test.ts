// `show` as a pipe tool, the way ttok is used: counts, ids, and ids back to text, through the
// real bin/tokpeek on real bundled tokenizers.

import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const TEXT = 'Hello world — naïve café 🤗\nsecond line\n';

describe('show --count / --ids-only / --decode', () => {
  it('counts tokens, as --json counts them, and after --max-length', async () => {
    const json = JSON.parse((await runCli(['show', '-t', 'llama3', '--json'], { input: TEXT })).stdout);
    const r = await runCli(['show', '-t', 'llama3', '--count'], { input: TEXT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${json.tokens.length}\n`);
    expect((await runCli(['show', '-t', 'llama3', '--count', '--max-length', '4'], { input: TEXT })).stdout).toBe(
      '4\n',
    );
  });

  it('prints one line per tokenizer with its name when given several', async () => {
    const r = await runCli(['show', 'Hello world', '-t', 'llama3', '-t', 'gpt4o', '--count']);
    expect(r.stdout).toBe('2\tllama3\n2\tgpt4o\n');
    const ids = await runCli(['show', 'Hello world', '-t', 'llama3', '-t', 'gpt4o', '--ids-only']);
    expect(ids.stdout).toBe('llama3\t9906 1917\ngpt4o\t13225 2375\n');
  });

  it('prints the ids the token model holds, and --decode gives the text back byte for byte', async () => {
    const json = JSON.parse((await runCli(['show', '-t', 'mistral', '--json'], { input: TEXT })).stdout);
    const ids = await runCli(['show', '-t', 'mistral', '--ids-only', '--no-special-tokens'], { input: TEXT });
    expect(ids.code).toBe(0);
    const expected = json.tokens.filter((t: { inserted: boolean }) => !t.inserted).map((t: { id: number }) => t.id);
    expect(ids.stdout).toBe(`${expected.join(' ')}\n`);
    const back = await runCli(['show', '--decode', '-t', 'mistral'], { input: ids.stdout });
    expect(back.stderr).toBe('');
    expect(back.stdout).toBe(TEXT);
  });

  it('decodes ids written with spaces, commas or as a JSON array; specials are kept', async () => {
    for (const input of ['128000 9906 1917', '128000,9906,1917\n', '[128000, 9906, 1917]'])
      expect((await runCli(['show', '--decode', '-t', 'llama3'], { input })).stdout).toBe(
        '<|begin_of_text|>Hello world',
      );
    const arg = await runCli(['show', '--decode', '-t', 'gpt4o', '13225 2375']);
    expect(arg.stdout).toBe('Hello world');
  });

  it('refuses what it cannot decode with one line and exit 2', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['show', '--decode', '-t', 'llama3'], '1 2 999999999', /999999999 \(item 3\) is not an id of llama3/],
      [['show', '--decode', '-t', 'llama3'], '1 two 3', /"two" \(item 2\) is not a token id/],
      [['show', '--decode', '-t', 'llama3'], ' \n', /--decode needs token ids/],
      [['show', '--decode', '-t', 'llama3', '-t', 'gpt4o'], '1', /one tokenizer/],
      [['show', '--decode', '--count'], '1', /--count and --decode do not go together/],
      [['show', '--json', '--ids-only'], 'x', /--json and --ids-only do not go together/],
    ];
    for (const [args, input, message] of cases) {
      const r = await runCli(args, { input });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('passes decoded text through a pipe byte for byte, escapes included', async () => {
    // ESC [ 2 J in gpt4o ids: the data, not tokpeek, holds the escape.
    const ids = (await runCli(['show', '-t', 'gpt4o', '--ids-only'], { input: 'a\x1b[2Jb' })).stdout;
    const piped = await runCli(['show', '--decode', '-t', 'gpt4o'], { input: ids });
    expect(piped.stdout).toBe('a\x1b[2Jb');
  });
});
