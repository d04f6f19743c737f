// A tokenizer whose Split pre-tokenizer backtracks catastrophically ((a+)+$): "aaa…ab" of 30
// characters takes minutes in the js engine and makes the Rust binding panic. Built from the
// mini-bpe fixture, so only the pre-tokenizer differs.

import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-cli.js';

export const CATASTROPHIC_TEXT = `${'a'.repeat(32)}b`;

export function writeCatastrophicTokenizer(dir: string): string {
  const tokenizer = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/mini-bpe/tokenizer.json'), 'utf8'));
  tokenizer.pre_tokenizer = {
    type: 'Sequence',
    pretokenizers: [
      { type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  return dir;
}
