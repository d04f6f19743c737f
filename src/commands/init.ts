// `tokpeek init`: scaffolds tokpeek.config.json for a snapshot suite.

import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { CONFIG_FILE, NAME, scaffoldConfig, validateSuiteConfig } from '../core/config/suite-config.js';
import { CORPORA_DIR } from '../corpus/bundled-corpora.js';
import { formatOf, readSamples } from '../corpus/read-corpus.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { resolveSpec } from '../tokenizers/load.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { visible } from '../core/visible.js';
import { defineCommand } from './definition.js';
import { chatTemplateOption, tokenizerOption } from './option-groups.js';
import { PACKAGE_ROOT } from '../package-info.js';
import { plural } from '../core/quantities.js';

const CONFIG_SCHEMA = path.join(PACKAGE_ROOT, 'src', 'schemas', 'config.schema.json');

function nameOf(raw: string, taken: Set<string>): string {
  let name =
    raw
      .replace(/\.(txt|jsonl|ndjson)$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 60) || 'corpus';
  for (let i = 2; taken.has(name); i++) name = `${name.replace(/-\d+$/, '')}-${i}`;
  taken.add(name);
  return name;
}

/** Whether a JSONL file's first record is chat data (messages, ShareGPT, prompt/completion, Alpaca, preference). */
async function holdsChatRecords(file: string): Promise<boolean> {
  if (!fs.existsSync(file) || formatOf(file) !== 'jsonl') return false;
  for await (const sample of readSamples(file, { chat: true, badRecords: 'count' }))
    return sample.shape !== undefined && sample.shape !== 'text';
  return false;
}

export const init = defineCommand({
  name: 'init',
  usage: ['init [CORPUS...] [-t SPEC]... [--chat-template T] [--force]'],
  description: `Writes ${CONFIG_FILE} naming the tokenizers and corpora to pin. CORPUS is a file or a
glob relative to this folder (one corpus each). With no CORPUS, every .txt/.jsonl file
in ./corpora becomes a corpus; with none there, tokpeek's own hard-cases corpus is
copied to corpora/hard-cases.txt as a start. A JSONL file of chat records becomes a chat
corpus ("chat": true), rendered through each tokenizer's chat template.`,
  positionals: { name: 'CORPUS...', complete: 'file' },
  options: {
    tokenizer: { ...tokenizerOption, help: `tokenizer to pin; repeatable (default ${DEFAULT_TOKENIZER})` },
    'chat-template': {
      ...chatTemplateOption,
      help: "chat_template of every tokenizer: a template file, or a name of the tokenizer's templates (tool_use…)",
    },
    force: { type: 'boolean', help: `overwrite an existing ${CONFIG_FILE}` },
  },
  epilogue: `Then: \`tokpeek snapshot\`, commit ${CONFIG_FILE} and snapshots/, and run \`tokpeek check\` in CI.`,
  run: async ({ values, positionals }, io) => {
    const file = path.join(io.cwd, CONFIG_FILE);
    if (fs.existsSync(file) && !values.force)
      throw new UsageError(`${CONFIG_FILE} already exists`, 'Edit it, or pass --force to overwrite it.');

    const specs = values.tokenizer.length ? values.tokenizer : [DEFAULT_TOKENIZER];
    // A template file is written relative to this folder (the config's), with / on every system.
    const template = values['chat-template'];
    const chatTemplate =
      template !== undefined && fs.existsSync(path.resolve(io.cwd, template))
        ? path.relative(io.cwd, path.resolve(io.cwd, template)).split(path.sep).join('/')
        : template;
    const tokenizerNames = new Set<string>();
    const tokenizers = specs.map((spec) => {
      const { name } = resolveSpec(spec, io.env); // fails early, with the usual message, on a spec that does not resolve
      const short = NAME.test(spec) ? spec : name.split('@')[0]!.split('/').pop()!;
      return {
        name: nameOf(short, tokenizerNames),
        spec: path.isAbsolute(spec) ? path.relative(io.cwd, spec) || '.' : spec,
        chatTemplate,
      };
    });

    const corpusNames = new Set<string>();
    const corpora: Array<{ name: string; files: string[]; format?: string; chat?: boolean }> = [];
    const notes: string[] = [];
    if (positionals.length) {
      for (const glob of positionals) {
        const rel = path.isAbsolute(glob) ? path.relative(io.cwd, glob) : glob;
        const base = /[*?{[]/.test(rel) ? path.basename(path.dirname(rel)) || 'corpus' : path.basename(rel);
        corpora.push({
          name: nameOf(base, corpusNames),
          files: [rel.split(path.sep).join('/')],
          ...(formatOf(rel) === 'jsonl' ? { format: 'jsonl' } : {}),
          ...((await holdsChatRecords(path.resolve(io.cwd, rel))) ? { chat: true } : {}),
        });
      }
    } else {
      const dir = path.join(io.cwd, 'corpora');
      const found = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => /\.(txt|jsonl|ndjson)$/i.test(f))
            .sort()
        : [];
      if (found.length === 0) {
        writeFileAtomic(path.join(dir, 'hard-cases.txt'), fs.readFileSync(path.join(CORPORA_DIR, 'hard-cases.txt')));
        found.push('hard-cases.txt');
        notes.push("copied tokpeek's hard-cases corpus to corpora/hard-cases.txt (add your own samples, one per line)");
      }
      for (const f of found)
        corpora.push({
          name: nameOf(f, corpusNames),
          files: [`corpora/${f}`],
          ...(formatOf(f) === 'jsonl' ? { format: 'jsonl' } : {}),
          ...((await holdsChatRecords(path.join(dir, f))) ? { chat: true } : {}),
        });
    }
    const config = scaffoldConfig(tokenizers, corpora);
    const { problems } = validateSuiteConfig(config);
    if (problems.length)
      throw new UsageError(
        `cannot scaffold ${CONFIG_FILE}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      );
    // Editors complete and check the file against the shipped schema when the path is portable:
    // tokpeek installed in this project's node_modules (a global install's path is this machine's).
    const schema = path.relative(io.cwd, CONFIG_SCHEMA).split(path.sep).join('/');
    const named = schema.startsWith('node_modules/') ? { $schema: `./${schema}`, ...config } : config;
    writeFileAtomic(file, JSON.stringify(named, null, 2) + '\n');
    if (named === config) notes.push(`JSON Schema of this file, for editors: ${CONFIG_SCHEMA}`);
    for (const n of notes) io.stdout.write(`${n}\n`);
    io.stdout.write(
      `wrote ${CONFIG_FILE}: ${plural(tokenizers.length, 'tokenizer')} (${tokenizers.map((t) => visible(t.name)).join(', ')}), ${plural(corpora.length, 'corpus', 'corpora')} (${corpora.map((c) => visible(c.name)).join(', ')})\n`,
    );
    io.stdout.write(
      'next: `tokpeek snapshot`, then commit tokpeek.config.json and snapshots/ (and add *.snap.new to .gitignore); run `tokpeek check` in CI\n',
    );
    return 0;
  },
});
