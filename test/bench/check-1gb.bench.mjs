// `npm run bench -- check-1gb`: peak RSS of `tokpeek snapshot` recording a generated 1 GiB
// snapshot and of `tokpeek check` on it, beside the same on a snapshot 1/16 its size: snapshots
// are written through sorted runs (blocks sorted by key in 64 MiB runs spilled beside the file,
// then merged) and read as streams (an index of keys and offsets, blocks read when compared), so
// neither peak should grow much with the file.
//
// The corpus is generated in a temp folder (deleted afterwards): unique lines of random CJK
// Extension B characters, which the mistral tokenizer spells as byte-fallback tokens, so that
// every corpus byte makes about 10 snapshot bytes (English makes about 5): still about 100 MB
// is tokenized by `snapshot` and again by `check`, 10-20 minutes on 2 cores, so this
// bench runs only when named. Every heap is capped at 256 MiB (a V8 flag, so the workers' too):
// V8 grows an uncapped heap lazily, which reads as retention.
// TOKPEEK_BENCH_SNAPSHOT_MB sets the large snapshot's size (default 1024 MiB).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../../dist/core/random.js';
import { runMeasured } from './measure.mjs';

const TARGET = Number(process.env.TOKPEEK_BENCH_SNAPSHOT_MB ?? 1024) * 2 ** 20;
const WORKERS = '2';
const HEAP_MB = 256;
/** Snapshot bytes per corpus byte for this text and tokenizer (measured: 10.5). */
const EXPANSION = 10;

/** Unique lines of random CJK Extension B characters (mulberry32, fixed seed), at least `bytes` in all. */
function writeCorpus(file, bytes, seed) {
  const next = mulberry32(seed);
  const fd = fs.openSync(file, 'w');
  let written = 0;
  while (written < bytes) {
    const lines = [];
    for (let k = 0; k < 1000; k++) {
      let line = '';
      const n = 100 + Math.floor(next() * 300);
      for (let i = 0; i < n; i++) {
        line += String.fromCodePoint(0x20000 + Math.floor(next() * 0xa000));
        if (next() < 0.15) line += ' ';
      }
      lines.push(line);
    }
    const chunk = Buffer.from(lines.join('\n') + '\n');
    fs.writeSync(fd, chunk);
    written += chunk.length;
  }
  fs.closeSync(fd);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-1gb-'));
const mib = (n) => (n / 2 ** 20).toFixed(0);
try {
  console.log(
    `snapshot and check --ci, --workers ${WORKERS} (heaps capped at ${HEAP_MB} MiB), on generated snapshots (mistral, js engine, CJK Ext. B lines); load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    '\n| snapshot | samples | snapshot wall s | snapshot peak RSS | check wall s | check peak RSS |\n|---:|---:|---:|---:|---:|---:|',
  );
  for (const [name, size] of [
    ['small', TARGET / 16],
    ['large', TARGET],
  ]) {
    const suite = path.join(tmp, name);
    fs.mkdirSync(suite);
    writeCorpus(path.join(suite, 'corpus.txt'), size / EXPANSION, 15);
    fs.writeFileSync(
      path.join(suite, 'tokpeek.config.json'),
      JSON.stringify({ tokenizers: { mistral: 'mistral' }, corpora: { big: 'corpus.txt' } }),
    );
    const recorded = await runMeasured(['snapshot', '--workers', WORKERS], {
      cwd: suite,
      write: true,
      nodeArgs: [`--max-old-space-size=${HEAP_MB}`],
    });
    const bytes = fs.statSync(path.join(suite, 'snapshots', 'mistral', 'big.snap')).size;
    if (bytes < size * 0.95) console.log(`(the snapshot came out at ${mib(bytes)} MiB, short of ${mib(size)} MiB)`);
    const r = await runMeasured(['check', '--ci', '--workers', WORKERS], {
      cwd: suite,
      nodeArgs: [`--max-old-space-size=${HEAP_MB}`],
    });
    const samples = /([\d,]+) samples unchanged/.exec(r.out)?.[1] ?? '?';
    if (!/unchanged/.test(r.out)) throw new Error(`check did not find the snapshot unchanged:\n${r.out}`);
    console.log(
      `| ${mib(bytes)} MiB | ${samples} | ${recorded.seconds.toFixed(1)} | ${mib(recorded.peak)} MiB | ${r.seconds.toFixed(1)} | ${mib(r.peak)} MiB |`,
    );
    // The corpus and snapshot are gone before the next (larger) one is made.
    fs.rmSync(suite, { recursive: true, force: true });
  }
  console.log(
    '\ncheck reads the old snapshot as a stream, snapshot writes it through sorted runs: each peak is the tokenizer, the workers, the sort buffer (snapshot) and the keys, not the file.',
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
