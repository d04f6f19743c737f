// A snapshot suite picks the chat template its trainer uses: `chat_template` on a tokenizer names
// one of a template list (`tool_use`) or a template file beside the config. Through the real
// binary on the bundled Qwen3 tokenizer and real text: the snapshot holds exactly the ids of
// @huggingface/transformers' apply_chat_template (that template) counted by the Rust binding; an
// edit of the chosen file, or a change of choice, fails `check` as chat-template drift and the
// header says which template; a name the tokenizer lacks, or a file outside the suite's folder,
// is one clear error (exit 2). `init --chat-template` writes the key and marks chat corpora.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Record_, jsonl, shapeRecords } from '../support/dataset-shapes.js';
import { ROOT, runCli } from '../support/run-cli.js';

const BUNDLED = path.join(ROOT, 'src', 'bundled');
const PLAIN = '{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}';
const records = shapeRecords(5).messages!;
let dir: string;
let qwenTemplate: string;

const run = (args: string[], env: Record<string, string> = { CI: 'true' }) => runCli(args, { cwd: dir, env });
const writeConfig = (tokenizers: Record<string, unknown>) =>
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({ tokenizers, corpora: { chats: { files: 'corpora/chats.jsonl', chat: true } } }),
  );
const checkJson = async (...extra: string[]) => {
  const r = await run(['check', '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) };
};
const subject = (report: any, id: string) => report.subjects.find((s: any) => s.id === id);

/** The ids of each sample block of a snapshot, in file order. */
function snapshotIds(file: string): number[][] {
  const blocks = fs.readFileSync(file, 'utf8').split('\n== ').slice(1);
  return blocks.map((b) =>
    b
      .split('\n')
      .filter((l) => l.startsWith('ids: '))
      .flatMap((l) => l.slice(5).split(' ').map(Number)),
  );
}

/** Each record rendered by transformers' apply_chat_template with `template` (a name or a source), ids by Rust. */
async function oracleIds(folder: string, template: string): Promise<number[][]> {
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(folder) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(folder));
  const rust = RustTokenizer.fromFile(path.join(folder, 'tokenizer.json'));
  const out: number[][] = [];
  for (const r of records) {
    const text = tokenizer.apply_chat_template(r.messages as any, {
      tokenize: false,
      chat_template: template,
    }) as string;
    out.push([...(await rust.encode(text, undefined, { addSpecialTokens: false })).getIds()]);
  }
  return out;
}

const sorted = (list: number[][]) => list.map((ids) => ids.join(' ')).sort();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-suite-template-'));
  fs.cpSync(path.join(BUNDLED, 'qwen3'), path.join(dir, 'qwen3'), { recursive: true });
  // A tokenizer saved with a template list: a plain default, Qwen3's real template as tool_use.
  fs.cpSync(path.join(BUNDLED, 'qwen3'), path.join(dir, 'listed'), { recursive: true });
  const configFile = path.join(dir, 'listed', 'tokenizer_config.json');
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  qwenTemplate = config.chat_template;
  config.chat_template = [
    { name: 'default', template: PLAIN },
    { name: 'tool_use', template: qwenTemplate },
  ];
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  fs.mkdirSync(path.join(dir, 'corpora'));
  fs.writeFileSync(path.join(dir, 'corpora', 'chats.jsonl'), jsonl(records as Record_[]));
  fs.mkdirSync(path.join(dir, 'templates'));
  // The trainer's own template: Qwen3's with a system line of its own.
  fs.writeFileSync(
    path.join(dir, 'templates', 'trainer.jinja'),
    `{{- '<|im_start|>system\\nYou are a careful reader.<|im_end|>\\n' }}${qwenTemplate}`,
  );
  writeConfig({
    named: { spec: './listed', chat_template: 'tool_use' },
    filed: { spec: './qwen3', chat_template: 'templates/trainer.jinja' },
  });
  const r = await runCli(['snapshot'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('chat_template in a snapshot suite', () => {
  it('a named template of a list: the snapshot holds apply_chat_template(chat_template=NAME) ids', async () => {
    const file = path.join(dir, 'snapshots', 'named', 'chats.snap');
    expect(sorted(snapshotIds(file))).toEqual(sorted(await oracleIds(path.join(dir, 'listed'), 'tool_use')));
    // Not what the tokenizer's default would give.
    expect(sorted(snapshotIds(file))).not.toEqual(sorted(await oracleIds(path.join(dir, 'listed'), 'default')));
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^options: .* chat_template=tool_use$/m);
  });

  it('a template file: the snapshot holds its rendering, and the header names the file and its hash', async () => {
    const file = path.join(dir, 'snapshots', 'filed', 'chats.snap');
    const source = fs.readFileSync(path.join(dir, 'templates', 'trainer.jinja'), 'utf8');
    expect(sorted(snapshotIds(file))).toEqual(sorted(await oracleIds(path.join(dir, 'qwen3'), source)));
    expect(fs.readFileSync(file, 'utf8')).toMatch(
      /^options: .* chat_template=templates\/trainer\.jinja#[0-9a-f]{12}$/m,
    );
    const { code, report } = await checkJson();
    expect(code).toBe(0);
    expect(subject(report, 'filed/chats').counts.unchanged).toBe(records.length);
  });

  it('an edit of the chosen template file fails check as chat-template drift, also with --strict', async () => {
    const file = path.join(dir, 'templates', 'trainer.jinja');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, original.replace('You are a careful reader.', 'You are a careful, patient reader.'));
    try {
      for (const strict of [[], ['--strict']]) {
        const { code, report } = await checkJson('-t', 'filed', ...strict);
        expect(code).toBe(1);
        const s = subject(report, 'filed/chats');
        expect(s.counts.drifted).toBe(records.length);
        expect(s.classes).toEqual({ 'chat-template': records.length });
        expect(s.notes.map((n: any) => n.message).join('\n')).toMatch(
          /chat template chosen by the suite: templates\/trainer\.jinja#[0-9a-f]{12} → templates\/trainer\.jinja#[0-9a-f]{12}/,
        );
      }
    } finally {
      fs.writeFileSync(file, original);
    }
    expect((await checkJson('-t', 'filed')).code).toBe(0);
  });

  it('choosing another template fails check as chat-template drift, naming both choices', async () => {
    writeConfig({
      named: { spec: './listed', chat_template: 'default' },
      filed: { spec: './qwen3', chat_template: 'templates/trainer.jinja' },
    });
    try {
      const { code, report } = await checkJson('-t', 'named');
      expect(code).toBe(1);
      const s = subject(report, 'named/chats');
      expect(s.classes).toEqual({ 'chat-template': records.length });
      expect(s.notes.map((n: any) => n.message)).toContain('chat template chosen by the suite: tool_use → default');
    } finally {
      writeConfig({
        named: { spec: './listed', chat_template: 'tool_use' },
        filed: { spec: './qwen3', chat_template: 'templates/trainer.jinja' },
      });
    }
  });

  it('a name the tokenizer lacks, a file outside the suite, or a bad value is one clear error', async () => {
    try {
      writeConfig({ named: { spec: './listed', chat_template: 'rag' } });
      let r = await run(['check']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^tokpeek: \$\.tokenizers\.named\.chat_template: the tokenizer has no chat template named "rag" \(it has: default, tool_use\)\n/,
      );
      const outside = path.join(os.tmpdir(), `tokpeek-outside-${process.pid}.jinja`);
      fs.writeFileSync(outside, PLAIN);
      try {
        writeConfig({ filed: { spec: './qwen3', chat_template: path.relative(dir, outside) } });
        r = await run(['check']);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/chat_template leads outside/);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      } finally {
        fs.rmSync(outside);
      }
      writeConfig({ filed: { spec: './qwen3', chat_template: 7 } });
      r = await run(['check']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\$\.tokenizers\.filed\.chat_template: must be a template name or a template file path/);
    } finally {
      writeConfig({
        named: { spec: './listed', chat_template: 'tool_use' },
        filed: { spec: './qwen3', chat_template: 'templates/trainer.jinja' },
      });
    }
  });

  it('init --chat-template writes the key, and marks a JSONL of chat records as a chat corpus', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-init-template-'));
    try {
      fs.cpSync(path.join(dir, 'corpora'), path.join(fresh, 'corpora'), { recursive: true });
      fs.writeFileSync(path.join(fresh, 'corpora', 'prose.jsonl'), jsonl([{ text: 'Call me Ishmael.' }]));
      fs.cpSync(path.join(dir, 'templates'), path.join(fresh, 'templates'), { recursive: true });
      const init = await runCli(['init', '-t', 'qwen3', '--chat-template', 'templates/trainer.jinja'], { cwd: fresh });
      expect(init.stderr).toBe('');
      expect(init.code).toBe(0);
      const config = JSON.parse(fs.readFileSync(path.join(fresh, 'tokpeek.config.json'), 'utf8'));
      expect(config.tokenizers.qwen3.chat_template).toBe('templates/trainer.jinja');
      expect(config.corpora.chats).toEqual({ files: ['corpora/chats.jsonl'], format: 'jsonl', chat: true });
      expect(config.corpora.prose).toEqual({ files: ['corpora/prose.jsonl'], format: 'jsonl' });
      const snap = await runCli(['snapshot'], { cwd: fresh });
      expect(snap.stderr).toBe('');
      expect(snap.code).toBe(0);
      // The same template, the same tokenizer: the same ids as the suite above.
      expect(snapshotIds(path.join(fresh, 'snapshots', 'qwen3', 'chats.snap'))).toEqual(
        snapshotIds(path.join(dir, 'snapshots', 'filed', 'chats.snap')),
      );
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
