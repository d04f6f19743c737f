// Corpus arguments → files: a file as given, a folder as every corpus file under it, a glob
// pattern (`data/**/*.jsonl`) as its matches; sorted, so runs and shards are reproducible.

import fs from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { regularFile } from '../contained-path.js';
import { InputError } from '../errors.js';

export const CORPUS_EXTENSIONS = ['txt', 'jsonl', 'ndjson', 'json', 'csv', 'tsv', 'parquet'];

export async function expandInputs(inputs: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    if (fs.existsSync(full)) {
      if (fs.statSync(full).isDirectory()) {
        const found = await glob(`**/*.{${CORPUS_EXTENSIONS.join(',')}}`, { cwd: full, onlyFiles: true, dot: false });
        if (found.length === 0)
          throw new InputError(
            input,
            `folder holds no corpus files (${CORPUS_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
          );
        out.push(...found.sort().map((f) => path.join(input, f)));
      } else out.push(input);
      continue;
    }
    if (isDynamicPattern(input)) {
      const found = await glob(input, { cwd, onlyFiles: true });
      if (found.length === 0) throw new InputError(input, 'the pattern matches no files');
      out.push(...found.sort());
      continue;
    }
    throw new InputError(input, 'no such file');
  }
  return oncePerRealFile(out, cwd);
}

/**
 * Each file once, by its real path: a folder reached through two links (or a link to a file
 * also named directly) is not counted twice. A FIFO, socket or device is refused here, before
 * any reading could block on it.
 */
export function oncePerRealFile(files: string[], cwd: string): string[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    const full = path.resolve(cwd, f);
    regularFile(full);
    const real = fs.realpathSync(full);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}
