// Bulk throughput side by side, in one run, on one corpus and one vocabulary (GPT-4o o200k):
// `tokpeek report` and `tokpeek check` (the real binary, whole process, 2 workers) against
// gpt-tokenizer's encode loop (1.00×), the bare @huggingface/tokenizers loop and the Rust
// binding's encodeBatch (gpt-tokenizer 4.0.0 is fetched from the registry on the first run:
// test/support/fetched-package.mjs). The corpus is 40 MB of unique lines (sentences of the bench texts
// recombined with a seed: no line repeats, start-up is amortised). Rounds are interleaved so a
// busy moment of the machine hits every row alike; ratios are per round. Then:
//  - `report` on mistral (SentencePiece BPE), wordpiece-en (WordPiece) and gpt4o against the
//    same command with the bulk paths off (TOKPEEK_BULK=engine: the library's own encode in every
//    worker, as before them), whole process, on the corpus's first --other-mb MB (by default the
//    whole --mb corpus, 40 MB, as the issue measures throughput: on 4 MB, process start, loading
//    and the workers' start were most of a fast run's time, so the ratio measured start-up; on
//    20 MB a fast wordpiece-en run still spent about a third of its CPU on fixed costs; the
//    engine-alone runs of the BPEs, under 1 MB/s, take about a minute each);
//  - a pool worker's start (open → ready) and the RSS it adds, over the shared table and as a
//    worker that loads the tokenizer itself (TOKPEEK_BULK=engine);
//  - peak RSS of `report` on a generated JSONL of a quarter of --big-mb, then of all of it (1 GB; in a
//    temp folder, deleted after), against the target.
//
//   node test/bench/report.bench.mjs [--mb 40] [--rounds 1] [--big-mb 1000] [--bare-mb 4] [--other-mb MB]
//
// The bare @huggingface/tokenizers loop runs on the corpus's first --bare-mb MB only (it is
// about ten times slower than the others); its row is a rate like the rest.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer as JsTokenizer } from '@huggingface/tokenizers';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fetchedPackage } from '../support/fetched-package.mjs';
import { uniqueLinesFile } from './corpus.mjs';
import { runMeasured as run } from './measure.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MB = arg('mb', 40);
const ROUNDS = arg('rounds', 1);
const BIG_MB = arg('big-mb', 1000);
const BARE_MB = arg('bare-mb', 4);
const OTHER_MB = arg('other-mb', MB);
const SPEC = 'gpt4o';
const WORKERS = '2';

const here = path.dirname(fileURLToPath(import.meta.url));
const fmt = (n, d = 2) => n.toFixed(d);
const { file, bytes } = uniqueLinesFile(MB * 1e6);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const cores = os.availableParallelism?.() ?? os.cpus().length;
console.log(
  `corpus: ${lines.length.toLocaleString('en-US')} unique lines, ${fmt(bytes / 1e6, 1)} MB (${file}); ${SPEC}; ${cores} cores; Node ${process.version}; ${ROUNDS} round(s)`,
);

const { loadTokenizer } = await import('../../dist/tokenizers/load.js');
const loaded = await loadTokenizer(SPEC, 'js');
const tokenizerJson = path.join(loaded.source.path, 'tokenizer.json');
// The yardstick only this benchmark uses: fetched on first use, not a devDependency (31 MB).
const gt = await import(
  pathToFileURL(path.join(fetchedPackage('gpt-tokenizer', '4.0.0'), 'esm', 'encoding', 'o200k_base.js')).href
);
const bare = new JsTokenizer(loaded.files.tokenizer, loaded.files.config ?? {});
const rust = RustTokenizer.fromFile(tokenizerJson);
const bareLines = [];
for (let n = 0, i = 0; n < BARE_MB * 1e6 && i < lines.length; i++) {
  bareLines.push(lines[i]);
  n += Buffer.byteLength(lines[i]) + 1;
}
const bareBytes = bareLines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);

// check needs a snapshot of the corpus: recorded once, untimed.
const suite = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-bulk-'));
// A hard link (a copy across file systems): config paths may not lead outside the suite's folder.
try {
  fs.linkSync(file, path.join(suite, 'corpus.txt'));
} catch {
  fs.copyFileSync(file, path.join(suite, 'corpus.txt'));
}
fs.writeFileSync(
  path.join(suite, 'tokpeek.config.json'),
  JSON.stringify({ tokenizers: { [SPEC]: { spec: SPEC } }, corpora: { bench: 'corpus.txt' } }),
);
await run(['snapshot', '--workers', WORKERS], { cwd: suite, write: true });

const rows = {
  gpt: { label: 'gpt-tokenizer o200k_base encode loop (1 thread)', rates: [] },
  bare: { label: `bare @huggingface/tokenizers encode loop (1 thread; first ${BARE_MB} MB)`, rates: [] },
  rust: { label: 'Rust `tokenizers` encodeBatch (batches of 1,024, its own threads)', rates: [] },
  report: { label: `tokpeek report -t ${SPEC} --workers ${WORKERS} (whole process)`, rates: [] },
  check: { label: `tokpeek check --ci --workers ${WORKERS} (whole process)`, rates: [] },
};
const tokens = {};
const time = async (key, size, fn) => {
  const t = performance.now();
  tokens[key] = await fn();
  rows[key].rates.push(size / 1e6 / ((performance.now() - t) / 1000));
};
const peaks = { report: [], check: [] };
for (let round = 0; round < ROUNDS; round++) {
  await time('gpt', bytes, () => lines.reduce((n, l) => n + gt.encode(l).length, 0));
  await time('bare', bareBytes, () => bareLines.reduce((n, l) => n + bare.encode(l).ids.length, 0));
  await time('rust', bytes, async () => {
    let n = 0;
    for (let i = 0; i < lines.length; i += 1024)
      for (const e of await rust.encodeBatch(lines.slice(i, i + 1024), { addSpecialTokens: true }))
        n += e.getIds().length;
    return n;
  });
  await time('report', bytes, async () => {
    const r = await run(['report', file, '-t', SPEC, '--workers', WORKERS, '--max-length', '512', '--format', 'json']);
    peaks.report.push(r.peak);
    return JSON.parse(r.out).lengths.tokens;
  });
  await time('check', bytes, async () => {
    peaks.check.push((await run(['check', '--ci', '--workers', WORKERS], { cwd: suite })).peak);
    return undefined;
  });
}
if (tokens.report !== tokens.gpt || tokens.rust !== tokens.gpt)
  console.log(`note: token counts differ: gpt-tokenizer ${tokens.gpt}, rust ${tokens.rust}, report ${tokens.report}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('\n| what | MB/s (median) | vs gpt-tokenizer loop (per round) | peak RSS |\n|---|---:|---:|---:|');
for (const [key, row] of Object.entries(rows)) {
  const ratios = row.rates.map((r, i) => r / rows.gpt.rates[i]);
  const range = ratios.length > 1 ? ` (${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))})` : '';
  const peak = peaks[key]?.length ? `${fmt(Math.max(...peaks[key]) / 2 ** 20, 0)} MiB` : '';
  console.log(`| ${row.label} | ${fmt(median(row.rates))} | ${fmt(median(ratios))}×${range} | ${peak} |`);
}
console.log(
  '\nThe tokpeek rows include process start, loading the tokenizer (main thread and workers) and all statistics (round trip, hazards, duplicates); check reads and compares the snapshot.',
);
fs.rmSync(suite, { recursive: true, force: true });

// Bulk paths against the engine alone (TOKPEEK_BULK=engine), whole process, on other vocabularies.
if (OTHER_MB > 0) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-other-'));
  const part = path.join(dir, 'part.txt');
  const partLines = [];
  for (let n = 0, i = 0; n < OTHER_MB * 1e6 && i < lines.length; i++) {
    partLines.push(lines[i]);
    n += Buffer.byteLength(lines[i]) + 1;
  }
  fs.writeFileSync(part, partLines.join('\n') + '\n');
  const partBytes = fs.statSync(part).size;
  console.log(
    `\n| report --workers ${WORKERS}, ${fmt(partBytes / 1e6, 1)} MB | bulk path | MB/s | engine alone (TOKPEEK_BULK=engine) | speed-up |\n|---|---|---:|---:|---:|`,
  );
  for (const spec of ['mistral', 'wordpiece-en', SPEC]) {
    const args = ['report', part, '-t', spec, '--workers', WORKERS, '--max-length', '512', '--format', 'json'];
    const path_ = JSON.parse((await run(['info', '-t', spec, '--json'])).out).bulkPath.path;
    const fast = await run(args);
    const slow = await run(args, { env: { TOKPEEK_BULK: 'engine' } });
    if (JSON.parse(fast.out).lengths.tokens !== JSON.parse(slow.out).lengths.tokens)
      console.log(`note: ${spec}: token counts differ between the paths`);
    const rate = (r) => partBytes / 1e6 / r.seconds;
    console.log(`| ${spec} | ${path_} | ${fmt(rate(fast))} | ${fmt(rate(slow))} | ${fmt(rate(fast) / rate(slow))}× |`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

// A worker's start and memory, each in a fresh process (pool-open.mjs): the time to open a pool
// of 2 workers (spawn → ready) and the RSS each adds, over the shared table and as workers that
// load the tokenizer themselves (TOKPEEK_BULK=engine).
{
  const { spawnSync } = await import('node:child_process');
  const openPool = (env) => {
    const r = spawnSync(process.execPath, [path.join(here, 'pool-open.mjs'), SPEC, WORKERS], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  };
  console.log(
    `\n| pool of ${WORKERS} workers (${SPEC}, js) | open → ready | RSS added per worker | peak RSS added per worker |\n|---|---:|---:|---:|`,
  );
  for (const [label, env] of [
    ['over the shared table', {}],
    ['each loading the tokenizer (TOKPEEK_BULK=engine)', { TOKPEEK_BULK: 'engine' }],
  ]) {
    const runs = [openPool(env), openPool(env)];
    const ms = Math.min(...runs.map((r) => r.ms));
    const mib = (f) => fmt(Math.min(...runs.map(f)) / Number(WORKERS) / 2 ** 20, 0);
    console.log(
      `| ${label} | ${fmt(ms, 0)} ms | ${mib((r) => r.after - r.before)} MiB | ${mib((r) => r.peak - r.before)} MiB |`,
    );
  }
}

// Memory: a large JSONL (unique lines, numbered), reviewed as a user runs it (no V8 flags: the
// stream bounds the heaps itself, see tokenizers/heap-bound.ts); the whole process's RSS is
// sampled. The same file at a quarter of its size first, then grown to the full size, so the two
// peaks show whether memory stays flat as the input grows. Target (issue #15): peak RSS ≤ 300 MiB
// on 1 GB with 2 workers, and flat: the larger input's peak within 10% of the smaller's.
if (BIG_MB > 0) {
  const TARGET_MIB = 300;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-big-'));
  const big = path.join(dir, 'big.jsonl');
  try {
    const out = fs.openSync(big, 'w');
    let written = 0;
    let i = 0;
    const peaks = [];
    for (const mb of [BIG_MB / 4, BIG_MB]) {
      while (written < mb * 1e6) {
        const chunk = [];
        for (let j = 0; j < 10_000; j++, i++)
          chunk.push(JSON.stringify({ id: i, text: `${lines[i % lines.length]} (${i})` }));
        const text = chunk.join('\n') + '\n';
        fs.writeSync(out, text);
        written += Buffer.byteLength(text);
      }
      const size = fs.statSync(big).size;
      const r = await run(['report', big, '-t', SPEC, '--workers', WORKERS, '--max-length', '512', '--format', 'json']);
      const report = JSON.parse(r.out);
      peaks.push(r.peak / 2 ** 20);
      console.log(
        `${peaks.length === 1 ? '\n' : ''}memory: report on a ${fmt(size / 1e6, 0)} MB JSONL (${report.lengths.count.toLocaleString('en-US')} samples, ${WORKERS} workers): peak RSS ${fmt(r.peak / 2 ** 20, 0)} MiB, ${fmt(size / 1e6 / r.seconds)} MB/s${report.hazards.duplicates.sampledOneIn ? `; duplicates estimated from 1 in ${report.hazards.duplicates.sampledOneIn}` : ''}`,
      );
    }
    fs.closeSync(out);
    const [small, large] = peaks;
    const within = large <= TARGET_MIB;
    const flat = large <= small * 1.1;
    console.log(
      `memory target: peak RSS ≤ ${TARGET_MIB} MiB on ${BIG_MB} MB with ${WORKERS} workers, flat with input size: ${within && flat ? 'met' : 'NOT met'} (${fmt(large, 0)} MiB${within ? '' : ` > ${TARGET_MIB}`}; ${large >= small ? '+' : '−'}${fmt(Math.abs(large - small), 0)} MiB against a quarter of the input${flat ? '' : ', over 10%'})`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
