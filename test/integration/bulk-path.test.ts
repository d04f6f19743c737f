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
        "pre-tokens memoised through the library's own Split + ByteLevel pre-tokenizer and tokpeek's merge loop over a shared table of the BPE's ranked merges; on ASCII text the Split's pattern (GPT-4o's) is matched by tokpeek's own scanner of it",
    });
    // Llama 3's Split pattern is not GPT-4o's: the regex matches every piece.
    const llama = JSON.parse((await runCli(['info', '-t', 'llama3.1', '--json'])).stdout);
    expect(llama.bulkPath.reason).not.toMatch(/scanner/);
    const wordpiece = JSON.parse((await runCli(['info', '-t', 'wordpiece-en', '--json'])).stdout);
    expect(wordpiece.bulkPath).toEqual({
      path: 'table',
      reason:
        "tokpeek's WordPiece over a shared table of the vocabulary; words of printable ASCII lowercased and split as the BertNormalizer and BertPreTokenizer do, other words through the library's own",
    });
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
        reason:
          "pre-tokens memoised through the library's own Whitespace pre-tokenizer and WordPiece model (not tokpeek's WordPiece: its normaliser and pre-tokenizer are not BertNormalizer (or none) and BertPreTokenizer)",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives a report over tokpeek's WordPiece in two workers the engine alone's numbers", async () => {
    // Workers over the shared table (no vocabulary loaded in them) against the library's own
    // encode in every worker, on real text with capitals, punctuation, accents and CJK.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bulk-wordpiece-'));
    try {
      const lines = [
        'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money,',
        "The President's ADDRESS (1790): naïve café, Straße; 東京 and ПРИВЕТ! x=1+2 <a href='#'>",
        'supercalifragilisticexpialidocious '.repeat(5),
        '[CLS] literal [MASK] tokens [SEP] and tabs\tand\u000bcontrols',
      ];
      const file = path.join(dir, 'text.txt');
      fs.writeFileSync(file, Array.from({ length: 400 }, (_, i) => `${lines[i % lines.length]} ${i}`).join('\n'));
      const args = ['report', file, '-t', 'wordpiece-en', '--workers', '2', '--format', 'json'];
      const fast = await runCli(args);
      const engine = await runCli(args, { env: { TOKPEEK_BULK: 'engine' } });
      expect(fast.code, fast.stderr).toBe(0);
      expect(engine.code, engine.stderr).toBe(0);
      const numbers = (out: string) => {
        const { lengths, hazards } = JSON.parse(out);
        return { lengths, hazards };
      };
      expect(numbers(fast.stdout)).toEqual(numbers(engine.stdout));
      expect(JSON.parse(fast.stdout).lengths.tokens).toBeGreaterThan(10_000);
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
