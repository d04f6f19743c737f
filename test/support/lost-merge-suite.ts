// A snapshot suite whose tokenizer lost a merge, made the way a user gets one: `tokpeek
// snapshot` with a copy of llama3.1's files, then the copy's vocabulary loses `Ġbrown` (and the
// merges that make it), then `tokpeek check` leaves a .snap.new beside the snapshot.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from './run-cli.js';
import { realLines } from './multilingual-corpus.js';

export const FOX = 'The quick brown fox jumps over the lazy dog.';

/** A sample of 2,000+ tokens of Moby-Dick with `brown` near its start and near its end. */
export function longBrownSample(): string {
  const body = realLines(400)
    .filter((l) => !/brown/i.test(l))
    .join(' ');
  return `A brown whale. ${body.slice(0, 9000)} The last brown whale.`;
}

export async function lostMergeSuite(lines: string[]): Promise<{ dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-lost-merge-'));
  const source = path.join(ROOT, 'src', 'bundled', 'llama3.1');
  const tok = path.join(dir, 'tok');
  fs.mkdirSync(tok);
  for (const f of ['tokenizer.json', 'tokenizer_config.json']) fs.copyFileSync(path.join(source, f), path.join(tok, f));
  fs.writeFileSync(path.join(dir, 'corpus.txt'), lines.join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({ snapshots: 'snapshots', tokenizers: { t: { spec: './tok' } }, corpora: { c: 'corpus.txt' } }),
  );
  const snap = await runCli(['snapshot'], { cwd: dir });
  if (snap.code !== 0) throw new Error(`tokpeek snapshot failed: ${snap.stderr}`);
  loseBrown(path.join(tok, 'tokenizer.json'));
  await runCli(['check'], { cwd: dir });
  if (!fs.existsSync(path.join(dir, 'snapshots', 't', 'c.snap.new')))
    throw new Error('tokpeek check left no pending file');
  return { dir };
}

/** Rewrites a llama3.1 tokenizer.json without `Ġbrown` and the merges that make it. */
export function loseBrown(file: string): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete json.model.vocab.Ġbrown;
  json.model.merges = json.model.merges.filter(
    (m: string | string[]) => (Array.isArray(m) ? m.join('') : m.replace(' ', '')) !== 'Ġbrown',
  );
  fs.writeFileSync(file, JSON.stringify(json));
}
