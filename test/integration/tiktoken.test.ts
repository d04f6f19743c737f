// OpenAI's tiktoken as an engine, through the real bin/tokpeek: the bundled GPT-4o conversion
// against OpenAI's own o200k_base, and the message when the optional package is missing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { writeTiktokenAsHf } from '../support/tiktoken-to-hf.js';

const HARD = path.join(ROOT, 'corpora', 'hard-cases.txt');

/** Where conversions and OpenAI's encodings part most often: special tokens and whitespace runs. */
const SPECIALS_AND_WHITESPACE = [
  '<|endoftext|>',
  'prompt<|endoftext|>next',
  '<|fim_prefix|>def f(x):<|fim_suffix|>    return x<|fim_middle|>',
  'a question<|endofprompt|> an answer',
  '<|endoftext |> is not special, nor <|im_start|>',
  'a  b   c    d',
  '   leading and trailing   ',
  'tabs\t\tand\tspaces \t x',
  'new\n\nlines\r\n\r\nend\n',
  'x   \n   y\n\n\n',
  'code:\n    if x:\n        return 1\n',
  'no\u00a0break\u2003em\u3000ideographic \u200b zero-width',
  "it's they'RE WE'LL I'd",
  'numbers 1234567 12 3.14159',
  'emoji 🤗  🤗👩‍💻',
];

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

// cl100k_base: no converted tokenizer.json ships with tokpeek (9 MB for one test), so the test
// builds the HF-format conversion from tiktoken's own ranks as HF's and Xenova's converters do
// (test/support/tiktoken-to-hf.ts), then holds it against OpenAI's encoding.
describe('tiktoken engine on cl100k_base', () => {
  let dir: string;
  let corpus: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-cl100k-'));
    writeTiktokenAsHf('cl100k_base', path.join(dir, 'cl100k'));
    writeTiktokenAsHf('cl100k_base', path.join(dir, 'cl100k-added'), { specialsInVocab: false });
    corpus = path.join(dir, 'specials-whitespace.jsonl');
    fs.writeFileSync(corpus, SPECIALS_AND_WHITESPACE.map((text) => `${JSON.stringify({ text })}\n`).join(''));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const diff = async (spec: string, engine: string) => {
    const r = await runCli(
      ['diff', '-t', spec, '-e', engine, '-e', 'tiktoken', HARD, corpus, '--field', 'text', '--format', 'json'],
      { cwd: dir },
    );
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(r.code).toBe(report.exitCode);
    return report;
  };

  it.each(['js', 'rust'])(
    "finds the conversion identical to OpenAI's cl100k_base under %s (special tokens, whitespace runs)",
    async (engine) => {
      const report = await diff('cl100k', engine);
      expect(report.subjects.map((s: { new: { engine: string } }) => s.new.engine)).toEqual(['tiktoken', 'tiktoken']);
      expect(report.totals.drifted).toBe(0);
      expect(report.totals.samples).toBe(102 + SPECIALS_AND_WHITESPACE.length);
    },
  );

  it('runs cl100k_base, matching special tokens written in the text', async () => {
    const info = await runCli(['info', '-t', 'cl100k', '-e', 'tiktoken'], { cwd: dir });
    expect(info.stdout).toMatch(/^engine +tiktoken \(tiktoken [\d.]+ \(cl100k_base\)\)$/m);
    const r = await runCli(['show', '-t', 'cl100k', '-e', 'tiktoken', '--', 'a  b<|endoftext|>'], { cwd: dir });
    expect(r.stdout).toContain('[a][·][·b]⟦<|endoftext|>⟧');
  });

  // HF's TikTokenConverter adds the special tokens without putting them in the vocabulary; the
  // Rust tokenizers then number them from the vocabulary's size, ignoring the ids in the file,
  // and cl100k has a hole at 100256: every special token comes out one below OpenAI's.
  it('catches a conversion whose special tokens the Rust tokenizers renumber (the hole at 100256)', async () => {
    const rust = await diff('cl100k-added', 'rust');
    expect(rust.classes).toEqual({ 'special-tokens': rust.totals.drifted });
    const whole = rust.subjects[1].drifted.find((d: { text: string }) => d.text === '<|endoftext|>');
    const ids = (tokens: Array<{ id: number }>) => tokens.map((t) => t.id);
    expect([ids(whole.hunks[0].removed), ids(whole.hunks[0].added)]).toEqual([[100256], [100257]]);
    // The JS engine takes the ids from the file: the same conversion matches there.
    expect((await diff('cl100k-added', 'js')).totals.drifted).toBe(0);
  });
});
