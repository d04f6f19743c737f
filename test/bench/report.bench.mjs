// `tokpeek report` throughput on ~6 MB of real text (Moby Dick + SOTU), side by side in one
// run with the bare @huggingface/tokenizers encode loop and gpt-tokenizer (o200k_base) on the
// same lines and the same vocabulary (GPT-4o), then a memory check: a large JSONL generated on
// the fly, reported with peak RSS sampled while it runs.
//
//   node test/bench/report.bench.mjs [--big-mb 200]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchCorpusFile, benchLines } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', '..', 'bin', 'tokpeek.js');
const bigMb = Number(process.argv[process.argv.indexOf('--big-mb') + 1] || 200) || 200;

/** Runs the real binary; returns seconds and peak RSS of the process tree's main process (sampled from /proc). */
function runReport(args, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, BIN, 'report', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    let err = '';
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /VmRSS:\s+(\d+) kB/.exec(status);
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {}
    }, 50);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`report exited ${code}: ${err}`));
      resolve({ seconds: Number(process.hrtime.bigint() - start) / 1e9, peak, out });
    });
  });
}

const mb = (bytes, s) => bytes / 1e6 / s;
const fmt = (n, d = 2) => n.toFixed(d);

const { file, bytes } = benchCorpusFile();
const lines = benchLines();
const cores = os.availableParallelism?.() ?? os.cpus().length;
console.log(`corpus: ${lines.length} lines, ${fmt(bytes / 1e6)} MB (${file}); ${cores} cores; Node ${process.version}`);

// Bare engine: @huggingface/tokenizers on the GPT-4o tokenizer.json, encode per line.
const { Tokenizer } = await import('@huggingface/tokenizers');
const { loadTokenizer } = await import('../../dist/tokenizers/load.js');
const gpt4o = await loadTokenizer('gpt4o', 'js');
const bare = new Tokenizer(gpt4o.files.tokenizer, gpt4o.files.config ?? {});
for (const l of lines.slice(0, 500)) bare.encode(l);
let t = performance.now();
let bareTokens = 0;
for (const l of lines) bareTokens += bare.encode(l).ids.length;
const bareS = (performance.now() - t) / 1000;

// gpt-tokenizer, o200k_base: the fastest pure-JS BPE on npm for this vocabulary.
const gt = await import('gpt-tokenizer/encoding/o200k_base');
for (const l of lines.slice(0, 500)) gt.encode(l);
t = performance.now();
let gtTokens = 0;
for (const l of lines) gtTokens += gt.encode(l).length;
const gtS = (performance.now() - t) / 1000;

const all = await runReport([file, '-t', 'gpt4o', '--max-length', '512', '--format', 'json']);
const one = await runReport([file, '-t', 'gpt4o', '--max-length', '512', '--format', 'json', '--workers', '1']);
const reportTokens = JSON.parse(all.out).lengths.tokens;
if (JSON.parse(one.out).lengths.tokens !== reportTokens) throw new Error('--workers 1 and all cores disagree');

const rows = [
  ['bare @huggingface/tokenizers encode loop (1 thread)', mb(bytes, bareS), bareTokens],
  ['gpt-tokenizer o200k_base encode loop (1 thread)', mb(bytes, gtS), gtTokens],
  [`tokpeek report -t gpt4o (${cores} workers, whole process)`, mb(bytes, all.seconds), reportTokens],
  ['tokpeek report -t gpt4o --workers 1 (whole process)', mb(bytes, one.seconds), reportTokens],
];
console.log('\n| what | MB/s | tokens | vs bare engine | vs gpt-tokenizer |\n|---|---:|---:|---:|---:|');
for (const [name, rate, tokens] of rows)
  console.log(
    `| ${name} | ${fmt(rate)} | ${tokens.toLocaleString('en-US')} | ${fmt(rate / rows[0][1])}× | ${fmt(rate / rows[1][1])}× |`,
  );
console.log(
  '\nThe report figures include process start, loading the tokenizer in every worker, and all statistics (round trip, hazards, duplicates).',
);
if (bareTokens !== reportTokens)
  console.log(
    `note: report counts ${reportTokens} tokens, the bare loop ${bareTokens} (the report reads the file's lines; benchLines are the same lines)`,
  );

// Memory: a large JSONL written on the fly, then reviewed; peak RSS should not grow with the file.
const big = path.join(os.tmpdir(), `tokpeek-bench-big-${bigMb}mb.jsonl`);
if (!fs.existsSync(big) || fs.statSync(big).size < bigMb * 1e6) {
  const outStream = fs.createWriteStream(big);
  let written = 0;
  let i = 0;
  while (written < bigMb * 1e6) {
    const line = JSON.stringify({ id: i, text: lines[i % lines.length] + ` (${i})` }) + '\n';
    written += Buffer.byteLength(line);
    i++;
    if (!outStream.write(line)) await new Promise((r) => outStream.once('drain', r));
  }
  await new Promise((r) => outStream.end(r));
}
const small = path.join(os.tmpdir(), `tokpeek-bench-small.jsonl`);
fs.writeFileSync(
  small,
  fs
    .readFileSync(big)
    .subarray(0, 20e6)
    .toString('utf8')
    .replace(/\n[^\n]*$/, '\n'),
);
// V8 grows its heap lazily when allowed, so an uncapped peak RSS says more about the collector
// than about what is retained: both runs cap the main thread's heap at 256 MiB; a leak would
// then fail the big run or push its RSS past the small one's.
const cap = ['--max-old-space-size=256'];
console.log(
  `\nmemory check (gpt4o, ${cores} workers, main heap capped at 256 MiB; RSS of the whole process, workers included):`,
);
const smallRun = await runReport([small, '-t', 'gpt4o', '--max-length', '512', '--format', 'json'], cap);
console.log(
  `  ${fmt(fs.statSync(small).size / 1e6, 0)} MB JSONL: peak RSS ${fmt(smallRun.peak / 2 ** 20, 0)} MiB, ${fmt(mb(fs.statSync(small).size, smallRun.seconds))} MB/s`,
);
const bigRun = await runReport([big, '-t', 'gpt4o', '--max-length', '512', '--format', 'json'], cap);
console.log(
  `  ${fmt(fs.statSync(big).size / 1e6, 0)} MB JSONL: peak RSS ${fmt(bigRun.peak / 2 ** 20, 0)} MiB, ${fmt(mb(fs.statSync(big).size, bigRun.seconds))} MB/s, ${JSON.parse(bigRun.out).lengths.count.toLocaleString('en-US')} samples`,
);
console.log('  (the duplicate table grows by ~32 bytes per distinct sample; everything else is bounded)');
