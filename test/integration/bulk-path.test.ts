// `tokpeek info` says which path report, snapshot and check take to encode with a tokenizer, and why.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const UNIGRAM = path.join(ROOT, 'test', 'fixtures', 'tokenizers', 'unigram');

describe('tokpeek info: the bulk path', () => {
  it('names the memo path and what it rests on', async () => {
    const sp = await runCli(['info', '-t', 'mistral']);
    expect(sp.code).toBe(0);
    expect(sp.stdout).toMatch(/bulk path\s+memo: SentencePiece-style BPE: words cut before each ▁ run/);
    const json = JSON.parse((await runCli(['info', '-t', 'gpt4o', '--json'])).stdout);
    expect(json.bulkPath).toEqual({
      path: 'memo',
      reason: "pre-tokens memoised through the library's own Split + ByteLevel pre-tokenizer and BPE model",
    });
  });

  it('says why a tokenizer takes the engine', async () => {
    const unigram = JSON.parse((await runCli(['info', '-t', UNIGRAM, '--json'])).stdout);
    expect(unigram.bulkPath).toEqual({ path: 'engine', reason: 'Unigram model: not covered by the memo path' });
    const rust = await runCli(['info', '-t', 'wordpiece-en', '--engine', 'rust']);
    expect(rust.stdout).toMatch(/bulk path\s+engine: the Rust binding's encodeBatch/);
  });
});
