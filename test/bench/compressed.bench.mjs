// Reading compressed corpora costs no more than decompressing them: tokpeek's reader
// (src/corpus: open, decompress, split lines, parse JSON records into samples) on a .gz, .br,
// .zst and .bz2 copy of a JSONL corpus, beside the bare decompressor (node:zlib, fzstd,
// unbzip2-stream) streaming the same file to nowhere, and beside reading the plain file.
// Interleaved rounds, medians; the ratio that matters is reader / bare decompressor.
//
//   node test/bench/compressed.bench.mjs [--mb 20] [--rounds 3]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { uniqueLinesFile } from './corpus.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { readSamples } = await import(path.join(here, '..', '..', 'dist', 'corpus', 'read-corpus.js'));
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

function bare(kind, file) {
  const sink = new PassThrough();
  sink.resume();
  if (kind === 'gz') return pipeline(fs.createReadStream(file), zlib.createGunzip(), sink);
  if (kind === 'br') return pipeline(fs.createReadStream(file), zlib.createBrotliDecompress(), sink);
  if (kind === 'zst') {
    const { Decompress } = require('fzstd');
    return new Promise((resolve, reject) => {
      const d = new Decompress(() => {});
      const s = fs.createReadStream(file, { highWaterMark: 1 << 20 });
      s.on('data', (c) => d.push(c));
      s.on('end', () => {
        d.push(new Uint8Array(0), true);
        resolve();
      });
      s.on('error', reject);
    });
  }
  const unbzip2 = require('unbzip2-stream');
  return new Promise((resolve, reject) => {
    const u = fs.createReadStream(file).pipe(unbzip2());
    u.on('data', () => {});
    u.on('end', resolve);
    u.on('error', reject);
  });
}

async function reader(file) {
  let n = 0;
  for await (const _ of readSamples(file, { chat: true })) n++;
  if (n !== lines.length) throw new Error(`${file}: ${n} samples, not ${lines.length}`);
}

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const rows = { plain: [] };
for (const k of Object.keys(files)) Object.assign(rows, { [`${k} bare`]: [], [`${k} reader`]: [] });
const ratios = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  rows.plain.push(await time(() => reader(plain)));
  for (const [k, file] of Object.entries(files)) {
    const b = await time(() => bare(k, file));
    const r = await time(() => reader(file));
    rows[`${k} bare`].push(b);
    rows[`${k} reader`].push(r);
    ratios[k].push(r / b);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${(bytes / 2 ** 20).toFixed(1)} MiB of JSONL (${lines.length.toLocaleString('en-US')} records), ${ROUNDS} rounds, medians`,
);
console.log('| row | s | MB/s (uncompressed) |');
console.log('|---|---:|---:|');
for (const [name, xs] of Object.entries(rows)) {
  const s = median(xs);
  console.log(`| ${name} | ${s.toFixed(2)} | ${(bytes / 2 ** 20 / s).toFixed(1)} |`);
}
console.log('\nreader / bare decompressor (per round): ');
for (const [k, xs] of Object.entries(ratios))
  console.log(
    `  ${k}: median ${median(xs).toFixed(2)}× (range ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`,
  );
console.log(
  `the reader's own work (lines, JSON, records) on the plain file: ${median(rows.plain).toFixed(2)} s; compressed reading ≈ decompression + that when the ratio stays near 1 + plain/bare`,
);
fs.rmSync(dir, { recursive: true, force: true });
