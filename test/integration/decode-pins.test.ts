// Decoding pinned in snapshots, through the real binary: a WordPiece tokenizer whose ids never
// change while only its decoder, only its clean-up setting or only one token's special flag
// changes. `check` fails (exit 1) with the decode class, the report says what the changed field
// does, and a snapshot written before format 3 (no `decoded:` lines) still checks.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { WORDPIECE, editedCopy, type Json } from '../support/fixture-tokenizers.js';
import { valid } from '../support/json-schema.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-decode-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Clean-up off in both places, so that turning tokenizer_config.json's on is the only change.
const BASE = editedCopy(
  WORDPIECE,
  {
    tokenizer: (t) => (t.decoder.cleanup = false),
    config: (c) => (c.clean_up_tokenization_spaces = false),
  },
  path.join(dir, 'base'),
);
fs.writeFileSync(path.join(dir, 'corpus.txt'), 'hello , world !\nthe cafe . unbelievable\n[MASK] hello\n');
const SNAP = path.join(dir, 'snapshots', 'wp', 'c.snap');

function suite(engine: string, edit: { tokenizer?: (t: Json) => void; config?: (c: Json) => void } = {}): void {
  fs.rmSync(path.join(dir, 'tok'), { recursive: true, force: true });
  editedCopy(BASE, edit, path.join(dir, 'tok'));
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({ tokenizers: { wp: { spec: './tok', engine } }, corpora: { c: 'corpus.txt' } }),
  );
}

const run = (args: string[]) => runCli([...args, '--workers', '1'], { cwd: dir, env: { CI: 'true' } });

async function checkJson(): Promise<{ code: number | null; report: any }> {
  const r = await run(['check', '--format', 'json', '--limit', '0']);
  return { code: r.code, report: valid('drift-report', r.stdout) };
}

async function record(engine: string): Promise<string> {
  suite(engine);
  fs.rmSync(path.join(dir, 'snapshots'), { recursive: true, force: true });
  const r = await runCli(['snapshot', '--workers', '1'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return fs.readFileSync(SNAP, 'utf8');
}

describe.each(['js', 'rust'])('decode pins under the %s engine', (engine) => {
  it('records what decode returns, with and without skip_special_tokens', async () => {
    const header = await record(engine);
    expect(header).toMatch(/^tokpeek-snapshot: 3$/m);
    expect(header).toContain('\ndecoded: hello "[CLS] hello world [SEP]"\n');
    expect(header).toContain('\ndecoded-skip: hello "hello world"\n');
    expect(header).toContain('\ndecoded: added-tokens "[CLS] [PAD] [UNK] [CLS] [SEP] [MASK] [SEP]"\n');
    expect(header).toContain('\ndecoded-skip: added-tokens ""\n');
    const same = await checkJson();
    expect(same.code).toBe(0);
    expect(same.report.subjects[0].decodeChanged).toBeUndefined();
  });

  it('only the decoder changes: exit 1, decoder drift, no sample drifted', async () => {
    suite(engine, { tokenizer: (t) => (t.decoder = { type: 'Fuse' }) });
    const { code, report } = await checkJson();
    expect(code).toBe(1);
    const s = report.subjects[0];
    expect(s.counts.drifted).toBe(0);
    expect(s.failed).toBe(true);
    expect(Object.keys(s.classes)).toEqual(['decoder']);
    expect(s.decodeChanged).toContainEqual({
      name: 'hello',
      class: 'decoder',
      skipSpecialTokens: false,
      before: '[CLS] hello world [SEP]',
      after: '[CLS]helloworld[SEP]',
    });
    const decoder = s.tokenizerChange.sections.find((c: any) => c.section === 'decoder');
    expect(decoder.meaning).toMatch(/turns ids back into text/);
    const text = await run(['check']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('tokenizer.json decoder: WordPiece("##") → Fuse — turns ids back into text');
    expect(text.stdout).toContain('decode of canary "hello" changed (same ids, decoded into other text (decoder))');
    expect(text.stdout).toContain('tokpeek check --update -t wp --corpus c');
  });

  it('only clean_up_tokenization_spaces changes: exit 1, cleanup drift', async () => {
    suite(engine, { config: (c) => (c.clean_up_tokenization_spaces = true) });
    const { code, report } = await checkJson();
    expect(code).toBe(1);
    const s = report.subjects[0];
    expect(s.counts.drifted).toBe(0);
    expect(Object.keys(s.classes)).toEqual(['cleanup']);
    expect(s.decodeChanged).toContainEqual({
      name: 'punct',
      class: 'cleanup',
      skipSpecialTokens: false,
      before: expect.stringContaining('[CLS] ! ! ! [UNK]'),
      after: expect.stringContaining('[CLS]!!! [UNK]'),
    });
    const field = s.tokenizerChange.sections.find((c: any) => c.section === 'clean_up_tokenization_spaces');
    expect(field).toMatchObject({ file: 'tokenizer_config.json', before: 'false', after: 'true' });
    expect(field.meaning).toMatch(/spaces before punctuation/);
  });

  it('only a special flag changes: exit 1, special-flag drift', async () => {
    suite(engine, {
      tokenizer: (t) => (t.added_tokens.find((a: Json) => a.content === '[MASK]').special = false),
    });
    const { code, report } = await checkJson();
    expect(code).toBe(1);
    const s = report.subjects[0];
    // The ids are the same: a literal [MASK] is still matched, only its spelling may change.
    expect(s.counts.drifted).toBe(0);
    expect(Object.keys(s.classes)).toEqual(['special-flag']);
    expect(s.decodeChanged).toContainEqual({
      name: 'added-tokens',
      class: 'special-flag',
      skipSpecialTokens: true,
      before: '',
      after: '[MASK]',
    });
  });

  it('check --update pins the new decodes, and then passes', async () => {
    const u = await runCli(['check', '--update', '--workers', '1'], { cwd: dir });
    expect(u.code, u.stdout).toBe(0);
    expect(fs.readFileSync(SNAP, 'utf8')).toContain('\ndecoded-skip: added-tokens "[MASK]"\n');
    expect((await checkJson()).code).toBe(0);
  });
});

describe('snapshots written before decode pins', () => {
  it('a format-2 file (no decoded: lines) still checks, and says decoding was not compared', async () => {
    const header = await record('js');
    const old = header.replace('tokpeek-snapshot: 3', 'tokpeek-snapshot: 2').replace(/^decoded(-skip)?: .*\n/gm, '');
    fs.writeFileSync(SNAP, old);
    suite('js', { tokenizer: (t) => (t.decoder = { type: 'Fuse' }) });
    const { code, report } = await checkJson();
    expect(code).toBe(0);
    expect(report.subjects[0].notes.map((n: any) => n.message)).toContainEqual(
      expect.stringContaining('the snapshot records no decodes (written before snapshot format 3)'),
    );
  });
});
