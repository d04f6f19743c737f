// `tokpeek info` says which path report, snapshot and check take to encode with a tokenizer, and why.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const UNIGRAM = path.join(ROOT, 'test', 'fixtures', 'tokenizers', 'unigram');

describe('tokpeek info: the bulk path', () => {
  it('names the table and memo paths and what they rest on', async () => {
    const sp = await runCli(['info', '-t', 'mistral']);
    expect(sp.code).toBe(0);
    expect(sp.stdout).toMatch(
      /bulk path\s+table: SentencePiece-style BPE: words cut before each ▁ run .* tokpeek's merge loop over a shared table/,
    );
    const json = JSON.parse((await runCli(['info', '-t', 'gpt4o', '--json'])).stdout);
    expect(json.bulkPath).toEqual({
      path: 'table',
      reason:
        "pre-tokens memoised through the library's own Split + ByteLevel pre-tokenizer and tokpeek's merge loop over a shared table of the BPE's ranked merges",
    });
    const wordpiece = JSON.parse((await runCli(['info', '-t', 'wordpiece-en', '--json'])).stdout);
    expect(wordpiece.bulkPath.path).toBe('memo');
    expect(wordpiece.bulkPath.reason).toMatch(
      /library's own BertPreTokenizer pre-tokenizer and WordPiece model \(the library's model: WordPiece model\)/,
    );
  });

  it('says why a tokenizer takes the engine', async () => {
    const unigram = JSON.parse((await runCli(['info', '-t', UNIGRAM, '--json'])).stdout);
    expect(unigram.bulkPath).toEqual({ path: 'engine', reason: 'Unigram model: not covered by the memo path' });
    const rust = await runCli(['info', '-t', 'wordpiece-en', '--engine', 'rust']);
    expect(rust.stdout).toMatch(/bulk path\s+engine: the Rust binding's encodeBatch/);
  });
});
