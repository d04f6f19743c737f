// Reading compressed corpora costs no more than decompressing them (#12). tokpeek's reader
// (src/corpus: open, decompress, split lines, parse JSON records into samples) on a .gz, .br,
// .zst and .bz2 copy of a JSONL corpus, beside the bare decompressor streaming the same file to
// nowhere — the same library and settings tokpeek uses (node:zlib with 1 MiB chunks on this
// thread; fzstd and seek-bzip through src/corpus/sync-decoders.ts in a fresh worker thread, as
// tokpeek runs them) — and beside the reader on the plain file. Interleaved rounds; per-round
// ratios, medians.
//
// The criterion, per format: reader ≤ bare decompressor + reader on the plain file, i.e. the
// compression adds no cost beyond the decompression itself. Where decompression runs off the
// reading thread (zlib's thread pool; a worker for zstd and bzip2) and a second core is free,
// the reader comes close to the larger of the two, well under their sum; `reader / bare` shows it.
//
//   node test/bench/compressed.bench.mjs [--mb 20] [--rounds 3]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { uniqueLinesFile } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', '..', 'dist', 'corpus');
const { readSamples } = await import(path.join(dist, 'read-corpus.js'));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const MB = arg('mb', 20);
const ROUNDS = arg('rounds', 3);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-compressed-'));
const lines = fs
  .readFileSync(uniqueLinesFile(MB * 1e6).file, 'utf8')
  .split('\n')
  .filter(Boolean);
const plain = path.join(dir, 'corpus.jsonl');
fs.writeFileSync(plain, lines.map((text) => JSON.stringify({ text })).join('\n') + '\n');
const bytes = fs.statSync(plain).size;
const files = { gz: `${plain}.gz`, br: `${plain}.br`, zst: `${plain}.zst`, bz2: `${plain}.bz2` };
fs.writeFileSync(files.gz, zlib.gzipSync(fs.readFileSync(plain)));
fs.writeFileSync(
  files.br,
  zlib.brotliCompressSync(fs.readFileSync(plain), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
);
const has = (tool) => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
// Node compresses neither zstd nor bzip2: the command-line tools make those copies when present.
if (has('zstd')) execFileSync('zstd', ['-q', '-3', '-f', plain, '-o', files.zst]);
else delete files.zst;
if (has('bzip2')) fs.writeFileSync(files.bz2, execFileSync('bzip2', ['-c', plain], { maxBuffer: 1 << 30 }));
else delete files.bz2;

async function bare(kind, file) {
  if (kind === 'gz' || kind === 'br') {
    const sink = new PassThrough();
    sink.resume();
    const options = { chunkSize: 1 << 20 };
    const inflate = kind === 'gz' ? zlib.createGunzip(options) : zlib.createBrotliDecompress(options);
    return pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), inflate, sink);
  }
  // tokpeek decodes each .zst and .bz2 in a fresh worker thread (cold code, the thread's start),
  // so the bare decoder runs the same way: the same code in a fresh thread, to nowhere.
  const worker = new Worker(
    `const { workerData: w } = require('node:worker_threads');
     import(w.decoders).then(({ FileSource, ChunkSink, bunzip2, unzstd }) => {
       const fd = require('node:fs').openSync(w.file, 'r');
       (w.kind === 'zst' ? unzstd : bunzip2)(new FileSource(fd), new ChunkSink(() => {}));
     });`,
    { eval: true, workerData: { kind, file, decoders: pathToFileURL(path.join(dist, 'sync-decoders.js')).href } },
  );
  await new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bare ${kind} exited ${code}`))));
  });
}

async function reader(file) {
  let n = 0;
  for await (const _ of readSamples(file, { chat: true })) n++;
  if (n !== lines.length) throw new Error(`${file}: ${n} samples, not ${lines.length}`);
}

/** Wall seconds, and CPU seconds of the whole process (its worker threads included). */
async function time(fn) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (used.user + used.system) / 1e6 };
}

const load = () => os.loadavg()[0].toFixed(2);
const loadBefore = load();
const rows = { plain: [] };
for (const k of Object.keys(files))
  Object.assign(rows, { [`${k} bare`]: [], [`${k} bare ‖ plain`]: [], [`${k} reader`]: [] });
const ratios = Object.fromEntries(Object.keys(files).map((k) => [k, { bare: [], sum: [], cpu: [], both: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  const p = await time(() => reader(plain));
  rows.plain.push(p);
  for (const [k, file] of Object.entries(files)) {
    const b = await time(() => bare(k, file));
    // The two at once, not interacting: what overlapping them costs on this machine right now.
    const both = await time(() => Promise.all([bare(k, file), reader(plain)]));
    const r = await time(() => reader(file));
    rows[`${k} bare`].push(b);
    rows[`${k} bare ‖ plain`].push(both);
    rows[`${k} reader`].push(r);
    ratios[k].both.push(r.wall / both.wall);
    ratios[k].bare.push(r.wall / b.wall);
    ratios[k].sum.push(r.wall / (b.wall + p.wall));
    ratios[k].cpu.push(r.cpu / (b.cpu + p.cpu));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const x = (n) => `${n.toFixed(2)}×`;
console.log(
  `${(bytes / 2 ** 20).toFixed(1)} MiB of JSONL (${lines.length.toLocaleString('en-US')} records), ${ROUNDS} interleaved rounds, medians; load average ${loadBefore} before, ${load()} after (2 cores: above ~1 the overlap of decompression and parsing shrinks)`,
);
console.log('| row | s | CPU s | MB/s (uncompressed) |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of Object.entries(rows)) {
  const s = median(xs.map((t) => t.wall));
  console.log(
    `| ${name} | ${s.toFixed(2)} | ${median(xs.map((t) => t.cpu)).toFixed(2)} | ${(bytes / 2 ** 20 / s).toFixed(1)} |`,
  );
}
console.log('\ncriterion: reading compressed input costs no more than decompression itself');
console.log('           (per round, wall time: reader ≤ bare decompressor + reader on the plain file)\n');
console.log(
  '| format | reader / bare | reader / (bare + plain), range | met | CPU: reader / (bare + plain) | reader / (bare ‖ plain) |',
);
console.log('|---|---:|---:|---|---:|---:|');
let missed = 0;
for (const [k, { bare: rb, sum, cpu, both }] of Object.entries(ratios)) {
  const met = median(sum) <= 1;
  if (!met) missed++;
  console.log(
    `| ${k} | ${x(median(rb))} | ${x(median(sum))}, ${x(Math.min(...sum))}–${x(Math.max(...sum))} | ${met ? 'met' : 'NOT MET'} | ${x(median(cpu))} | ${x(median(both))} |`,
  );
}
console.log(
  missed
    ? `\nNOT MET for ${missed} format(s): the reader costs more than decompression plus reading the plain file`
    : '\nmet for every format: the reader costs no more than decompression plus reading the plain file',
);
console.log(
  'CPU is the work done, threads included: near 1.00× the reader adds no work to the two it is made of. `bare ‖ plain` runs the bare decompressor and the plain reader at once, independently: on a loaded machine two threads at once cost more than one after the other, and `reader / (bare ‖ plain)` near 1.00× says the reader costs what that overlap costs here, nothing of its own',
);
fs.rmSync(dir, { recursive: true, force: true });
