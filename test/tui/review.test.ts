// `tokpeek review` in a pseudo-terminal over a real suite with pending changes.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, type Tui, spawnTui } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';
import { SUITE_LINES, idsOf, pendingSuite } from '../support/pending-suite.js';

let tuis: Tui[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const t of tuis) t.kill();
  tuis = [];
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('tokpeek review in a terminal', () => {
  it('accepting a pending change updates the snapshot file at once; quitting half-way keeps it and leaves the rest pending', async () => {
    const suite = await pendingSuite();
    dirs.push(suite.dir);
    const t = spawnTui(['review'], { cols: 80, rows: 24, cwd: suite.dir });
    tuis.push(t);
    await t.waitFor('Reviewing 1/4');
    expect(t.screen.text()).toContain('drift: special tokens added/removed');
    const text = SUITE_LINES[2]!; // sorted by key, "unbelievable tokenization" comes first
    expect(t.screen.text()).toContain('unbelievable·tokenization');
    expect(idsOf(suite.snap, text)).not.toContain('128000');
    t.write('a');
    await t.waitFor('Reviewing 2/4');
    // Written before the next change is even shown.
    expect(idsOf(suite.snap, text)).toMatch(/^ids: 128000 /);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
    expect(t.screen.altScreen).toBe(false);
    expect(t.screen.cursorVisible).toBe(true);
    expect(t.screen.text()).toContain('reviewed 4 changes: 1 accepted, 0 rejected; 3 still pending');

    // Next time, only what is left.
    const again = spawnTui(['review'], { cols: 120, rows: 40, cwd: suite.dir });
    tuis.push(again);
    await again.waitFor('Reviewing 1/3');
    again.write('R');
    await again.waitFor('Reviewed 3 changes: 0 accepted, 3 rejected, 0 left pending.');
    again.write(KEYS.escape);
    expect((await again.exited).exitCode).toBe(0);
    expect(fs.existsSync(suite.pending)).toBe(false);
    const pending = await runCli(['pending'], { cwd: suite.dir });
    expect(pending.stdout).toBe('no pending snapshot changes\n');
  });

  it('without a terminal says which commands to use instead, and does not wait', async () => {
    const suite = await pendingSuite();
    dirs.push(suite.dir);
    const r = await runCli(['review'], { cwd: suite.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tokpeek: review needs a terminal (4 pending changes)\n  Without one: `tokpeek pending` lists them, `tokpeek accept [SELECTOR...]` / `tokpeek reject [SELECTOR...]` decide them.\n',
    );
  });
});
