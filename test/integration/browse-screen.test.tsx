// The browse screen rendered with ink-testing-library (100 columns) on real tokenizers and real
// text: what a person sees after each key.
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineName } from '../../src/core/token-model.js';
import { type LoadedTokenizer, loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { BrowseApp } from '../../src/ui/browse/browse-app.js';
import { SESSION_TOKENIZING } from '../../src/commands/browse-session.js';
import { CorpusSession } from '../../src/ui/browse/corpus-session.js';
import { BROWSE_KEYS } from '../../src/ui/key-map.js';
import { THEMES, ThemeContext } from '../../src/ui/theme.js';
import { inkFrames, stripSgr as strip } from '../support/ink-frames.js';
import { realLines } from '../support/multilingual-corpus.js';

const KEY = { right: '\x1b[C', left: '\x1b[D', down: '\x1b[B', up: '\x1b[A', enter: '\r', escape: '\x1b', tab: '\t' };

const tokenizers = new Map<string, LoadedTokenizer>();
beforeAll(async () => {
  for (const [spec, engine] of [
    ['llama3.1', 'js'],
    ['wordpiece-en', 'js'],
    ['mistral', 'js'],
  ] as const)
    tokenizers.set(`${spec}/${engine}`, await loadTokenizer(spec, engine));
});

let app: ReturnType<typeof render> | undefined;
let sessions: CorpusSession[] = [];
afterEach(async () => {
  app?.unmount();
  app = undefined;
  await Promise.all(sessions.map((s) => s.close()));
  sessions = [];
});

function open(
  texts: string[],
  specs: Array<[string, EngineName]> = [['llama3.1', 'js']],
  opts: { color?: boolean; maxLength?: number } = {},
) {
  const session = new CorpusSession({
    samples: texts.map((text, i) => ({ text, file: 'corpus.txt', line: i + 1 })),
    loadTokenizers: async () => specs.map(([s, e]) => tokenizers.get(`${s}/${e}`)!),
    workers: 0,
    tokenizing: SESSION_TOKENIZING,
  });
  sessions.push(session);
  app = render(
    <ThemeContext.Provider value={THEMES[opts.color ? 'dark' : 'mono']}>
      <BrowseApp session={session} labels={specs.map(([s]) => s)} maxLength={opts.maxLength} truncationSide="right" />
    </ThemeContext.Provider>,
  );
  const { raw, frame, waitFor, press } = inkFrames(app);
  return { session, frame, raw, waitFor, press };
}

const TEXTS = ['The quick brown fox jumps over the lazy dog.', ...realLines(30)];

describe('browse screen', () => {
  it('shows the sample list with counts, the first sample token by token, the detail line and the status bar', async () => {
    const s = open(TEXTS);
    await s.waitFor('#1/11');
    const f = s.frame();
    const fingerprint = tokenizers.get('llama3.1/js')!.fingerprint.replace('sha256:', '').slice(0, 8);
    expect(f).toContain(`llama3.1 js ${fingerprint} │ sample 1/31 │ 11 tokens │ 4.00 chars/token`);
    expect(f).toMatch(/▸\s+11\s+The quick brown fox jumps over the lazy dog\./);
    expect(f).toContain('⟦+<|begin_of_text|>⟧[The][·quick][·brown][·fox][·jumps][·over][·the][·lazy][·dog][.]');
    expect(f).toContain('#1/11  id 128000  "<|begin_of_text|>"');
    expect(f).toContain('corpus.txt:1  44 chars  max_length off');
    // Every line fits the 100 columns of the test terminal, and the frame is 23 rows (24 − 1).
    expect(f.split('\n').every((l) => l.length <= 100)).toBe(true);
    expect(f.split('\n')).toHaveLength(23);
  });

  it('moves the token cursor with ← → h l and describes the token: id, piece, bytes, offsets, flags', async () => {
    const s = open(TEXTS);
    await s.waitFor('#1/11');
    await s.press(KEY.right, KEY.right, 'l');
    await s.waitFor('#4/11');
    const [sample] = await tokenizeTexts(tokenizers.get('llama3.1/js')!, [TEXTS[0]!]);
    const t = sample!.tokens[3]!;
    expect(t.piece).toBe('Ġbrown');
    expect(s.frame()).toContain(`#4/11  id ${t.id}  "Ġbrown"  normal  bytes 20 62 72 6F 77 6E  at 9–15`);
    await s.press('h');
    await s.waitFor('#3/11');
  });

  it('selects the next sample with ↓ (its tokens and status follow) and keeps keys typed while it is tokenized', async () => {
    const s = open(TEXTS);
    await s.waitFor('#1/11');
    app!.stdin.write(KEY.down + KEY.right + KEY.right);
    await s.waitFor('sample 2/31');
    await s.waitFor(/#3\/\d+/);
    expect(s.frame()).toContain('corpus.txt:2');
  });

  it('draws the max_length cut in the text, dims what is lost, and moves it from the keyboard', async () => {
    const s = open(TEXTS, [['llama3.1', 'js']], { maxLength: 8 });
    await s.waitFor('#1/11');
    expect(s.frame()).toContain('[·the]|✂ max_length=8|[·lazy][·dog][.]');
    expect(s.frame()).toContain('✂ max_length 8 (right): 3 tokens lost of 11');
    // The list marks the truncated samples.
    expect(s.frame()).toMatch(/▸\s+11\s+✂\s+The quick/);
    await s.press('-');
    await s.waitFor('max_length 7 (right)');
    expect(s.frame()).toContain('[·over]|✂ max_length=7|[·the]');
    await s.press('s');
    await s.waitFor('max_length 7 (left)');
    expect(s.frame()).toContain('[·fox]|✂ max_length=7|[·jumps]');
    await s.press('m', '2', '0', KEY.enter);
    await s.waitFor('max_length 20 (left): fits');
    expect(s.frame()).not.toContain('|✂');
    await s.press('m', KEY.enter);
    await s.waitFor('max_length off');
  });

  it('starts max_length from the sample length on the first - press', async () => {
    const s = open(TEXTS);
    await s.waitFor('#1/11');
    await s.press('-');
    await s.waitFor('✂ max_length 10 (right): 1 token lost of 11');
  });

  it('shows ids under the tokens on i', async () => {
    const s = open(TEXTS);
    await s.waitFor('#1/11');
    await s.press('i');
    await s.waitFor('128000');
    const lines = s.frame().split('\n');
    const text = lines.findIndex((l) => l.startsWith('⟦+<|begin_of_text|>⟧[The]'));
    expect(lines[text + 1]).toMatch(/^128000\s+791\s+4062\s+14198/);
  });

  it('searches sample text with / (the list narrows as you type) and filters by marker with f', async () => {
    const s = open([...TEXTS, '日本語のテキスト', 'plain ascii'], [['wordpiece-en', 'js']]);
    await s.waitFor('#1/');
    await s.press('/', 'l', 'a', 'z', 'y');
    await s.waitFor('/lazy · 1/1 of 33 samples');
    await s.press(KEY.enter);
    await s.waitFor('/lazy · 1/1 of 33 samples');
    await s.press('c');
    await s.waitFor(/samples 1\/33(?! of)/);
    await s.press('f', 'f');
    // wordpiece-en has no Japanese: that sample, and only samples with [UNK], remain.
    await s.waitFor(/unknown: \d+ · /);
    await s.waitFor(/日本語のテキスト/);
    expect(s.frame()).not.toContain('plain ascii');
    expect(s.frame()).toMatch(/\? .*日本語のテキスト/);
    await s.press('/', 'z', 'z', 'z', 'q', KEY.enter);
    await s.waitFor('no sample matches');
  });

  it('shows text from the corpus as data: escapes and controls are visible, never sent to the terminal', async () => {
    const evil = 'before \x1b[2J\x1b[31mred\x1b]0;title\x07 \x9b31m after\r\x08';
    const s = open([evil, 'second']);
    await s.waitFor('#1/');
    const raw = s.raw();
    expect(strip(raw)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(s.frame()).toContain('␛[2J␛[31mred␛]0;title␇');
    expect(s.frame()).toContain('⟨U+009B⟩31m');
  });

  it('lists every key in the ? overlay, and any key closes it', async () => {
    const s = open(TEXTS);
    await s.waitFor('#1/');
    await s.press('?');
    await s.waitFor('keys — ');
    const shown = s.frame();
    const rows = shown.split('\n').length;
    // At 24 rows the overlay scrolls: collect what it shows while scrolling down.
    const helps = BROWSE_KEYS.flatMap((section) => section.keys.map((k) => k.help));
    let seen = shown;
    // Each j scrolls one line (press fails if the frame stops changing before all were seen).
    while (!helps.every((h) => seen.includes(h))) {
      await s.press('j');
      seen += s.frame();
    }
    expect(rows).toBe(23);
    await s.press('x');
    await s.waitFor('#1/');
  });

  it('compares two tokenizers: both segmentations, their counts, and the differing spans highlighted', async () => {
    const text = 'Tokenization of unbelievably long words';
    const s = open(
      [text],
      [
        ['llama3.1', 'js'],
        ['mistral', 'js'],
      ],
      { color: true },
    );
    await s.waitFor(/B mistral js · \d+ tokens · \d+ spans? differ/);
    const [a] = await tokenizeTexts(tokenizers.get('llama3.1/js')!, [text]);
    const [b] = await tokenizeTexts(tokenizers.get('mistral/js')!, [text]);
    const f = s.frame();
    expect(f).toContain(`A llama3.1 js · ${a!.tokens.length} tokens`);
    expect(f).toContain(`${a!.tokens.length} ↔ ${b!.tokens.length} tokens`);
    // Differing spans carry the highlight (dark red background, underline) in both panes.
    expect(s.raw()).toMatch(/\x1b\[[0-9;]*48;5;88[0-9;]*m/);
    // n jumps the cursor to the next differing span; the B line describes the tokens under it.
    await s.press('n');
    await s.waitFor(/^A #[2-9]/m);
    expect(s.frame()).toMatch(/^B (#\d+\/\d+ {2}id|#\d+–#\d+ {2}ids)/m);
  });

  it('compares two engines of one tokenizer (same vocabulary: ids are compared too)', async () => {
    tokenizers.set('llama3.1/rust', await loadTokenizer('llama3.1', 'rust'));
    const s = open(TEXTS.slice(0, 3), [
      ['llama3.1', 'js'],
      ['llama3.1', 'rust'],
    ]);
    await s.waitFor('same segmentation');
    expect(s.frame()).toContain('A llama3.1 js · 11 tokens · same segmentation');
    expect(s.frame()).toContain('B llama3.1 rust · 11 tokens · same segmentation');
  });
});
