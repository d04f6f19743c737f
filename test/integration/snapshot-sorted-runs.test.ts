// Snapshots are written in bounded memory: `snapshot` and `check` sort their blocks by key in
// runs spilled beside the snapshot once the held blocks pass a budget (TOKPEEK_SORT_BUFFER_BYTES,
// 64 MiB by default), then merge the runs into the file. Through bin/tokpeek on a real tokenizer
// (gpt4o) and real text (Moby Dick paragraphs): a budget of 16 KiB (dozens of runs) writes the
// same bytes as the default (no run), leaves no run file, and a killed run's files are removed by
// the next write.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/run-cli.js';
import { makeSuite } from '../support/snapshot-suite.js';
import { realLines } from '../support/multilingual-corpus.js';

const SMALL = { TOKPEEK_SORT_BUFFER_BYTES: String(16 << 10) };
const lines = realLines(1500);
const s = makeSuite({ tokenizers: { gpt4o: 'gpt4o' }, corpora: { moby: 'corpora/moby.txt' } });
afterAll(() => fs.rmSync(s.dir, { recursive: true, force: true }));
const snap = s.file('snapshots/gpt4o/moby.snap');
const leftovers = () => fs.readdirSync(path.dirname(snap)).filter((f) => f.includes('.tmp-'));

describe('snapshots sorted in bounded memory', () => {
  it('snapshot writes the same bytes with runs on disk as in memory, and leaves no run behind', async () => {
    s.write('corpora/moby.txt', `${lines.join('\n')}\n`);
    expect((await s.run(['snapshot'])).code).toBe(0);
    const inMemory = fs.readFileSync(snap);
    expect(inMemory.length).toBeGreaterThan(20 * (16 << 10)); // so the small budget makes many runs
    // A first snapshot: its folder does not exist yet when the first run is spilled.
    fs.rmSync(s.file('snapshots'), { recursive: true });
    const r = await s.run(['snapshot'], { env: SMALL });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote snapshots\/gpt4o\/moby\.snap \(1,\d{3} samples\)/);
    expect(fs.readFileSync(snap).equals(inMemory)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('check writes the same .snap.new and --update the same snapshot with runs as without', async () => {
    const recorded = fs.readFileSync(snap);
    // Every third paragraph changed, a few dropped, new ones added: drift, obsolete and added samples.
    const edited = lines.filter((_, i) => i % 97 !== 5).map((l, i) => (i % 3 === 0 ? `${l} (revised)` : l));
    s.write('corpora/moby.txt', `${[...edited, 'A paragraph the snapshot lacks.'].join('\n')}\n`);
    const pending = `${snap}.new`;
    const outputs: Buffer[][] = [];
    for (const env of [{}, SMALL]) {
      expect((await s.run(['check'], { env })).code).toBe(1);
      const proposed = fs.readFileSync(pending);
      expect((await s.run(['check', '--update', '--prune'], { env })).code).toBe(0);
      outputs.push([proposed, fs.readFileSync(snap)]);
      expect(leftovers()).toEqual([]);
      fs.writeFileSync(snap, recorded);
    }
    expect(outputs[1]![0]!.equals(outputs[0]![0]!)).toBe(true);
    expect(outputs[1]![1]!.equals(outputs[0]![1]!)).toBe(true);
    // --update wrote what a fresh snapshot of the edited corpus writes.
    fs.rmSync(snap);
    expect((await s.run(['snapshot'])).code).toBe(0);
    expect(fs.readFileSync(snap).equals(outputs[0]![1]!)).toBe(true);
  });

  it("a snapshot killed while it spills leaves the old file whole, and the next write removes the dead run's files", async () => {
    const old = fs.readFileSync(snap);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...SMALL };
    delete env.CI;
    const child = spawn(process.execPath, [BIN, 'snapshot', '--workers', '1'], { cwd: s.dir, env, stdio: 'ignore' });
    // Killed once a few runs are on disk (each holds 16 KiB of blocks).
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (leftovers().filter((f) => f.includes('.run-')).length >= 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((r) => child.on('exit', r));
    expect(leftovers().length).toBeGreaterThanOrEqual(3);
    expect(fs.readFileSync(snap).equals(old)).toBe(true);
    expect((await s.run(['snapshot'])).code).toBe(0);
    expect(leftovers()).toEqual([]);
  });
});
