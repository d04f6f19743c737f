// Edited copies of the test tokenizers, written to temp folders, for the drift tests.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.js';

export const MINI_BPE = path.join(ROOT, 'test', 'fixtures', 'mini-bpe');
export const WORDPIECE = path.join(ROOT, 'test', 'fixtures', 'tokenizers', 'wordpiece');

export type Json = Record<string, any>;

/** Copies a tokenizer folder to a new temp folder, applying edits to its JSON files. */
export function editedCopy(
  from: string,
  edit: { tokenizer?: (t: Json) => void; config?: (c: Json) => void } = {},
  into?: string,
): string {
  const dir = into ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-fixture-'));
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(from)) if (f.endsWith('.json')) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  const rewrite = (file: string, fn?: (j: Json) => void) => {
    if (!fn) return;
    const p = path.join(dir, file);
    const j = JSON.parse(fs.readFileSync(p, 'utf8'));
    fn(j);
    fs.writeFileSync(p, JSON.stringify(j, null, 1));
  };
  rewrite('tokenizer.json', edit.tokenizer);
  rewrite('tokenizer_config.json', edit.config);
  return dir;
}

/** The merge whose result is `token` (e.g. `Ġme`), as stored ("Ġm e" or ["Ġm", "e"]). */
export function removeMergeProducing(t: Json, token: string): void {
  const merges: unknown[] = t.model.merges;
  const at = merges.findIndex((m) => (Array.isArray(m) ? m.join('') : String(m).replace(' ', '')) === token);
  if (at < 0) throw new Error(`no merge makes ${token}`);
  merges.splice(at, 1);
}

/** Swaps the ids of two vocabulary entries. */
export function swapIds(t: Json, a: string, b: string): void {
  const v = t.model.vocab;
  [v[a], v[b]] = [v[b], v[a]];
}

export function addSpecialToken(t: Json, content: string): number {
  const id =
    Math.max(...Object.values(t.model.vocab as Record<string, number>), ...t.added_tokens.map((x: Json) => x.id)) + 1;
  t.added_tokens.push({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return id;
}

export function withoutBos(t: Json): void {
  t.post_processor = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true };
}

export function lowercase(t: Json): void {
  t.normalizer = { type: 'Lowercase' };
}

/** The newer merges format: ["a", "b"] pairs instead of "a b" strings. Same tokenizer. */
export function mergesAsPairs(t: Json): void {
  t.model.merges = t.model.merges.map((m: string) => m.split(' '));
}
