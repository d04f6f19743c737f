// Shell completion as a shell runs it: the script from the real binary, loaded into bash,
// completing partial command lines.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

function complete(script: string, words: string[]): string[] {
  const line = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `eval "$SCRIPT"; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _tokpeek; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { env: { ...process.env, SCRIPT: script }, encoding: 'utf8', timeout: 20_000 },
  );
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('tokpeek completion', () => {
  it('bash: commands, each command’s options, and the values of options with a fixed set', async () => {
    const { code, stdout } = await runCli(['completion', 'bash']);
    expect(code).toBe(0);
    expect(complete(stdout, ['tokpeek', 'ch'])).toEqual(['check']);
    expect(complete(stdout, ['tokpeek', 'check', '--for'])).toEqual(['--format']);
    expect(complete(stdout, ['tokpeek', 'check', '--format', ''])).toEqual(['text', 'markdown', 'json', 'junit']);
    expect(complete(stdout, ['tokpeek', 'report', 'x.jsonl', '--format', 'm'])).toEqual(['markdown']);
    expect(complete(stdout, ['tokpeek', 'show', '-e', ''])).toEqual([
      'js',
      'rust',
      'transformers',
      'llama.cpp',
      'tiktoken',
    ]);
    expect(complete(stdout, ['tokpeek', 'show', '-t', 'qw'])).toEqual(['qwen3']);
    expect(complete(stdout, ['tokpeek', 'show', '--no-'])).toEqual(['--no-special-tokens', '--no-color']);
  });

  it('an unknown shell is a usage error', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tokpeek: no completion for "tcsh"\n/);
  });
});
