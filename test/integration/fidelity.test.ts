// Token text and input text keep every code point through the real binary: a U+FEFF inside a
// token, and the leading BOM of a text given to show, are data.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('byte-order marks are kept', () => {
  it('a token holding U+FEFF shows it (llama3 id 35866 is BOM + "//")', async () => {
    const r = await runCli(['show', '\ufeff//', '-t', 'llama3', '--ids']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[⟨U+FEFF⟩//]');
    expect(r.stdout).toContain('35866');
    const mid = await runCli(['show', 'a\ufeffb', '-t', 'llama3']);
    expect(mid.stdout).toContain('[a][⟨U+FEFF⟩][b]');
  });

  it('show --file and stdin tokenize a leading BOM like the rust engine does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-bom-'));
    const file = path.join(dir, 'bom.txt');
    fs.writeFileSync(file, '\ufeffhi');
    for (const engine of ['js', 'rust']) {
      const fromFile = await runCli(['show', '--file', file, '-t', 'gpt4o', '-e', engine]);
      expect(fromFile.stdout).toMatch(/^\[⟨U\+FEFF⟩\]\[hi\]/);
      const fromStdin = await runCli(['show', '-t', 'gpt4o', '-e', engine], { input: '\ufeffhi' });
      expect(fromStdin.stdout).toMatch(/^\[⟨U\+FEFF⟩\]\[hi\]/);
    }
  });
});

describe('offsets where the source text matters', () => {
  it('WordPiece: an unknown CJK character with combining marks is shown as itself, as the rust engine does', async () => {
    for (const engine of ['js', 'rust']) {
      const r = await runCli(['show', '駅\u0301\u0300 ok', '-t', 'wordpiece-en', '-e', engine]);
      expect(r.stdout).toContain('[UNK:駅]');
    }
  });
});
