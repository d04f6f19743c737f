// `npm run bench snapshot`: tokpeek snapshot and check (the real binary) against a bare loop
// of the same engine (@huggingface/tokenizers `encode`, one line at a time, one thread) over
// the same ~6 MB of real text, in one run. Targets: with one worker at most 1.1× the bare
// loop; with all cores faster than it. Wall times include loading the tokenizer both ways.
// Each run is repeated (TOKPEEK_BENCH_RUNS, default 3), rounds interleaved so that a slow
// moment of the machine hits every row alike; the table shows medians and ranges. Every
// `snapshot` row records into an empty snapshots/ folder (the first run of a suite); `check`
// then reads what it wrote.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { benchCorpusFile } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'tokpeek.js');
const SPEC = process.env.TOKPEEK_BENCH_TOKENIZER ?? 'llama3.1';
const models = path.join(root, 'src', 'bundled', SPEC === 'llama3' ? 'llama3' : 'llama3.1');

const { file, bytes } = benchCorpusFile();
const lines = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);

function bare() {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const json = JSON.parse(fs.readFileSync(path.join(models, 'tokenizer.json'), 'utf8'));
  const config = JSON.parse(fs.readFileSync(path.join(models, 'tokenizer_config.json'), 'utf8'));
  const tokenizer = new Tokenizer(json, config);
  let tokens = 0;
  for (const line of lines) tokens += tokenizer.encode(line, { add_special_tokens: true }).ids.length;
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, tokens };
}

const suite = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-suite-'));
// Copied, not linked: a config's corpus must lie inside the suite's folder (symlinks resolved).
fs.copyFileSync(file, path.join(suite, 'corpus.txt'));
fs.writeFileSync(
  path.join(suite, 'tokpeek.config.json'),
  JSON.stringify({ tokenizers: { [SPEC]: { spec: SPEC } }, corpora: { bench: 'corpus.txt' } }),
);

const wrapper = path.join(suite, 'timed-tokpeek.mjs');
fs.writeFileSync(
  wrapper,
  `process.on('exit', () => process.stderr.write('\\ncpu ' + JSON.stringify(process.cpuUsage())));\nprocess.argv[1] = ${JSON.stringify(bin)};\nawait import(${JSON.stringify(bin)});\n`,
);

function tokpeek(args) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.CI;
  const t0 = performance.now();
  // bin/tokpeek.js through a wrapper that writes the process's CPU time (all threads) to stderr at exit.
  const r = spawnSync(process.execPath, [wrapper, ...args], { cwd: suite, env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`tokpeek ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = JSON.parse(/cpu (\{.*\})/.exec(r.stderr)[1]);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const cores = os.availableParallelism?.() ?? os.cpus().length;
const RUNS = Math.max(1, Number(process.env.TOKPEEK_BENCH_RUNS ?? 3));
console.log(
  `corpus: ${(bytes / 1e6).toFixed(1)} MB, ${lines.length} lines; tokenizer ${SPEC}; ${cores} cores; node ${process.version}; ${RUNS} runs each`,
);
const rows = [
  ['snapshot --workers 1', ['snapshot', '--workers', '1']],
  ['check --ci --workers 1', ['check', '--ci', '--workers', '1']],
  [`snapshot (${cores} workers)`, ['snapshot', '--workers', String(cores)]],
  [`check --ci (${cores} workers)`, ['check', '--ci', '--workers', String(cores)]],
];
console.log(
  `load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (wall ratios need idle cores; CPU time is less sensitive to other work)`,
);
const runs = { bare: [], ...Object.fromEntries(rows.map(([label]) => [label, []])) };
let tokens = 0;
for (let r = 0; r < RUNS; r++) {
  const base = bare();
  tokens = base.tokens;
  runs.bare.push(base);
  for (const [label, args] of rows) {
    if (args[0] === 'snapshot') fs.rmSync(path.join(suite, 'snapshots'), { recursive: true, force: true });
    runs[label].push(tokpeek(args));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stat = (list, key) => ({
  mid: median(list.map((x) => x[key])),
  lo: Math.min(...list.map((x) => x[key])),
  hi: Math.max(...list.map((x) => x[key])),
});
const base = { wall: stat(runs.bare, 'ms'), cpu: stat(runs.bare, 'cpuMs') };
const s = (ms) => (ms / 1000).toFixed(2);
console.log(
  `bare @huggingface/tokenizers encode loop (1 thread): ${s(base.wall.mid)} s median, ${tokens} tokens, ${(bytes / 1e6 / (base.wall.mid / 1000)).toFixed(2)} MB/s`,
);
console.log(
  '\n| run | wall s (median, range) | wall ratio (median, range) | CPU s (all threads) | CPU ratio |\n|---|---:|---:|---:|---:|',
);
const row = (label, list) => {
  const wall = stat(list, 'ms');
  const cpu = stat(list, 'cpuMs');
  const ratios = list.map((x, i) => x.ms / runs.bare[i].ms);
  console.log(
    `| ${label} | ${s(wall.mid)} (${s(wall.lo)}–${s(wall.hi)}) | ${(wall.mid / base.wall.mid).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) | ${s(cpu.mid)} | ${(cpu.mid / base.cpu.mid).toFixed(2)} |`,
  );
};
row('bare encode loop', runs.bare);
for (const [label] of rows) row(`tokpeek ${label}`, runs[label]);
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
const snap = fs.statSync(path.join(suite, 'snapshots', SPEC, 'bench.snap')).size;
console.log(`\nsnapshot file: ${(snap / 1e6).toFixed(1)} MB`);
fs.rmSync(suite, { recursive: true, force: true });
