// Corpus arguments → files: a file as given, a folder as every corpus file under it, a glob
// pattern (`data/**/*.jsonl`) as its matches, `-` as standard input; sorted, so runs and
// shards are reproducible. Files a folder or glob holds that are not corpora are skipped,
// and each is named with the reason.

import fs from 'node:fs';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { regularFile } from '../contained-path.js';
import { InputError } from '../errors.js';
import { COMPRESSED_EXTENSIONS, STDIN, withoutCompression } from './open-input.js';

const CORPUS_EXTENSIONS = ['txt', 'jsonl', 'ndjson', 'json', 'csv', 'tsv', 'parquet'];

interface Skipped {
  file: string;
  reason: string;
}

function isCorpusFile(file: string): boolean {
  const ext = path.extname(withoutCompression(file)).slice(1).toLowerCase();
  return CORPUS_EXTENSIONS.includes(ext) && !(ext === 'parquet' && withoutCompression(file) !== file);
}

function skipReason(file: string): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (COMPRESSED_EXTENSIONS.includes(ext)) return `compressed, but not a corpus file inside (.${ext})`;
  return ext ? `not a corpus file (.${ext})` : 'not a corpus file (no extension)';
}

export async function expandInputs(
  inputs: string[],
  cwd: string,
  onSkip: (skipped: Skipped) => void = () => {},
): Promise<string[]> {
  const out: string[] = [];
  const keep = (found: string[], input: string, what: string, base: string) => {
    const corpus = found.filter(isCorpusFile);
    for (const f of found.filter((f) => !isCorpusFile(f)).sort())
      onSkip({ file: path.join(base, f), reason: skipReason(f) });
    if (corpus.length === 0)
      throw new InputError(
        input,
        `${what} holds no corpus files (${CORPUS_EXTENSIONS.map((e) => `.${e}`).join(', ')}, also compressed: ${COMPRESSED_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
      );
    out.push(...corpus.sort().map((f) => path.join(base, f)));
  };
  for (const input of inputs) {
    if (input === STDIN) {
      out.push(STDIN);
      continue;
    }
    const full = path.resolve(cwd, input);
    if (fs.existsSync(full)) {
      if (fs.statSync(full).isDirectory())
        keep(await glob('**/*', { cwd: full, onlyFiles: true, dot: false }), input, 'folder', input);
      else out.push(input);
      continue;
    }
    if (isDynamicPattern(input)) {
      const found = await glob(input, { cwd, onlyFiles: true });
      if (found.length === 0) throw new InputError(input, 'the pattern matches no files');
      keep(found, input, 'the pattern', '');
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
    if (f === STDIN) return true;
    const full = path.resolve(cwd, f);
    regularFile(full);
    const real = fs.realpathSync(full);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}
