// The browse screen stays responsive with a tokenizer whose pre-tokenizer regex never finishes:
// tokenization runs on pool workers under a time budget, so `q` quits within a second.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CATASTROPHIC_TEXT, writeCatastrophicTokenizer } from '../support/hostile-tokenizer.js';
import { spawnTui } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-hostile-browse-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

it('quits on q within a second while a sample backtracks catastrophically', async () => {
  const tok = writeCatastrophicTokenizer(path.join(tmp, 'evil'));
  const corpus = path.join(tmp, 'corpus.txt');
  fs.writeFileSync(corpus, `${CATASTROPHIC_TEXT}\nhello there\n`);
  const t = spawnTui([corpus, '-t', tok], { env: { TOKPEEK_SAMPLE_BUDGET_MS: '60000' } });
  try {
    await t.waitFor('tokenizing 33 characters');
    // The first sample is being tokenized (and will be for a minute): the screen must still answer.
    await new Promise((r) => setTimeout(r, 500));
    const asked = Date.now();
    t.write('q');
    const { exitCode } = await t.exited;
    expect(Date.now() - asked).toBeLessThan(1000);
    expect(exitCode).toBe(0);
  } finally {
    t.kill();
  }
});

it('shows the budget error for that sample and goes on to the next', async () => {
  const tok = writeCatastrophicTokenizer(path.join(tmp, 'evil2'));
  const corpus = path.join(tmp, 'corpus2.txt');
  fs.writeFileSync(corpus, `${CATASTROPHIC_TEXT}\nhello there\n`);
  const t = spawnTui([corpus, '-t', tok], { env: { TOKPEEK_SAMPLE_BUDGET_MS: '1000' } });
  try {
    await t.waitFor(/took over 1\.0 s/);
    t.write('j');
    await t.waitFor('corpus2.txt:2');
    await t.waitFor('hello');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  } finally {
    t.kill();
  }
});

it("under -e rust, shows the engine crash as that sample's error and goes on to the next", async () => {
  // The Rust binding panics on this regex and aborts its process: the pool's worker processes
  // die instead of the screen, and are replaced.
  const tok = writeCatastrophicTokenizer(path.join(tmp, 'evil3'));
  const corpus = path.join(tmp, 'corpus3.txt');
  fs.writeFileSync(corpus, `${CATASTROPHIC_TEXT}\nhello there\n`);
  const t = spawnTui([corpus, '-t', tok, '-e', 'rust']);
  try {
    await t.waitFor(/the Rust engine crashed/);
    t.write('j');
    await t.waitFor('corpus3.txt:2');
    await t.waitFor('hello');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  } finally {
    t.kill();
  }
});

it('reports a snapshot damaged in a middle block (read as a stream) like check does: exit 2 naming file:line', async () => {
  // The drift markers read the suite's snapshots block by block; the first and last blocks are
  // read when a file is opened, so the damage is put in the middle.
  const dir = fs.mkdtempSync(path.join(tmp, 'suite-'));
  const lines = Array.from({ length: 9 }, (_, i) => `sample line ${i}`);
  fs.writeFileSync(path.join(dir, 'corpus.txt'), `${lines.join('\n')}\n`);
  fs.writeFileSync(
    path.join(dir, 'tokpeek.config.json'),
    JSON.stringify({ tokenizers: { t: 'wordpiece-en' }, corpora: { c: 'corpus.txt' } }),
  );
  expect((await runCli(['snapshot'], { cwd: dir })).code).toBe(0);
  const snap = path.join(dir, 'snapshots', 't', 'c.snap');
  const text = fs.readFileSync(snap, 'utf8');
  const at = [...text.matchAll(/text: "sample line/g)][4]!.index;
  fs.writeFileSync(snap, `${text.slice(0, at)}text: "Sample${text.slice(at + 'text: "sample'.length)}`);
  const line = text.slice(0, at).split('\n').length - 1; // the block's "==" line
  const t = spawnTui(['corpus.txt', '-t', 't'], { cwd: dir, cols: 200 });
  try {
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(2);
    expect(t.screen.text()).toMatch(
      new RegExp(`tokpeek: snapshots/t/c\\.snap:${line}: sample [0-9a-f]{16}: the text no longer matches its key`),
    );
  } finally {
    t.kill();
  }
});
