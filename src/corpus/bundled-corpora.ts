// The sample corpora shipped in corpora/, opened when no corpus is named.

import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';

export const CORPORA_DIR = path.join(PACKAGE_ROOT, 'corpora');

/** hard-cases first: it is the one that shows what tokpeek is for. */
export function defaultCorpora(): string[] {
  const files = fs.existsSync(CORPORA_DIR)
    ? fs
        .readdirSync(CORPORA_DIR)
        .filter((f) => /\.(txt|jsonl)$/.test(f))
        .sort()
    : [];
  files.sort((a, b) => Number(b.startsWith('hard-cases')) - Number(a.startsWith('hard-cases')));
  return files.map((f) => path.join(CORPORA_DIR, f));
}
