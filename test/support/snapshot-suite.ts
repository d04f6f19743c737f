// Builds a throwaway snapshot suite (config, corpora, an editable copy of the mini-bpe tokenizer).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli, type CliResult, type RunOptions } from './run-cli.js';
import { MINI_BPE, editedCopy, type Json } from './fixture-tokenizers.js';

export interface TestSuite {
  dir: string;
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  file(rel: string): string;
  read(rel: string): string;
  write(rel: string, content: string): void;
  editTokenizer(edit: { tokenizer?: (t: Json) => void; config?: (c: Json) => void }): void;
  config(c: Json): void;
}

export function makeSuite(config?: Json): TestSuite {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-suite-'));
  editedCopy(MINI_BPE, {}, path.join(dir, 'tok'));
  fs.mkdirSync(path.join(dir, 'corpora'));
  fs.copyFileSync(path.join(ROOT, 'corpora', 'prose.txt'), path.join(dir, 'corpora', 'prose.txt'));
  fs.copyFileSync(path.join(ROOT, 'corpora', 'code.jsonl'), path.join(dir, 'corpora', 'code.jsonl'));
  const s: TestSuite = {
    dir,
    run: (args, options = {}) => runCli(args, { cwd: dir, ...options }),
    file: (rel) => path.join(dir, rel),
    read: (rel) => fs.readFileSync(path.join(dir, rel), 'utf8'),
    write: (rel, content) => fs.writeFileSync(path.join(dir, rel), content),
    editTokenizer: (edit) => void editedCopy(path.join(dir, 'tok'), edit, path.join(dir, 'tok')),
    config: (c) => fs.writeFileSync(path.join(dir, 'tokpeek.config.json'), JSON.stringify(c, null, 2)),
  };
  s.config(
    config ?? {
      tokenizers: { mini: { spec: './tok' } },
      corpora: { prose: 'corpora/prose.txt', code: { files: ['corpora/*.jsonl'], format: 'jsonl' } },
    },
  );
  return s;
}
