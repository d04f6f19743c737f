// The real bin/tokpeek.js in a pseudo-terminal: keys in, screen out (through a headless
// terminal that interprets what tokpeek writes). Waits poll the screen; nothing sleeps a fixed time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { corpusFile, KEYS, tuisKilledAfterEach } from '../support/pty.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { realLines } from '../support/multilingual-corpus.js';
import { loseBrown } from '../support/lost-merge-suite.js';
import type { TerminalScreen } from '../support/terminal-screen.js';

const start = tuisKilledAfterEach();
const corpus = (lines: string[]): string => corpusFile(lines);

/** Row of the token pane's title, and the first row below it where `needle` shows. */
function inTokenPane(screen: TerminalScreen, needle: string): { row: number; col: number } | undefined {
  const lines = screen.lines();
  const title = lines.findIndex((l) => /^ (tokens · |A )/.test(l));
  for (let row = title + 1; row < lines.length; row++) {
    const col = lines[row]!.indexOf(needle);
    if (col !== -1) return { row, col };
  }
  return undefined;
}

const FOX = 'The quick brown fox jumps over the lazy dog.';

describe('tokpeek browse in a terminal', () => {
  it('opens on the bundled corpora at 80×24, moves through samples and tokens, and leaves the terminal as it was on q', async () => {
    const t = start([], { cols: 80, rows: 24 });
    await t.waitFor('#1/11');
    expect(t.screen.altScreen).toBe(true);
    expect(t.screen.cursorVisible).toBe(false);
    // The fingerprint follows the first tokens: the worker hashes the files after encoding them.
    await t.waitFor(/^ llama3\.1 js [0-9a-f]{8} │ sample 1\/\d+/m);
    const lines = t.screen.lines();
    expect(lines.some((l) => /^▸\s+11\s+The quick brown fox/.test(l))).toBe(true);
    // A 23-row frame: one row short of the terminal (see layout.ts), the hint bar last.
    expect(lines[22]).toMatch(/^↑ ↓ sample {2}← → token/);
    expect(lines[23]).toBe('');

    t.write(KEYS.right);
    await t.waitFor('#2/11  id 791  "The"  normal  bytes 54 68 65  at 0–3');
    t.write(KEYS.down);
    await t.waitFor(/sample 2\/\d+/);
    await t.waitFor('hard-cases.txt:2');
    t.write(KEYS.up);
    await t.waitFor('hard-cases.txt:1');

    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
    expect(t.screen.altScreen).toBe(false);
    expect(t.screen.cursorVisible).toBe(true);
    // The shell's screen is untouched: nothing of tokpeek's frame is on it.
    expect(t.screen.text()).not.toContain('hard-cases');
  });

  it('opens on the sample a report finding names with --line', async () => {
    const t = start([path.resolve('corpora/hard-cases.txt'), '--line', '50', '-t', 'gpt4o'], { cols: 100, rows: 30 });
    await t.waitFor('hard-cases.txt:50');
    expect(t.screen.lines()[0]).toMatch(/sample 50\/\d+/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('moves the truncation marker when max_length changes', async () => {
    const t = start([corpus([FOX, 'second sample'])], { cols: 80, rows: 24 });
    await t.waitFor('#1/11');
    expect(inTokenPane(t.screen, '✂')).toBeUndefined();
    t.write('-');
    await t.waitFor('max_length 10 (right): 1 token lost of 11');
    const first = inTokenPane(t.screen, '✂')!;
    // Colour terminal: the marker sits right before the last token, `.`.
    expect(t.screen.lines()[first.row]!.slice(first.col)).toBe('✂.');
    t.write('-');
    await t.waitFor('max_length 9 (right): 2 tokens lost of 11');
    const second = inTokenPane(t.screen, '✂')!;
    expect(second.row).toBe(first.row);
    expect(t.screen.lines()[second.row]!.slice(second.col)).toBe('✂·dog.');
    // Dropped tokens are dim.
    expect(t.screen.cells(second.row)[second.col + 2]!.style).toContain('2');
    t.write('s');
    await t.waitFor('max_length 9 (left)');
    const left = inTokenPane(t.screen, '✂')!;
    expect(t.screen.lines()[left.row]!.slice(0, left.col + 1)).toBe('<|begin_of_text|>The·quick✂');
    t.write(KEYS.escape);
    expect((await t.exited).exitCode).toBe(0);
    expect(t.screen.altScreen).toBe(false);
  });

  it('re-lays out on resize: side by side in a large terminal, stacked again in a small one', async () => {
    const t = start([corpus(realLines(200))], { cols: 80, rows: 24 });
    await t.waitFor('#1/');
    expect(t.screen.lines()[1]).toMatch(/^ samples 1\/200/);
    t.resize(160, 48);
    await t.waitFor((s) => / samples 1\/200.*│ tokens · llama3\.1/.test(s.lines()[1]!));
    expect(t.screen.lines()).toHaveLength(48);
    // The list shows more samples beside the tokens.
    await t.waitFor((s) => s.lines().filter((l) => /^[▸ ]\s+(\d+|·)\s/.test(l)).length > 30);
    t.resize(30, 10);
    await t.waitFor('tokpeek needs at least 40×12');
    t.resize(80, 24);
    await t.waitFor((s) => /^ samples 1\/200/.test(s.lines()[1]!));
    t.write(KEYS.ctrlC);
    expect((await t.exited).exitCode).toBe(0);
    expect(t.screen.altScreen).toBe(false);
    expect(t.screen.cursorVisible).toBe(true);
  });

  it('compares two tokenizers one above the other and highlights where they differ', async () => {
    const text = 'Tokenization of unbelievably long words';
    const t = start([corpus([text]), '-t', 'llama3.1', '-t', 'mistral'], { cols: 160, rows: 48 });
    await t.waitFor(/ B mistral js · \d+ tokens · \d+ spans? differ/);
    const [a] = await tokenizeTexts(await loadTokenizer('llama3.1'), [text]);
    const [b] = await tokenizeTexts(await loadTokenizer('mistral'), [text]);
    expect(t.screen.text()).toContain(`${a!.tokens.length} ↔ ${b!.tokens.length} tokens`);
    // Some cells of the A pane's first text row carry the highlight: dark red background and underline.
    const aTitle = t.screen.lines().findIndex((l) => l.includes(' A llama3.1 js'));
    const highlighted = t.screen.cells(aTitle + 1).filter((c) => c.style.includes('48;5;88') && c.style.includes('4'));
    expect(highlighted.length).toBeGreaterThan(0);
    t.write('n');
    await t.waitFor(/A #[2-9]\d*\/\d+/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('leaves the terminal in cooked mode with echo, whichever key quits', async () => {
    for (const key of ['q', KEYS.escape, KEYS.ctrlC]) {
      const file = corpus([FOX]);
      const t = start([], {
        cols: 80,
        rows: 24,
        shell: `node "$TOKPEEK" "${file}"; echo "exit=$?"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 5`,
      });
      await t.waitFor('#1/11');
      t.write(key);
      await t.waitFor(/exit=0\s*\n.*icanon/);
      const text = t.screen.text();
      expect(text).toMatch(/(^| )icanon( |$)/m);
      expect(text).toMatch(/(^| )echo( |$)/m);
      expect(text).not.toMatch(/-icanon|-echo( |$)/m);
      expect(t.screen.altScreen).toBe(false);
      expect(t.screen.cursorVisible).toBe(true);
      t.kill();
    }
  });

  it('restores the terminal when killed with SIGTERM or SIGHUP (exit 128 + signal)', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const t = start([corpus([FOX])], { cols: 80, rows: 24 });
      await t.waitFor('#1/11');
      t.signal(signal);
      expect((await t.exited).exitCode).toBe(code);
      expect(t.screen.altScreen).toBe(false);
      expect(t.screen.cursorVisible).toBe(true);
    }
  });

  it('does not wait for keys without a terminal: prints the non-interactive rendering', async () => {
    const r = await runCli(['browse', corpus([FOX]), '-t', 'llama3.1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[The][·quick][·brown]');
    expect(r.stdout).not.toContain('\x1b[?1049h');
  });
});

describe('drift markers from a snapshot suite', () => {
  it('marks samples whose ids differ from their snapshot (Δ), filters them with f, and says so in the detail line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-drift-'));
    fs.writeFileSync(path.join(dir, 'corpus.txt'), `${FOX}\nHello world\nsomething else\n`);
    fs.writeFileSync(
      path.join(dir, 'tokpeek.config.json'),
      JSON.stringify({ snapshots: 'snapshots', tokenizers: { t: { spec: 'llama3.1' } }, corpora: { c: 'corpus.txt' } }),
    );
    expect((await runCli(['snapshot'], { cwd: dir })).code).toBe(0);
    // As if the tokenizer had changed since: one sample's ids in the snapshot are not what it gives now.
    const snap = path.join(dir, 'snapshots', 't', 'c.snap');
    fs.writeFileSync(snap, fs.readFileSync(snap, 'utf8').replace('ids: 128000 9906 1917', 'ids: 128000 9906 1918'));
    const t = start(['corpus.txt', '-t', 'llama3.1'], { cols: 80, rows: 24, cwd: dir });
    await t.waitFor('#1/11');
    await t.waitFor(/Δ Hello world/);
    expect(t.screen.text()).toMatch(/same as its snapshot/);
    // F cycles the filters backwards: drift is the last one.
    t.write('F');
    await t.waitFor('drift: 1 · 1/1 of 3 samples');
    await t.waitFor((s) => s.lines().some((l) => /^▸\s+3\s+Δ Hello world/.test(l)) && !s.text().includes('The quick'));
    await t.waitFor('Δ differs from its snapshot');
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** A suite whose tokenizer `t` was snapshotted as ./tok, then its spec edited to ./tok2: the same files less the Ġbrown merge. */
async function upgradedSuite(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-drift-spec-'));
  const source = path.join(ROOT, 'src', 'bundled', 'llama3.1');
  for (const tok of ['tok', 'tok2']) {
    fs.mkdirSync(path.join(dir, tok));
    for (const f of ['tokenizer.json', 'tokenizer_config.json'])
      fs.copyFileSync(path.join(source, f), path.join(dir, tok, f));
  }
  fs.writeFileSync(path.join(dir, 'corpus.txt'), `${FOX}\nHello world\nsomething else\n`);
  const config = (spec: string) =>
    fs.writeFileSync(
      path.join(dir, 'tokpeek.config.json'),
      JSON.stringify({ snapshots: 'snapshots', tokenizers: { t: { spec } }, corpora: { c: 'corpus.txt' } }),
    );
  config('./tok');
  expect((await runCli(['snapshot'], { cwd: dir })).code).toBe(0);
  loseBrown(path.join(dir, 'tok2', 'tokenizer.json'));
  config('./tok2');
  return dir;
}

describe('drift against the snapshot after the suite changed its spec', () => {
  it('compares with the snapshots of the suite name, by that name (as diff takes it) or by the new spec', async () => {
    const dir = await upgradedSuite();
    for (const spec of ['t', './tok2']) {
      const t = start(['corpus.txt', '-t', spec], { cols: 100, rows: 24, cwd: dir });
      await t.waitFor(/Δ The quick brown/);
      t.write('F');
      await t.waitFor('drift: 1 · 1/1 of 3 samples');
      await t.waitFor('Δ differs from its snapshot');
      t.write('q');
      expect((await t.exited).exitCode).toBe(0);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says why the drift filter is empty: no snapshot of this tokenizer, or no suite', async () => {
    const dir = await upgradedSuite();
    const other = start(['corpus.txt', '-t', 'gpt4o'], { cols: 100, rows: 24, cwd: dir });
    await other.waitFor('#1/10');
    other.write('F');
    await other.waitFor('drift: 0');
    await other.waitFor(/no drift markers · gpt4o js: no snapshot in snapshots\/ was taken with gpt4o \(it has: t\)/);
    other.write('q');
    expect((await other.exited).exitCode).toBe(0);

    fs.rmSync(path.join(dir, 'tokpeek.config.json'));
    const none = start(['corpus.txt', '-t', 'gpt4o'], { cols: 100, rows: 24, cwd: dir });
    await none.waitFor('#1/10');
    none.write('F');
    await none.waitFor(
      /no drift markers · gpt4o js: no snapshot suite here \(tokpeek\.config\.json\); -c FILE names one/,
    );
    none.write('q');
    expect((await none.exited).exitCode).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('errors end the screen and are reported like everywhere else', () => {
  it('an empty corpus: exit 2 with the file named, terminal restored', async () => {
    const empty = corpus([]);
    fs.writeFileSync(empty, '');
    const t = start([empty], { cols: 80, rows: 24 });
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(2);
    expect(t.screen.altScreen).toBe(false);
    expect(t.screen.cursorVisible).toBe(true);
    expect(t.screen.text()).toContain(`tokpeek: ${empty}: no samples: the corpus is empty`);
  });

  it('invalid UTF-8 after the first samples: they stay on screen with a warning', async () => {
    const file = corpus([FOX, 'second']);
    fs.appendFileSync(file, Buffer.from([0x66, 0xff, 0x0a]));
    const t = start([file], { cols: 160, rows: 24 });
    await t.waitFor('#1/11');
    await t.waitFor(/⚠ reading stopped after 2 samples: .*corpus\.txt:3: invalid UTF-8/);
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('a missing corpus file or an unknown tokenizer fails before the screen opens', async () => {
    const missing = await runCli(['browse', '/nonexistent/corpus.txt'], { env: {} });
    expect(missing.code).toBe(2);
    const t = start(['browse', '/nonexistent/corpus.txt'], { cols: 80, rows: 24 });
    expect((await t.exited).exitCode).toBe(2);
    expect(t.output()).not.toContain('\x1b[?1049h');
    expect(t.screen.text()).toContain('tokpeek: /nonexistent/corpus.txt: no such file');
    const u = start([corpus([FOX]), '-t', 'nosuchtokenizer'], { cols: 80, rows: 24 });
    expect((await u.exited).exitCode).toBe(2);
    expect(u.screen.text()).toContain('nosuchtokenizer: no such file, folder or bundled tokenizer');
  });
});
