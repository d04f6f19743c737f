// `tokpeek info` says which path report, snapshot and check take to encode with a tokenizer, and why.

import fs from 'node:fs';
import os from 'node:os';
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
    expect(wordpiece.bulkPath.reason).toBe(
      "the text's runs between whitespace memoised through the library's own BertNormalizer, BertPreTokenizer pre-tokenizer and WordPiece model",
    );
  });

  it('keys the memo on pre-tokens where the raw-word memo does not cover the pre-tokenizer', async () => {
    // wordpiece-en with a Whitespace pre-tokenizer instead of BertPreTokenizer.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bulk-path-'));
    try {
      const json = JSON.parse(
        fs.readFileSync(path.join(ROOT, 'src', 'bundled', 'wordpiece-en', 'tokenizer.json'), 'utf8'),
      );
      fs.writeFileSync(
        path.join(dir, 'tokenizer.json'),
        JSON.stringify({ ...json, pre_tokenizer: { type: 'Whitespace' } }),
      );
      const info = JSON.parse((await runCli(['info', '-t', dir, '--json'])).stdout);
      expect(info.bulkPath).toEqual({
        path: 'memo',
        reason: "pre-tokens memoised through the library's own Whitespace pre-tokenizer and WordPiece model",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says why a tokenizer takes the engine', async () => {
    const unigram = JSON.parse((await runCli(['info', '-t', UNIGRAM, '--json'])).stdout);
    expect(unigram.bulkPath).toEqual({ path: 'engine', reason: 'Unigram model: not covered by the memo path' });
    const rust = await runCli(['info', '-t', 'wordpiece-en', '--engine', 'rust']);
    expect(rust.stdout).toMatch(/bulk path\s+engine: the Rust binding's encodeBatch/);
  });
});
