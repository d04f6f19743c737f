// Helper of report.bench.mjs, run in a fresh process: opens a pool of N js workers on a
// tokenizer as report does (the main thread parses the files first), encodes one batch, and
// prints how long opening took and the process's RSS (and peak RSS) before the pool and after the batch.
//   node test/bench/pool-open.mjs SPEC WORKERS
import { lazyTokenizer } from '../../dist/tokenizers/load.js';
import { TokenizerPool } from '../../dist/tokenizers/pool.js';
import fs from 'node:fs';

const peak = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;

const [spec, workers] = [process.argv[2], Number(process.argv[3])];
const tok = lazyTokenizer(spec, 'js');
void tok.files;
void tok.vocabulary;
globalThis.gc?.();
const before = process.memoryUsage().rss;
const peakBefore = peak();
const t = performance.now();
const pool = await TokenizerPool.open(tok, { workers, offsets: false, roundTrip: true });
const ms = performance.now() - t;
await pool.encode(Array.from({ length: 64 }, (_, i) => `A line of text, number ${i}, to encode.`));
console.log(JSON.stringify({ ms, before, after: process.memoryUsage().rss, peakBefore, peak: peak() }));
await pool.close();
