// A snapshot suite with pending changes, made the way a user makes one: `tokpeek snapshot`
// with llama3, then the config switched to llama3.1 (which adds <|begin_of_text|>) and a
// corpus line added, then `tokpeek check` — which leaves a .snap.new beside the snapshot.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './run-cli.js';

export const SUITE_LINES = ['The quick brown fox jumps over the lazy dog.', 'Hello world', 'unbelievable tokenization'];

export async function pendingSuite(): Promise<{ dir: string; snap: string; pending: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-review-'));
  const config = (spec: string) =>
    JSON.stringify({ snapshots: 'snapshots', tokenizers: { t: { spec } }, corpora: { c: 'corpus.txt' } });
  fs.writeFileSync(path.join(dir, 'corpus.txt'), SUITE_LINES.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'tokpeek.config.json'), config('llama3'));
  const snap = await runCli(['snapshot'], { cwd: dir });
  if (snap.code !== 0) throw new Error(`tokpeek snapshot failed: ${snap.stderr}`);
  fs.writeFileSync(path.join(dir, 'tokpeek.config.json'), config('llama3.1'));
  fs.appendFileSync(path.join(dir, 'corpus.txt'), 'a new line\n');
  await runCli(['check'], { cwd: dir });
  const pending = path.join(dir, 'snapshots', 't', 'c.snap.new');
  if (!fs.existsSync(pending)) throw new Error('tokpeek check left no pending file');
  return { dir, snap: path.join(dir, 'snapshots', 't', 'c.snap'), pending };
}

/** The `ids:` line of a sample in a snapshot file, by the start of its text. */
export function idsOf(file: string, text: string): string | undefined {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.indexOf(`text: ${JSON.stringify(text)}`);
  return at === -1 ? undefined : lines.slice(at).find((l) => l.startsWith('ids: '));
}
