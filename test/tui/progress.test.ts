// Progress of snapshot, check and diff: a line on stderr in a terminal, in human units
// (KiB/s or MiB/s, thousands separators, an ETA), cleared before the results; nothing when
// piped, in CI, or with check --ci.

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realLines } from '../support/multilingual-corpus.js';
import { tuisKilledAfterEach } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';
import { type TestSuite, makeSuite } from '../support/snapshot-suite.js';

const spawn = tuisKilledAfterEach();
/** The bar as drawn: label, bar, percent, bytes done/total and rate, ETA, samples. */
const BAR =
  /(snapshot|check|diff) \[[█░]+\] +\d+% [\d.]+ (B|KiB|MiB)\/[\d.]+ (B|KiB|MiB) [\d.]+ (B|KiB|MiB)\/s ETA \d+:\d\d · [\d,]+ samples/;

describe('progress on a terminal', () => {
  let s: TestSuite;
  beforeAll(() => {
    s = makeSuite({
      tokenizers: { llama3: 'llama3' },
      corpora: { moby: 'corpora/moby.txt', prose: 'corpora/prose.txt' },
    });
    s.write('corpora/moby.txt', realLines(1000).join('\n') + '\n');
  });
  afterAll(() => fs.rmSync(s.dir, { recursive: true, force: true }));

  const inTerminal = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const t = spawn(args, { cwd: s.dir, cols: 120, rows: 30, env });
    const { exitCode } = await t.exited;
    return { exitCode, output: t.output(), screen: t.screen.text() };
  };

  it('snapshot, check and diff draw it in human units, then clear it', async () => {
    const snap = await inTerminal(['snapshot']);
    expect(snap.exitCode).toBe(0);
    expect(snap.output).toMatch(BAR);
    expect(snap.output).not.toMatch(/\d\.\d{3,}/); // no raw floats (602.7622492601118 B/s)
    expect(snap.screen).not.toMatch(BAR); // cleared: the screen keeps the results only
    expect(snap.screen).toMatch(/wrote snapshots\/llama3\/moby\.snap \([\d,]+ samples\)/);

    const check = await inTerminal(['check']);
    expect(check.exitCode).toBe(0);
    expect(check.output).toMatch(/check \[[█░]+\] .* · [\d,]+ samples/);
    expect(check.screen).not.toMatch(BAR);

    const diff = await inTerminal(['diff', '-t', 'llama3', '-t', 'llama3.1', 'corpora/moby.txt']);
    expect(diff.exitCode).toBe(1);
    expect(diff.output).toMatch(/diff \[[█░]+\] .* · [\d,]+ samples/);
  }, 240_000);

  it('not in CI, not with check --ci, and not into a pipe', async () => {
    const ci = await inTerminal(['check'], { CI: 'true' });
    expect(ci.exitCode).toBe(0);
    expect(ci.output).not.toMatch(/\[[█░]+\]/);
    const flagged = await inTerminal(['check', '--ci']);
    expect(flagged.exitCode).toBe(0);
    expect(flagged.output).not.toMatch(/\[[█░]+\]/);
    for (const args of [['check'], ['diff', '-t', 'llama3', '-t', 'llama3.1', 'corpora/moby.txt']]) {
      const piped = await runCli(args, { cwd: s.dir });
      expect(piped.stderr).toBe('');
    }
  }, 240_000);
});
