// llama.cpp as an engine, through the real bin/tokpeek on vocab-only GGUF files built from the
// bundled tokenizers: llama.cpp's own goldens pass, faithful conversions agree with their HF
// source, and deliberately broken files are caught with the right drift class and warning.
// Every run loads llama.cpp (about a second of CPU): runs are few and share the built files.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBundled } from '../../src/tokenizers/bundled.js';
import { lazyTokenizer } from '../../src/tokenizers/load.js';
import { TokenizerPool } from '../../src/tokenizers/pool.js';
import { writeGgufFromHfFolder } from '../support/gguf-from-hf.js';
import { valid } from '../support/json-schema.js';
import { ROOT, runCli } from '../support/run-cli.js';

const GOLDENS = path.join(ROOT, 'test', 'fixtures', 'goldens', 'llama.cpp', 'ggml-vocab-llama-bpe.gguf.inp');
const HARD = path.join(ROOT, 'corpora', 'hard-cases.txt');
let dir: string;
const gguf = (name: string) => path.join(dir, `${name}.gguf`);
// Runs in the folder of the built files: tokenizer paths must lie inside the working folder.
const run = (args: string[]) => runCli(args, { cwd: dir });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-gguf-'));
  const llama3 = findBundled('llama3')!.folder();
  writeGgufFromHfFolder(llama3, gguf('llama3'), { pre: 'llama-bpe' });
  writeGgufFromHfFolder(findBundled('mistral')!.folder(), gguf('mistral'));
  // Deliberately broken conversions of Llama 3, one fault each.
  writeGgufFromHfFolder(llama3, gguf('wrong-pre'), { pre: 'gpt-2' });
  writeGgufFromHfFolder(llama3, gguf('few-merges'), { pre: 'llama-bpe', dropMerges: 30_000 });
  writeGgufFromHfFolder(llama3, gguf('bos-flipped'), { pre: 'llama-bpe', addBos: true });
  writeGgufFromHfFolder(llama3, gguf('unknown-pre'), { pre: 'no-such-pre' });
  const mistral = findBundled('mistral')!.folder();
  writeGgufFromHfFolder(mistral, gguf('no-byte-tokens'), { dropByteTokens: 'but-newline' });
  writeGgufFromHfFolder(mistral, gguf('no-newline'), { dropByteTokens: 'all' });
  writeGgufFromHfFolder(findBundled('qwen3')!.folder(), gguf('qwen3'), { pre: 'qwen2' });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface JsonReport {
  exitCode: number;
  subjects: Array<{
    old: { engine?: string; engineVersion?: string };
    new: { engine?: string; engineVersion?: string };
    counts: { drifted: number; unchanged: number };
    classes: Record<string, number>;
    notes: Array<{ level: string; message: string }>;
  }>;
}

async function diffJson(a: string, b: string): Promise<JsonReport> {
  const r = await run(['diff', '-t', a, '-t', b, HARD, '--format', 'json', '--workers', '1']);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as JsonReport;
  expect(r.code).toBe(report.exitCode);
  return report;
}

describe('llama.cpp engine (GGUF vocab only)', () => {
  it("passes llama.cpp's own Llama 3 goldens on a GGUF built from the bundled llama3", async () => {
    const r = await run(['check', '--expected', GOLDENS, '-t', 'llama3.gguf']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('44 samples unchanged');
    expect(r.code).toBe(0);
  });

  it('shows a GGUF tokenization with exact offsets and flags (BOS from add_bos_token)', async () => {
    const r = await run(['show', '-t', 'mistral.gguf', '--', 'Hi Café 🤗</s>']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // BOS inserted, a leading-space piece, byte-fallback pieces of the emoji, the EOS matched in the text.
    expect(r.stdout).toContain('⟦+<s>⟧[·Hi][·C][af][é][·][<0xF0>][<0x9F>][<0xA4>]');
    expect(r.stdout).toMatch(/2 special · 4 byte-fallback/);
  });

  it('agrees with the HF tokenizer it was converted from (SentencePiece BPE)', async () => {
    const report = await diffJson('mistral', 'mistral.gguf');
    const s = report.subjects[0]!;
    expect(s.new.engine).toBe('llama.cpp');
    expect(s.old.engine).toBe('js');
    expect(s.counts.drifted).toBe(0);
    expect(s.notes.filter((n) => n.level === 'warning')).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  // llama.cpp exposes no pipeline evidence: where the HF side's pre-tokens do not settle it, the
  // stage whose metadata departs from the HF files (as info --against finds it) does, as header
  // digests do between two snapshots of one engine.
  it.each([
    ['llama3', 'wrong-pre', ['pre-tokenization'], /tokenizer\.ggml\.pre is 'gpt-2'.*'llama-bpe'/],
    ['llama3', 'few-merges', ['merges'], /250147 merges, the HF tokenizer 280147/],
    [
      'llama3',
      'bos-flipped',
      ['special-tokens'],
      /BOS differs: the HF tokenizer adds no BOS, llama\.cpp adds "<\|begin_of_text\|>"/,
    ],
    [
      'mistral',
      'no-byte-tokens',
      ['unknown-tokens', 'byte-fallback'],
      /falls back to bytes, but the GGUF lacks 255 of the 256 byte tokens.*llama\.cpp aborts/,
    ],
  ])('catches a broken GGUF (%s vs %s) with drift classes %j and the reason', async (hf, name, classes, warning) => {
    const report = await diffJson(hf, `${name}.gguf`);
    const s = report.subjects[0]!;
    // Which runtime, and which version of it, produced each side.
    expect([s.old.engine, s.new.engine]).toEqual(['js', 'llama.cpp']);
    expect(s.new.engineVersion).toMatch(/^v\S+ \(node-llama-cpp 3\.21\.1\)$/);
    expect(report.exitCode).toBe(1);
    expect(s.counts.drifted).toBeGreaterThan(0);
    expect(Object.keys(s.classes)).toEqual(classes);
    expect(s.notes.some((n) => n.level === 'warning' && warning.test(n.message))).toBe(true);
  });

  it('names the runtime and its version in the text report, and the class of each sample', async () => {
    const r = await run(['diff', '-t', 'llama3', '-t', 'few-merges.gguf', HARD, '--workers', '1', '--limit', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^ {2}few-merges\.gguf +few-merges\.gguf · llama\.cpp v\S+ \(node-llama-cpp 3\.21\.1\) · /m,
    );
    expect(r.stdout).toMatch(/^ {2}✗ \S+hard-cases\.txt:\d+ #\w+ +same pre-tokens, other tokens \(model merges\)/m);
  });

  it('tokenizes where llama.cpp would abort for want of a byte token, with the unknown token there', async () => {
    const r = await run(['show', '-t', 'no-byte-tokens.gguf', '--', 'Hi 🤗\nok']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('⟦+<s>⟧[·Hi][·][UNK:🤗][<0x0A>]\n[ok]');
    const refused = await run(['show', '-t', 'no-newline.gguf', 'hi']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `tokpeek: ${gguf('no-newline')}: llama.cpp cannot load its vocabulary: loading it would abort llama.cpp on a newline: this SentencePiece vocabulary has no token for it and lacks the byte tokens to fall back to`,
    );
  });

  // llama.cpp's loader makes tokens whose text is on its end-of-generation list control tokens,
  // whatever the file says ("control-looking token … its type will be overridden"): Qwen's
  // vocabulary has `</s>` as an ordinary token, which llama.cpp then matches in text.
  it('flags a token llama.cpp makes special by its name as special, and info --against says so', async () => {
    const r = await run(['show', '-t', 'qwen3.gguf', '--', 'a</s>b']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('[a]⟦</s>⟧[b]');
    const hf = await runCli(['show', '-t', 'qwen3', '--', 'a</s>b']);
    expect(hf.stdout).toContain('[a][</][s][>b]');
    const info = await run(['info', '-t', 'qwen3.gguf', '--against', 'qwen3', '--json']);
    const warning = valid('info', info.stdout).warnings.find((w: { code: string }) => w.code === 'runtime-special');
    expect(warning.message).toMatch(
      /^llama\.cpp turns 1 ordinary token of the vocabulary into control tokens by their text \("<\/s>"=128247\)/,
    );
  });

  it('refuses a GGUF whose pre-tokenizer llama.cpp does not know, in one line', async () => {
    const r = await run(['show', '-t', 'unknown-pre.gguf', 'hi']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(
      `tokpeek: ${gguf('unknown-pre')}: llama.cpp cannot load its vocabulary: unknown pre-tokenizer type: 'no-such-pre'`,
    );
  });

  it('info still describes a GGUF llama.cpp refuses, with the refusal as a warning', async () => {
    const r = await run(['info', '-t', 'unknown-pre.gguf', '--against', 'llama3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = valid('info', r.stdout);
    expect(info.gguf.pre).toBe('no-such-pre');
    expect(info.warnings.map((w: { code: string }) => w.code)).toEqual(['llama-cpp-load', 'pre-mismatch']);
    expect(info.warnings[0].message).toMatch(/unknown pre-tokenizer type: 'no-such-pre'$/);
  });

  it('info reads the GGUF metadata and finds nothing against a faithful conversion', async () => {
    const r = await run(['info', '-t', 'llama3.gguf', '--against', 'llama3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tokenizer +tokenizer\.ggml\.model gpt2, vocab 128,256, 280,147 merges$/m);
    expect(r.stdout).toMatch(/^pre-tokenizer +llama-bpe$/m);
    expect(r.stdout).toMatch(/^special +bos <\|begin_of_text\|>=128000 eos <\|end_of_text\|>=128001$/m);
    expect(r.stdout).toContain('llama3: all 30 canary strings tokenize the same');
    expect(r.stdout).toMatch(/^warnings +none$/m);
  });

  it.each([
    ['wrong-pre', 'llama3', ['pre-mismatch']],
    ['few-merges', 'llama3', ['merges']],
    ['bos-flipped', 'llama3', ['bos']],
    ['no-byte-tokens', 'mistral', ['byte-tokens']],
  ])('info --against names what is wrong with %s', async (name, hf, codes) => {
    const r = await run(['info', '-t', `${name}.gguf`, '--against', hf, '--json']);
    expect(r.stderr).toBe('');
    const info = valid('info', r.stdout);
    expect(info.engine).toBe('llama.cpp');
    expect(info.warnings.map((w: { code: string }) => w.code)).toEqual(codes);
    expect(info.against.canaries.differing.length).toBeGreaterThan(0);
  });

  it('snapshots and checks a suite holding a GGUF, and check catches the GGUF re-converted with add-BOS flipped', async () => {
    const suite = fs.mkdtempSync(path.join(dir, 'suite-'));
    fs.copyFileSync(gguf('mistral'), path.join(suite, 'model.gguf'));
    fs.copyFileSync(HARD, path.join(suite, 'hard.txt'));
    fs.writeFileSync(
      path.join(suite, 'tokpeek.config.json'),
      JSON.stringify({ corpora: { hard: { files: ['hard.txt'] } }, tokenizers: { served: { spec: 'model.gguf' } } }),
    );
    const inSuite = (args: string[]) => runCli(args, { cwd: suite });
    expect((await inSuite(['snapshot', '--workers', '1'])).code).toBe(0);
    const snap = fs.readFileSync(path.join(suite, 'snapshots', 'served', 'hard.snap'), 'utf8');
    expect(snap).toMatch(/^engine: llama\.cpp$/m);
    expect(snap).toMatch(/^source: gguf$/m);
    expect((await inSuite(['check', '--workers', '1'])).code).toBe(0);
    writeGgufFromHfFolder(findBundled('mistral')!.folder(), path.join(suite, 'model.gguf'), { addBos: false });
    const r = await inSuite(['check', '--workers', '1', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(Object.keys(report.subjects[0]!.classes)).toEqual(['special-tokens']);
  });

  it('runs llama.cpp in one pool worker, whatever is asked (each would load it again)', async () => {
    const pool = await TokenizerPool.open(lazyTokenizer(gguf('mistral'), 'js'), { workers: 2, offsets: false });
    try {
      expect(pool.size).toBe(1);
      expect((await pool.encode(['Hi there', 'again'])).map((e) => e.ids.length)).toEqual([3, 2]);
    } finally {
      await pool.close();
    }
  });

  it('reports on a corpus through llama.cpp', async () => {
    const r = await run(['report', '-t', 'mistral.gguf', HARD]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^tokpeek report · mistral\.gguf · llama\.cpp v\S+ \(node-llama-cpp 3\.21\.1\) · \S*hard-cases\.txt · 102 samples$/m,
    );
  });

  it('says how to install node-llama-cpp when it is missing, in one line and exit 2', async () => {
    const r = await runCli(['show', '-t', 'mistral.gguf', 'hi'], {
      cwd: dir,
      env: {
        TOKPEEK_TEST_HIDE: 'node-llama-cpp',
        NODE_OPTIONS: `--import=${path.join(ROOT, 'test', 'support', 'hide-packages.mjs')}`,
      },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tokpeek: the llama.cpp engine is unavailable: node-llama-cpp is not installed\n' +
        '  Install it beside tokpeek with `npm install node-llama-cpp@3.21.1` (optional; only GGUF files need it).\n',
    );
  });
});
