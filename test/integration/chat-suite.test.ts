// Chat corpora in snapshot suites, through the real binary on bundled tokenizers and real text:
// records in every chat shape are rendered through each tokenizer's chat template and
// snapshotted, so an edited template (chat_template.jinja as current transformers saves it, or
// tokenizer_config.json's chat_template) fails `check` as drift classified chat-template, with
// and without --strict. A suite without a chat corpus cannot show a template change: it says
// so, and --strict fails on it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, shapeRecords } from '../support/dataset-shapes.js';
import { ROOT, runCli } from '../support/run-cli.js';

const BUNDLED = path.join(ROOT, 'src', 'bundled');
let dir: string;
const records = shapeRecords(6);

const run = (args: string[]) => runCli(args, { cwd: dir, env: { CI: 'true' } });
const checkJson = async (...extra: string[]) => {
  const r = await run(['check', '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  return { code: r.code, report: JSON.parse(r.stdout) };
};
const subject = (report: any, id: string) => report.subjects.find((s: any) => s.id === id);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-chat-suite-'));
  for (const name of ['qwen3', 'llama3.1'])
    fs.cpSync(path.join(BUNDLED, name), path.join(dir, name), { recursive: true });
  fs.mkdirSync(path.join(dir, 'corpora'));
  for (const shape of ['messages', 'tools', 'sharegpt', 'preference-conversational'])
    fs.writeFileSync(path.join(dir, 'corpora', `${shape}.jsonl`), jsonl(records[shape]!));
  fs.writeFileSync(
    path.join(dir, 'corpora', 'prose.txt'),
    `${(records.text as Array<{ text: string }>).map((r) => r.text).join('\n')}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({
      tokenizers: { qwen3: './qwen3', llama: { spec: './llama3.1' }, plain: { spec: './qwen3', corpora: ['prose'] } },
      corpora: { chats: { files: 'corpora/*.jsonl', chat: true }, prose: 'corpora/prose.txt' },
    }),
  );
  const r = await runCli(['snapshot'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a chat corpus in a snapshot suite', () => {
  // The records of three shapes, and the preference pairs (two samples each); a record seen twice is one sample.
  const unique = (shape: string) => new Set(records[shape]!.map((r) => JSON.stringify(r))).size;
  const SAMPLES = unique('messages') + unique('tools') + unique('sharegpt') + 2 * unique('preference-conversational');

  it('snapshots each record rendered through the tokenizer template, keyed by the record', async () => {
    const snap = fs.readFileSync(path.join(dir, 'snapshots', 'qwen3', 'chats.snap'), 'utf8');
    expect(snap).toMatch(new RegExp(`^samples: ${SAMPLES}$`, 'm'));
    expect(snap.match(/^record: /gm)).toHaveLength(SAMPLES);
    // The rendered conversation, as Qwen3's template writes it, tools included.
    expect(snap).toMatch(/^text: "<\|im_start\|>system\\n# Tools\\n\\nYou may call one or more functions/m);
    expect(snap).toContain('⟦<|im_start|>⟧ assistant ⏎');
    const { code, report } = await checkJson();
    expect(code).toBe(0);
    expect(subject(report, 'qwen3/chats').counts).toMatchObject({ samples: SAMPLES, unchanged: SAMPLES });
  });

  it('an edited chat_template.jinja fails check as chat-template drift, also with --strict', async () => {
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'qwen3', 'tokenizer_config.json'), 'utf8'));
    // As a new revision might: one newline fewer after the think block.
    const edited = (config.chat_template as string).replace("'\\n</think>\\n\\n'", "'\\n</think>\\n'");
    expect(edited).not.toBe(config.chat_template);
    fs.writeFileSync(path.join(dir, 'qwen3', 'chat_template.jinja'), edited);
    try {
      for (const strict of [[], ['--strict']]) {
        const { code, report } = await checkJson('-t', 'qwen3', ...strict);
        expect(code).toBe(1);
        const s = subject(report, 'qwen3/chats');
        expect(s.failed).toBe(true);
        expect(s.counts.drifted).toBeGreaterThan(0);
        expect(s.classes).toEqual({ 'chat-template': s.counts.drifted });
        expect(s.drifted[0].classes).toEqual(['chat-template']);
        // The change is shown where it is: the newline after </think>.
        expect(s.drifted[0].hunks[0].excerpt.before).toMatch(/<\/think>$/);
        expect(s.notes.map((n: any) => n.message).join('\n')).toMatch(
          /tokenizer files changed \(chat_template\.jinja\)/,
        );
      }
      const text = await run(['check', '-t', 'qwen3']);
      expect(text.stdout).toMatch(/conversation rendered differently \(chat template\)/);
    } finally {
      fs.rmSync(path.join(dir, 'qwen3', 'chat_template.jinja'));
    }
    expect((await checkJson('-t', 'qwen3')).code).toBe(0);
  });

  it('an edited tokenizer_config.json chat_template (Llama 3 → a Llama 3.1-style system block) fails check', async () => {
    const file = path.join(dir, 'llama3.1', 'tokenizer_config.json');
    const original = fs.readFileSync(file, 'utf8');
    const config = JSON.parse(original);
    config.chat_template = `{{- bos_token }}{{- '<|start_header_id|>system<|end_header_id|>\\n\\nCutting Knowledge Date: December 2023\\n\\n<|eot_id|>' }}${config.chat_template.replace('{{ bos_token }}', '').replace('{% set content = bos_token + content %}', '')}`;
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    try {
      const { code, report } = await checkJson('-t', 'llama', '--strict');
      expect(code).toBe(1);
      const s = subject(report, 'llama/chats');
      expect(s.counts.drifted).toBe(SAMPLES);
      expect(s.classes).toEqual({ 'chat-template': SAMPLES });
      expect(s.tokenizerChange.sections).toEqual([
        expect.objectContaining({ file: 'tokenizer_config.json', section: 'chat_template', change: 'changed' }),
      ]);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('without a chat corpus a template edit is a warning, and --strict fails on it', async () => {
    fs.writeFileSync(path.join(dir, 'qwen3', 'chat_template.jinja'), 'ignored: {{ messages }}');
    try {
      const plain = await checkJson('-t', 'plain');
      expect(plain.code).toBe(0);
      const notes = subject(plain.report, 'plain/prose').notes;
      expect(notes).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(/^the chat template changed \(chat_template\.jinja\).*"chat": true/),
      });
      // Not an "equivalent rewrite": the template is part of what the tokenizer does.
      expect(JSON.stringify(notes)).not.toMatch(/equivalent form/);
      expect((await checkJson('-t', 'plain', '--strict')).code).toBe(1);
    } finally {
      fs.rmSync(path.join(dir, 'qwen3', 'chat_template.jinja'));
    }
  });

  it('a record the template rejects is one clear error naming its line', async () => {
    fs.writeFileSync(
      path.join(dir, 'qwen3', 'chat_template.jinja'),
      "{{ raise_exception('Conversation roles must alternate') }}",
    );
    try {
      const r = await run(['check', '-t', 'qwen3', '--corpus', 'chats']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^tokpeek: corpora\/messages\.jsonl:1: the chat template failed: .*Conversation roles must alternate\n/,
      );
    } finally {
      fs.rmSync(path.join(dir, 'qwen3', 'chat_template.jinja'));
    }
  });
});
