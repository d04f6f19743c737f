// check through the real binary on a snapshot large enough (over 8 MiB) to be scanned on a
// thread of its own while the tokenizer loads, with its blocks compared by ids digests (this
// tokpeek wrote it from these files): unchanged is exit 0, an id or a text edited in one block
// in the middle of the file is found all the same (drift, exit 1; damage, exit 2 naming the line).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { realLines } from '../support/multilingual-corpus.js';

let dir: string;
let file: string;
let text: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-large-snapshot-'));
  // Real English, about 2.5 MB: its gpt4o snapshot is over 8 MiB.
  const lines: string[] = [];
  for (let bytes = 0, i = 0, all = realLines(100_000); bytes < 2_500_000 && i < all.length; i++) {
    lines.push(all[i]!);
    bytes += Buffer.byteLength(all[i]!) + 1;
  }
  fs.writeFileSync(path.join(dir, 'corpus.txt'), `${lines.join('\n')}\n`);
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({ tokenizers: { gpt4o: { spec: 'gpt4o' } }, corpora: { c: 'corpus.txt' } }),
  );
  const r = await runCli(['snapshot', '--workers', '2'], { cwd: dir });
  expect(r.code).toBe(0);
  file = path.join(dir, 'snapshots', 'gpt4o', 'c.snap');
  text = fs.readFileSync(file, 'utf8');
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A block from the middle of the file on (the thread reads it; no worker does) whose text has no escape. */
function middleBlock(): string {
  for (let at = text.indexOf('\n== ', Math.floor(text.length / 2)); ; at = text.indexOf('\n== ', at + 1)) {
    const block = text.slice(at, text.indexOf('\n\n== ', at + 1));
    if (!/\ntext: [^\n]*\\/.test(block)) return block;
  }
}

describe('check on a snapshot scanned on its own thread', () => {
  it('is exit 0 unchanged, 1 for an id edited in one block, 2 naming the line for an edited text', async () => {
    expect(fs.statSync(file).size).toBeGreaterThan(8 << 20);
    const clean = await runCli(['check', '--ci', '--workers', '2', '--format', 'json'], { cwd: dir });
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    const counts = JSON.parse(clean.stdout).subjects[0].counts;
    expect(counts).toMatchObject({ drifted: 0, unchanged: counts.samples });
    expect(counts.samples).toBeGreaterThan(1000);

    const block = middleBlock();
    try {
      fs.writeFileSync(
        file,
        text.replace(
          block,
          block.replace(/(\nids: )(\d+)/, (_, h, id) => `${h}${Number(id) + 1}`),
        ),
      );
      const drift = await runCli(['check', '--ci', '--workers', '2', '--format', 'json'], { cwd: dir });
      expect(drift.code).toBe(1);
      expect(JSON.parse(drift.stdout).subjects[0].counts.drifted).toBe(1);

      // A word added to the text: the block no longer hashes to its key.
      const edited = block.replace(/"\ntokens:/, ' edited"\ntokens:');
      expect(edited).not.toBe(block);
      fs.writeFileSync(file, text.replace(block, edited));
      const damaged = await runCli(['check', '--ci', '--workers', '2'], { cwd: dir });
      expect(damaged.code).toBe(2);
      const line = text.slice(0, text.indexOf(block) + 1).split('\n').length;
      expect(damaged.stderr).toContain(`c.snap:${line}:`);
      expect(damaged.stderr).toMatch(/no longer matches its key/);
      expect(damaged.stderr.trim().split('\n')).toHaveLength(2);
    } finally {
      fs.writeFileSync(file, text);
    }
  }, 120_000);
});
