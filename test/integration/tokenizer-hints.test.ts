// Where a tokenizer is looked for and what tokpeek says when it finds the wrong thing: HF_HOME
// with `~`, folders and files from before tokenizer.json, a binary model given as -t.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINI_BPE } from '../support/fixture-tokenizers.js';
import { runCli } from '../support/run-cli.js';

const COMMIT = 'a'.repeat(40);

describe('tokenizer locations and legacy files', () => {
  let home: string;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-home-'));
    const repo = (name: string, files: Record<string, string | Buffer>) => {
      const dir = path.join(home, 'hf', 'hub', `models--acme--${name}`);
      fs.mkdirSync(path.join(dir, 'refs'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'refs', 'main'), COMMIT);
      fs.mkdirSync(path.join(dir, 'snapshots', COMMIT), { recursive: true });
      for (const [f, content] of Object.entries(files))
        fs.writeFileSync(path.join(dir, 'snapshots', COMMIT, f), content);
    };
    repo('mini', { 'tokenizer.json': fs.readFileSync(path.join(MINI_BPE, 'tokenizer.json')) });
    repo('old', { 'tokenizer.model': Buffer.from([0, 1, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a]), 'vocab.txt': '[PAD]\n' });
  });

  it('HF_HOME=~/hf finds the cache under the home folder, as huggingface_hub does', async () => {
    const r = await runCli(['show', 'hello', '-t', 'acme/mini', '--json'], { env: { HOME: home, HF_HOME: '~/hf' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tokenizer.spec).toBe('acme/mini');
  });

  it('a cached revision with only legacy files says how to convert them, not to download', async () => {
    const r = await runCli(['show', 'hello', '-t', 'acme/old'], { env: { HOME: home, HF_HOME: '~/hf' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no tokenizer.json, only legacy tokenizer files (tokenizer.model, vocab.txt)');
    expect(r.stderr).toContain('save_pretrained');
    expect(r.stderr).not.toContain('huggingface-cli');
  });

  it('a folder of legacy files, and a SentencePiece model given as -t, get one clear line each', async () => {
    const folder = path.join(home, 'hf', 'hub', 'models--acme--old', 'snapshots', COMMIT);
    const dir = await runCli(['info', '-t', folder]);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(
      /^tokpeek: .*: no tokenizer\.json, only legacy tokenizer files \(tokenizer\.model, vocab\.txt\)\n/,
    );
    const model = await runCli(['show', 'hi', '-t', path.join(folder, 'tokenizer.model')]);
    expect(model.code).toBe(2);
    expect(model.stderr).toMatch(/tokenizer\.model: a SentencePiece model, not a tokenizer\.json\n/);
    expect(model.stderr).not.toContain('invalid JSON');
    expect(model.stderr).not.toMatch(/[\x00-\x08\x1b]/);
  });
});
