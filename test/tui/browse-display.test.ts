// What the browse screen shows, through the real binary in a pseudo-terminal: every token
// boundary inside a differing span, the themes (mono, light from COLORFGBG or from the
// terminal's answer to OSC 11), and the way out on an 80×24 terminal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFile, KEYS, tuisKilledAfterEach } from '../support/pty.js';
import { runCli } from '../support/run-cli.js';

const start = tuisKilledAfterEach();
const corpus = (lines: string[]): string => corpusFile(lines, 'h.txt');

/** The text rows of pane A and pane B (title rows found by their labels). */
function paneRows(lines: string[]): { a: number; b: number } {
  return {
    a: lines.findIndex((l) => l.startsWith(' A ')) + 1,
    b: lines.findIndex((l) => l.startsWith(' B ')) + 1,
  };
}

const JAMO = 'Hangul jamo tokenization';

describe('browse: boundaries, themes, small terminals', () => {
  it('compare keeps the splits inside a differing span visible: ·jam|o against ·j|amo, in mono and in colour', async () => {
    const file = corpus([JAMO]);
    const mono = start([file, '-t', 'llama3.1', '-t', 'mistral'], { cols: 80, rows: 24, env: { NO_COLOR: '1' } });
    await mono.waitFor(/ B mistral js · \d+ tokens · \d+ spans? differ/);
    const lines = mono.screen.lines();
    const rows = paneRows(lines);
    expect(lines[rows.a]).toContain('[·jam][o]');
    expect(lines[rows.b]).toContain('[·j][amo]');
    // Mono sets no colour at all.
    expect(mono.output()).not.toMatch(/\x1b\[[0-9;]*[34]8;5;/);
    mono.write('q');
    expect((await mono.exited).exitCode).toBe(0);

    const colour = start([file, '-t', 'llama3.1', '-t', 'mistral'], { cols: 80, rows: 24, env: { COLORFGBG: '15;0' } });
    await colour.waitFor(/ B mistral js · \d+ tokens · \d+ spans? differ/);
    const shown = colour.screen.lines();
    const at = paneRows(shown);
    for (const [row, split] of [
      [at.a, '·jam'.length],
      [at.b, '·j'.length],
    ] as const) {
      const col = shown[row]!.indexOf('·jamo');
      expect(col).toBeGreaterThanOrEqual(0);
      const cells = colour.screen.cells(row);
      const bg = (c: number) => cells[c]!.style.find((s) => s.startsWith('48;5;'));
      // Inside the red span, the token after the split has the other shade.
      expect(['48;5;52', '48;5;88']).toContain(bg(col));
      expect(bg(col + split)).not.toBe(bg(col));
      expect(['48;5;52', '48;5;88']).toContain(bg(col + split));
      expect(cells[col]!.style).toContain('4');
    }
    colour.write('q');
    expect((await colour.exited).exitCode).toBe(0);
  });

  it('at 80×24 the hint line keeps ? help and q quit, and the detail line says special before the bytes', async () => {
    const t = start([corpus(['Hello world'])], { cols: 80, rows: 24 });
    await t.waitFor('#1/3');
    const hints = t.screen.lines()[22]!;
    expect(hints).toContain('? help');
    expect(hints).toContain('q quit');
    expect(t.screen.text()).toMatch(/#1\/3 {2}id 128000 {2}"<\|begin_of_text\|>" {2}inserted {2}bytes/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('light theme from the terminal: answers to OSC 11 within the wait are read, and token text gets dark-on-light pairs', async () => {
    const t = start([corpus(['Hello world'])], { cols: 80, rows: 24 });
    // Like a terminal with a white background: answer the background query and the DA1 after it.
    await new Promise<void>((resolve) => {
      const poll = () => {
        if (t.output().includes('\x1b]11;?')) {
          t.write('\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c');
          resolve();
        } else setTimeout(poll, 5);
      };
      poll();
    });
    await t.waitFor('#1/3');
    const row = t.screen.lines().findIndex((l) => l.includes('Hello·world'));
    const cell = t.screen.cells(row)[t.screen.lines()[row]!.indexOf('Hello')]!;
    expect(cell.style).toContain('38;5;232');
    expect(cell.style.some((s) => s === '48;5;254' || s === '48;5;195')).toBe(true);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
    // The answer was consumed, not taken for keys (an Esc in it would have quit at once).
  });

  it('a terminal that answers DA1 but not OSC 11 ends the background wait at once; one that answers nothing costs the bounded wait, then dark', async () => {
    /** Milliseconds from the background query to the screen opening, the terminal answering `answer` (or nothing). */
    const wait = async (answer: string | undefined) => {
      const t = start([corpus(['Hello world'])], { cols: 80, rows: 24, env: { COLORFGBG: undefined } });
      const asked = await new Promise<number>((resolve) => {
        const poll = () => {
          if (!t.output().includes('\x1b]11;?')) return setTimeout(poll, 1);
          // COLORFGBG first: without it the query goes out, DA1 (ESC [ c) right after it.
          expect(t.output()).toContain('\x1b]11;?\x1b\\\x1b[c');
          if (answer) t.write(answer);
          resolve(performance.now());
        };
        poll();
      });
      await t.waitFor(() => t.output().includes('\x1b[?1049h'));
      const ms = performance.now() - asked;
      await t.waitFor('#1/3');
      // Dark: token text light on the dark shades; the answer was not taken for keys.
      const row = t.screen.lines().findIndex((l) => l.includes('Hello·world'));
      expect(t.screen.cells(row)[t.screen.lines()[row]!.indexOf('Hello')]!.style).toContain('38;5;255');
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
      return ms;
    };
    const silent = await wait(undefined);
    const da1 = await wait('\x1b[?62;22c');
    // The silent terminal costs the whole bounded wait (150 ms), not more than a few times it. The
    // wait overlaps Ink's import, which may take longer: that DA1's answer ends it at once is
    // checked in process (test/unit/ui-theme.test.ts). This side sees the query some time after
    // the child's timer started (a 1 ms poll of a pty: 137 ms was measured once, on a loaded
    // machine), so the bound leaves that much.
    expect(silent).toBeGreaterThanOrEqual(110);
    expect(silent).toBeLessThan(1500);
    expect(da1).toBeLessThan(1500);
  });

  it('with COLORFGBG the terminal is not asked at all', async () => {
    const t = start([corpus(['Hello world'])], { cols: 80, rows: 24, env: { COLORFGBG: '0;15' } });
    await t.waitFor('#1/3');
    expect(t.output()).not.toContain('\x1b]11;?');
    const row = t.screen.lines().findIndex((l) => l.includes('Hello·world'));
    expect(t.screen.cells(row)[t.screen.lines()[row]!.indexOf('Hello')]!.style).toContain('38;5;232');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('counts every hazard filter as report does on a corpus that holds each hazard, and n walks across samples', async () => {
    const lines = [
      'plain words only',
      'A literal </s> in the data',
      'Japanese 日本語 text',
      'A parrot 🦜 here',
      'zero\u200bwidth and \u202ebidi',
      'Café déjà vu',
      'one two three four five six seven eight nine ten eleven twelve thirteen',
    ];
    const file = corpus(lines);
    // The oracle: `tokpeek report --format json` per tokenizer; a sample counts when either flags it.
    const expected: Record<string, Set<number>> = {};
    const add = (name: string, examples: Array<{ line: number; detail?: string }>) => {
      expected[name] ??= new Set();
      for (const e of examples) if (e.detail !== '[UNK]') expected[name].add(e.line);
    };
    for (const spec of ['mistral', 'wordpiece-en']) {
      const r = await runCli(['report', file, '-t', spec, '--max-length', '12', '--format', 'json']);
      const j = JSON.parse(r.stdout);
      // report counts [UNK] among literal special tokens; the screen does not (it is not written in the text).
      add('special', j.hazards.specialTokens.examples);
      add('unknown', j.unknown.samples.examples);
      add('byte-fallback', j.unknown.byteFallback.samples.examples);
      // Byte-fallback tokens here spell characters of 2+ bytes one byte each: partial characters.
      add('partial', j.unknown.byteFallback.samples.examples);
      add('invisible', j.hazards.invisibleAny.examples);
      add('round-trip', j.hazards.roundtrip.examples);
      add('truncated', j.truncation.truncated.examples);
      add('drift', []);
    }
    expect(Object.values(expected).every((s, k) => s.size > 0 || k === 7)).toBe(true);

    const t = start([file, '-t', 'mistral', '-t', 'wordpiece-en', '--max-length', '12'], {
      cols: 120,
      rows: 30,
      env: { NO_COLOR: '1' },
    });
    // Both tokenizers have counted all seven samples.
    await t.waitFor((s) => s.lines().filter((l) => /^[▸ ]\s+\d+\s+\d+ /.test(l)).length === 7);
    for (const name of [
      'special',
      'unknown',
      'byte-fallback',
      'partial',
      'invisible',
      'round-trip',
      'truncated',
      'drift',
    ]) {
      t.write('f');
      await t.waitFor((s) => s.lines()[1]!.startsWith(` ${name}: `));
      const want = [...expected[name]!].sort();
      expect(t.screen.lines()[1]).toMatch(new RegExp(`^ ${name}: ${want.length} · `));
      // The rows are those samples, each with its marker.
      const rows = t.screen.lines().filter((l) => /^[▸ ]\s+\d+\s+\d+ /.test(l));
      expect(rows.map((l) => lines.findIndex((text) => l.includes(text.slice(0, 4))) + 1).sort()).toEqual(want);
    }
    // n from the first sample (no hazard): on to the next sample that has one, at its hazard token.
    t.write('f');
    await t.waitFor((s) => s.lines()[1]!.startsWith(' samples 7/7'));
    t.write('g');
    await t.waitFor((s) => s.lines()[1]!.startsWith(' samples 1/7'));
    // (In compare, n first visits the sample's differing spans: BOS <s> against [CLS] … [SEP].)
    for (let k = 0; k < 4 && !/sample 2\/7/.test(t.screen.text()); k++) {
      const before = t.screen.text();
      t.write('n');
      await t.waitFor((s) => s.text() !== before);
    }
    await t.waitFor(/sample 2\/7/);
    await t.waitFor(/│A #\d+\/\d+ {2}id 2 {2}"<\/s>" {2}special/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('shows a chat conversation: the rendered template with one BOS, assistant tokens underlined, roles on the detail line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-chat-'));
    const file = path.join(dir, 'chat.jsonl');
    const messages = [
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: 'Hello! How can I help?' },
    ];
    fs.writeFileSync(file, `${JSON.stringify({ messages })}\n`);
    const t = start([file, '-t', 'llama3.1'], { cols: 160, rows: 40, env: { NO_COLOR: '1' } });
    await t.waitFor(/chat · 2 messages · \d+ of [\d,]+ tokens trained on/);
    const text = t.screen.text();
    // The template writes <|begin_of_text|> itself: the post-processor adds no second one.
    expect(text).not.toContain('⟦+<|begin_of_text|>⟧');
    expect(text.match(/⟦<\|begin_of_text\|>⟧/g)?.length).toBe(1);
    // The template's special tokens are not literal special tokens in the data: no ⟦ marker.
    expect(t.screen.lines()[2]).toMatch(/^▸\s+20 {7}<\|begin_of_text\|>/);
    // The assistant's words are underlined (trained on); the user's are not.
    const row = t.screen.lines().findIndex((l) => l.includes('[·How]'));
    const at = t.screen.lines()[row]!.indexOf('[·How]');
    expect(t.screen.cells(row)[at + 2]!.style).toContain('4');
    const user = t.screen.lines().findIndex((l) => l.includes('[·there]'));
    const userAt = t.screen.lines()[user]!.indexOf('[·there]');
    expect(t.screen.cells(user)[userAt + 2]!.style).not.toContain('4');
    // The token under the cursor says whose it is.
    expect(text).toMatch(/template {2}chat\.jsonl:1/);
    t.write('\t');
    for (let k = 0; k < 40 && !/assistant · trained on {2}chat\.jsonl:1/.test(t.screen.text()); k++) {
      const before = t.screen.text();
      t.write(KEYS.right);
      await t.waitFor((s) => s.text() !== before);
    }
    expect(t.screen.text()).toMatch(/assistant · trained on {2}chat\.jsonl:1/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('--theme mono through the real binary: no colour at all, a chat shows each role before its message and the cut marker where max_length cuts', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-chat-'));
    const file = path.join(dir, 'chat.jsonl');
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi there' },
      { role: 'assistant', content: 'Hello! How can I help you today?' },
    ];
    fs.writeFileSync(file, `${JSON.stringify({ messages })}\n`);
    // A colour terminal (COLORFGBG says dark): --theme mono still wins.
    const t = start([file, '-t', 'llama3.1', '--theme', 'mono', '--max-length', '25'], {
      cols: 160,
      rows: 40,
      env: { COLORFGBG: '15;0' },
    });
    await t.waitFor(/chat · 3 messages/);
    await t.waitFor('|✂ max_length=25|');
    const text = t.screen.text().replace(/\n/g, '');
    const at = (s: string) => text.indexOf(s);
    for (const role of ['‹system›', '‹user›', '‹assistant›']) expect(at(role)).toBeGreaterThan(0);
    expect(at('‹system›')).toBeLessThan(at('‹user›'));
    expect(at('‹user›')).toBeLessThan(at('‹assistant›'));
    // Each label sits right before its message's first token.
    expect(text).toMatch(/‹user›\[Hi\]/);
    expect(text).toMatch(/‹assistant›\[Hello\]/);
    // 25 tokens end inside the assistant's answer: the marker comes after its label.
    expect(at('|✂ max_length=25|')).toBeGreaterThan(at('‹assistant›'));
    expect(t.output()).not.toMatch(/\x1b\[[0-9;]*[34]8;5;/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('--theme light is taken over detection; an unknown theme is a usage error (exit 2)', async () => {
    const t = start([corpus(['Hello world']), '--theme', 'light'], { cols: 80, rows: 24, env: { COLORFGBG: '15;0' } });
    await t.waitFor('#1/3');
    const row = t.screen.lines().findIndex((l) => l.includes('Hello·world'));
    expect(t.screen.cells(row)[t.screen.lines()[row]!.indexOf('Hello')]!.style).toContain('38;5;232');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
    const bad = await runCli(['browse', '--theme', 'solarized']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--theme must be one of dark, light, mono, not "solarized"');
  });
});
