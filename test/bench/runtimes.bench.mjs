// The serving runtimes beside their bare selves, on the benchmark corpus (one line at a time,
// batches of 256 as the pool sends them):
//   llama.cpp   bare: node-llama-cpp's `model.tokenize(line, true)` on a vocab-only GGUF built
//               from the bundled llama3; tokpeek: its llama.cpp engine, ids only (what bulk
//               statistics ask for) and with the token model (offsets from token bytes, flags)
//   tiktoken    bare: tiktoken's `encode(line, 'all')` (o200k_base); tokpeek: its tiktoken
//               engine on the bundled gpt4o, ids only and with the token model
// Load times are the bare library's and tokpeek's engine's (a GGUF's vocabulary, or the
// encoding matched to the HF vocabulary).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';
import { loadTokenizer } from '../../dist/tokenizers/load.js';
import { findBundled } from '../../dist/tokenizers/bundled.js';
import { batched as over, benchLines, time } from './corpus.mjs';

const lines = benchLines(Number(process.env.BENCH_BYTES ?? 6_000_000));
const mb = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) / 1e6;
const batched = (encode) => over(lines, encode);

const engineRun = (engine, offsets) =>
  batched(async (batch) => (await engine.encodeBatch(batch, false, { offsets })).map((e) => e.ids.length));

// The GGUF is built by the test helper (TypeScript, loaded through vite's module runner).
const here = path.dirname(fileURLToPath(import.meta.url));
const { module: ggufFromHf } = await runnerImport(path.join(here, '..', 'support', 'gguf-from-hf.ts'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bench-'));
const gguf = ggufFromHf.writeGgufFromHfFolder(findBundled('llama3').folder(), path.join(dir, 'llama3.gguf'), {
  pre: 'llama-bpe',
});

const rows = [];
try {
  // llama.cpp
  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
  let t = performance.now();
  const llama = await getLlama({ build: 'never', gpu: false, logLevel: LlamaLogLevel.disabled });
  const model = await llama.loadModel({ modelPath: gguf, vocabOnly: true });
  const bareLoad = performance.now() - t;
  t = performance.now();
  const viaLlama = await loadTokenizer(gguf, 'js');
  const ourLoad = performance.now() - t;
  const bare = () => batched(async (batch) => batch.map((l) => model.tokenize(l, true).length));
  rows.push(['llama.cpp', 'llama3.gguf', bare, bareLoad, viaLlama.engine, ourLoad]);

  // tiktoken
  const { get_encoding } = await import('tiktoken');
  t = performance.now();
  const encoding = get_encoding('o200k_base');
  const tiktokenLoad = performance.now() - t;
  t = performance.now();
  const viaTiktoken = await loadTokenizer('gpt4o', 'tiktoken');
  const ourTiktokenLoad = performance.now() - t;
  const bareTiktoken = () => batched(async (batch) => batch.map((l) => encoding.encode(l, 'all').length));
  rows.push(['tiktoken', 'gpt4o (o200k_base)', bareTiktoken, tiktokenLoad, viaTiktoken.engine, ourTiktokenLoad]);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

console.log(`corpus: ${lines.length} lines, ${mb.toFixed(1)} MB\n`);
console.log(
  '| runtime | tokenizer | bare MB/s | tokpeek ids MB/s | ratio | tokpeek token model MB/s | ratio | load ms bare / tokpeek |',
);
console.log('|---|---|---|---|---|---|---|---|');
const rate = (r) => (mb / (r.ms / 1000)).toFixed(2);
// Interleaved rounds (bare, ids, token model, again): a busy machine slows all three alike.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
for (const [runtime, name, bareRun, bareLoad, engine, ourLoad] of rows) {
  const bare = { ms: 0, tokens: 0 };
  const ids = { ms: 0, tokens: 0 };
  const model = { ms: 0, tokens: 0 };
  for (let round = 0; round < ROUNDS; round++)
    for (const [sum, run] of [
      [bare, bareRun],
      [ids, () => engineRun(engine, false)],
      [model, () => engineRun(engine, true)],
    ]) {
      const r = await time(run);
      sum.ms += r.ms;
      sum.tokens = r.tokens;
    }
  if (ids.tokens !== bare.tokens || model.tokens !== bare.tokens)
    throw new Error(`${runtime}: token counts differ (${bare.tokens} ${ids.tokens} ${model.tokens})`);
  console.log(
    `| ${runtime} | ${name} | ${rate(bare)} | ${rate(ids)} | ${(ids.ms / bare.ms).toFixed(2)}× | ${rate(model)} | ${(model.ms / bare.ms).toFixed(2)}× | ${bareLoad.toFixed(0)} / ${ourLoad.toFixed(0)} |`,
  );
}
console.log(
  `\nratio = tokpeek time / bare time on the same lines (1.00× = no overhead), summed over ${ROUNDS} interleaved rounds.`,
);
