// `browse` opens what `report` points to, in every dataset shape: the line of the longest cut
// sample that `report --format json` names, opened with `browse FILE --line N` through the real
// binary in a pseudo-terminal; chat shapes show as the rendered conversation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, shapeRecords } from '../support/dataset-shapes.js';
import { KEYS, type Tui, spawnTui } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';

let dir: string;
const records: Record<string, Array<Record<string, unknown>>> = shapeRecords(6);
// TRL's implicit prompt: whole strings, whole conversations (chosen and rejected share their start).
records['preference-implicit'] = records.preference!.map((r) => ({
  chosen: `${r.prompt}${r.chosen}`,
  rejected: `${r.prompt}${r.rejected}`,
}));
records['preference-implicit-conversational'] = records['preference-conversational']!.map((r) => ({
  chosen: [...(r.prompt as unknown[]), ...(r.chosen as unknown[])],
  rejected: [...(r.prompt as unknown[]), ...(r.rejected as unknown[])],
}));
let tuis: Tui[] = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-browse-shapes-'));
  for (const [shape, list] of Object.entries(records)) fs.writeFileSync(path.join(dir, `${shape}.jsonl`), jsonl(list));
});
afterEach(() => {
  for (const t of tuis) t.kill();
  tuis = [];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('browse opens every shape at the line report names', () => {
  it.each(Object.keys(records))('%s', async (shape) => {
    const file = path.join(dir, `${shape}.jsonl`);
    const r = await runCli(['report', file, '-t', 'qwen3', '--max-length', '48', '--format', 'json', '--workers', '0']);
    expect(r.code).toBe(0);
    const finding = JSON.parse(r.stdout).truncation.longestCut[0];
    expect(finding.line).toBeGreaterThan(0);
    const t = spawnTui([file, '--line', String(finding.line), '-t', 'qwen3', '--max-length', '48'], {
      cols: 120,
      rows: 30,
      env: { NO_COLOR: '1' },
    });
    tuis.push(t);
    await t.waitFor(`${shape}.jsonl:${finding.line}`);
    // Chat shapes show the rendered conversation (Qwen3's template opens each turn with
    // <|im_start|>); string prompt/completion pairs end with the EOS TRL appends, so the
    // token pane goes to its last row (Tab, then G) where a long sample shows it.
    if (shape === 'prompt-completion' || shape === 'preference' || shape === 'preference-implicit') {
      t.write(KEYS.tab);
      t.write('G');
      await t.waitFor('<|im_end|>');
    } else if (shape !== 'text') await t.waitFor('<|im_start|>');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });
});
