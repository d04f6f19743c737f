// `tokpeek review` in a pseudo-terminal on a tokenizer that lost a merge (`Ġbrown`): the screen
// opens on the change, shows it token by token as `check` does, and n walks to the next change
// even 2,000 tokens further into a sample.
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Tui, spawnTui } from '../support/pty.js';
import { FOX, longBrownSample, lostMergeSuite } from '../support/lost-merge-suite.js';

let tuis: Tui[] = [];
afterEach(() => {
  for (const t of tuis) t.kill();
  tuis = [];
});

let suite: { dir: string };
beforeAll(async () => {
  suite = await lostMergeSuite([FOX, longBrownSample()]);
});
afterAll(() => fs.rmSync(suite.dir, { recursive: true, force: true }));

function start(env: Record<string, string>, cols = 100, rows = 30): Tui {
  const t = spawnTui(['review'], { cols, rows, cwd: suite.dir, env });
  tuis.push(t);
  return t;
}

/** The rows of a pane: from its title row to the next title (or the hint bar). */
function pane(lines: string[], title: RegExp): string[] {
  const at = lines.findIndex((l) => title.test(l));
  const end = lines.findIndex((l, i) => i > at && /^ (old|new) \(/.test(l));
  return lines.slice(at + 1, end === -1 ? lines.length - 2 : end);
}

describe('tokpeek review on a lost merge', () => {
  it('opens on the change with old [·brown] and new [·b][rown]; n reaches the next change 2,000+ tokens on', async () => {
    const t = start({ NO_COLOR: '1' });
    await t.waitFor('Reviewing 1/2');
    const fox = async () => {
      const lines = t.screen.lines();
      expect(t.screen.text()).toContain('location corpus.txt:1 · 11 → 12 tokens');
      expect(t.screen.text()).toContain('change 1 of 1 at token 4 → 4: [·brown] → [·b] [rown]');
      expect(t.screen.text()).toMatch(/tokenizer changed: tokenizer\.json model\.vocab/);
      expect(pane(lines, /^ old \(snapshot\)/).join('')).toContain('[·quick][·brown][·fox]');
      expect(pane(lines, /^ new \(pending\)/).join('')).toContain('[·quick][·b][rown][·fox]');
    };
    const long = async () => {
      // Opened on its first change…
      await t.waitFor(/change 1 of 2 at token \d+ → \d+: \[·brown\] → \[·b\] \[rown\]/);
      expect(t.screen.text()).toContain('location corpus.txt:2');
      const tokens = Number(/(\d[\d,]*) → \d[\d,]* tokens/.exec(t.screen.text())![1]!.replace(/,/g, ''));
      expect(tokens).toBeGreaterThan(2000);
      expect(pane(t.screen.lines(), /^ new \(pending\)/).join('')).toContain('[A][·b][rown][·whale]');
      // …and n jumps 2,000 tokens to the second, which is on screen at once.
      t.write('n');
      await t.waitFor(/change 2 of 2 at token [\d,]{5,} → [\d,]{5,}/);
      const lines = t.screen.lines();
      expect(pane(lines, /^ old \(snapshot\)/).join('')).toContain('[·last][·brown][·whale]');
      expect(pane(lines, /^ new \(pending\)/).join('')).toContain('[·last][·b][rown][·whale]');
      t.write('N');
      await t.waitFor('change 1 of 2');
      t.write('n');
      await t.waitFor('change 2 of 2');
    };
    // The changes come in key order; n goes from the last change of one sample to the next sample.
    if (t.screen.text().includes('change 1 of 1')) {
      await fox();
      t.write('n');
      await t.waitFor('Reviewing 2/2');
      await long();
    } else {
      await long();
      t.write('n');
      await t.waitFor('Reviewing 2/2');
      await fox();
    }
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('in a light theme (COLORFGBG) the split inside the change shows as two shades of the diff colour', async () => {
    const t = start({ COLORFGBG: '0;15' }, 80, 24);
    await t.waitFor('Reviewing 1/2');
    if (!t.screen.text().includes('change 1 of 1')) {
      t.write('s');
      await t.waitFor('Reviewing 2/2');
    }
    const lines = t.screen.lines();
    const newTitle = lines.findIndex((l) => l.startsWith(' new (pending)'));
    const row = lines.findIndex((l, i) => i > newTitle && l.includes('·brown'));
    const cells = t.screen.cells(row);
    // Columns of the string index `at` (a wide character leaves an empty cell behind it).
    const column = (at: number) => {
      let col = 0;
      for (let len = 0; len < at; col++) len += cells[col]!.ch.length;
      return col;
    };
    const b = column(lines[row]!.indexOf('·brown'));
    const col = column(lines[row]!.indexOf('·brown') + 2);
    const bgOf = (c: number) => cells[c]!.style.find((s) => s.startsWith('48;5;'));
    // Both halves of the broken merge: light-theme green shades (194 / 157), different from each other.
    expect([cells[b]!.ch, cells[col]!.ch]).toEqual(['·', 'r']);
    expect([bgOf(b), bgOf(col)].sort()).toEqual(['48;5;157', '48;5;194']);
    // Text is dark on light (232), never the terminal's default on a chosen background.
    expect(cells[col]!.style).toContain('38;5;232');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });
});
