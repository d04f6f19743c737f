// OpenAI's tiktoken as an engine, through the real bin/tokpeek: the bundled GPT-4o conversion
// against OpenAI's own o200k_base, and the message when the optional package is missing.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const HARD = path.join(ROOT, 'corpora', 'hard-cases.txt');

describe('tiktoken engine', () => {
  it("finds the HF GPT-4o conversion identical to OpenAI's o200k_base on the hard cases", async () => {
    const r = await runCli([
      'diff',
      '-t',
      'gpt4o',
      '-e',
      'js',
      '-e',
      'tiktoken',
      HARD,
      '--format',
      'json',
      '--workers',
      '1',
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    const s = report.subjects[0];
    expect(s.new.engine).toBe('tiktoken');
    expect(s.counts.drifted).toBe(0);
    expect(s.counts.unchanged).toBe(102);
    expect(r.code).toBe(0);
  });

  it('shows which encoding it runs, with offsets over special tokens written in the text', async () => {
    const r = await runCli(['show', '-t', 'gpt4o', '-e', 'tiktoken', '--', 'Hi<|endoftext|> 🤗']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('[Hi]⟦<|endoftext|>⟧[·\\xF0\\x9F\\xA4][\\x97]{🤗}');
    const info = await runCli(['info', '-t', 'gpt4o', '-e', 'tiktoken']);
    expect(info.stdout).toMatch(/^engine +tiktoken \(tiktoken [\d.]+ \(o200k_base\)\)$/m);
  });

  it('refuses a vocabulary that is no tiktoken encoding', async () => {
    const r = await runCli(['show', '-t', 'llama3', '-e', 'tiktoken', 'hi']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /tokenizer\.json: the tiktoken engine has no encoding with this vocabulary \(128000 ordinary tokens\)/,
    );
  });

  it('says how to install tiktoken when it is missing', async () => {
    const r = await runCli(['show', '-t', 'gpt4o', '-e', 'tiktoken', 'hi'], {
      env: {
        TOKPEEK_TEST_HIDE: 'tiktoken',
        NODE_OPTIONS: `--import=${path.join(ROOT, 'test', 'support', 'hide-packages.mjs')}`,
      },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tokpeek: the tiktoken engine is unavailable: tiktoken is not installed\n');
  });
});
