// Drift markers on chat samples: a suite's chat corpus is snapshotted by record (the key is the
// record's canonical JSON, so a template change shows as drift of the same sample), and browse
// looks each rendered conversation up by that key, not by the hash of its rendered text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, shapeRecords } from '../support/dataset-shapes.js';
import { tuisKilledAfterEach } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';

const start = tuisKilledAfterEach();
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-chat-drift-'));
  fs.writeFileSync(path.join(dir, 'chats.jsonl'), jsonl(shapeRecords(3).messages!));
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({
      snapshots: 'snapshots',
      tokenizers: { t: { spec: 'qwen3' } },
      corpora: { c: { files: 'chats.jsonl', chat: true } },
    }),
  );
  const r = await runCli(['snapshot'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  // As if the template or tokenizer had changed since: the first conversation's snapshot ids differ.
  const snap = path.join(dir, 'snapshots', 't', 'c.snap');
  const before = fs.readFileSync(snap, 'utf8');
  const after = before.replace(/ids: (\d+)/, (_, id: string) => `ids: ${Number(id) + 1}`);
  expect(after).not.toBe(before);
  fs.writeFileSync(snap, after);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('drift markers on chat samples', () => {
  it('marks a rendered conversation whose snapshot differs (Δ), and the others as the same as theirs', async () => {
    const t = start(['chats.jsonl', '-t', 'qwen3'], { cols: 100, rows: 30, cwd: dir });
    await t.waitFor('same as its snapshot');
    // F cycles the filters backwards: drift is the last one.
    t.write('F');
    await t.waitFor('drift: 1 · 1/1 of 3 samples');
    await t.waitFor('Δ differs from its snapshot');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });
});
