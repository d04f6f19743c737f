// Layout that never moves: the bundled hard-cases corpus (CJK, Devanagari, Tamil, Thai, emoji with
// skin tones and ZWJ, flags, Zalgo, bidi…) through the real binary in a pty, its output replayed
// by xterm.js under both width models terminals use (per code point, per grapheme cluster).
// Side by side, the divider between the sample list and the tokens stays in its column on every
// row of every page; stacked at 80×24, every cut row keeps its `…` on the screen.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { calculateLayout } from '../../src/ui/layout.js';
import { KEYS, type Tui, tuisKilledAfterEach } from '../support/pty.js';
import { ROOT } from '../support/run-cli.js';
import { replay, WIDTH_MODELS } from '../support/xterm-model.js';

const start = tuisKilledAfterEach();
const HARD_CASES = path.join(ROOT, 'corpora/hard-cases.txt');
const SAMPLES = 102;

/** Waits until the screen shows `test` and the last frame written is whole (Ink's synchronized-output end). */
async function frame(t: Tui, test: RegExp): Promise<void> {
  await t.waitFor((s) => test.test(s.text()) && t.output().endsWith('\x1b[?2026l'));
}

const position = (t: Tui) => Number(new RegExp(`sample (\\d+)/${SAMPLES}\\b`).exec(t.screen.text())?.[1] ?? 0);

/** Every page of the list, the selection moved a page at a time (PgDn) to the last sample; calls `check` on each. */
async function eachPage(t: Tui, check: () => Promise<void>): Promise<void> {
  for (;;) {
    await check();
    const at = position(t);
    if (at === SAMPLES) return;
    t.write(KEYS.pageDown);
    await t.waitFor(() => position(t) > at && t.output().endsWith('\x1b[?2026l'));
  }
}

describe('layout with complex scripts, as real terminals draw it', () => {
  for (const { cols, rows, tokenizers } of [
    { cols: 120, rows: 30, tokenizers: ['gpt4o'] },
    { cols: 160, rows: 40, tokenizers: ['llama3.1', 'mistral'] },
  ]) {
    it(`side by side at ${cols}×${rows} (${tokenizers.join(' vs ')}): the divider never moves`, async () => {
      const layout = calculateLayout({ columns: cols, rows, panes: tokenizers.length as 1 | 2 });
      expect(layout.arrangement).toBe('side');
      const divider = layout.list.width;
      const t = start([HARD_CASES, ...tokenizers.flatMap((s) => ['-t', s])], {
        cols,
        rows,
        env: { COLORFGBG: '15;0' },
      });
      await frame(t, new RegExp(`sample 1/${SAMPLES}\\b`));
      let checkedRows = 0;
      await eachPage(t, async () => {
        for (const model of WIDTH_MODELS) {
          const screen = await replay(t.output(), cols, rows, model);
          // Body rows: below the status bar, above the hint bar (the frame is rows - 1 high).
          for (let y = 1; y < layout.height - 1; y++) {
            const row = screen[y]!;
            if (row[divider] !== '│')
              throw new Error(
                `${model}: row ${y} has no divider at column ${divider}: ${JSON.stringify(row.join(''))}`,
              );
            checkedRows++;
          }
        }
      });
      expect(checkedRows).toBeGreaterThanOrEqual(3 * WIDTH_MODELS.length * (layout.height - 2));
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
    });
  }

  it('stacked at 80×24: a row cut to the width keeps its … on the screen in both width models', async () => {
    const cols = 80;
    const rows = 24;
    const layout = calculateLayout({ columns: cols, rows, panes: 1 });
    expect(layout.arrangement).toBe('stacked');
    const t = start([HARD_CASES, '-t', 'gpt4o'], { cols, rows, env: { COLORFGBG: '15;0' } });
    await frame(t, new RegExp(`sample 1/${SAMPLES}\\b`));
    let cut = 0;
    await eachPage(t, async () => {
      const expected = t.screen.lines().slice(2, 2 + layout.list.rows);
      for (const model of WIDTH_MODELS) {
        const screen = await replay(t.output(), cols, rows, model);
        expected.forEach((line, r) => {
          if (!line.trimEnd().endsWith('…')) return;
          const drawn = screen[2 + r]!.join('').trimEnd();
          if (!drawn.endsWith('…')) throw new Error(`${model}: list row ${r} lost its end: ${JSON.stringify(drawn)}`);
          cut++;
        });
      }
    });
    expect(cut).toBeGreaterThan(50);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });
});
