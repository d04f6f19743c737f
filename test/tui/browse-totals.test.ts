// Compare's corpus totals (t) and copying a sample's ids (y / Y, OSC 52), through the real
// bin/tokpeek in a pseudo-terminal; the expected numbers come from tokenizing the same lines here.

import { describe, expect, it } from 'vitest';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { corpusFile, tuisKilledAfterEach } from '../support/pty.js';

const start = tuisKilledAfterEach();
const LINES = ['The quick brown fox jumps over the lazy dog.', 'Hello 😀 world', 'Hangul jamo tokenization'];

async function expected(spec: string) {
  const samples = await tokenizeTexts(await loadTokenizer(spec), LINES);
  const tokens = samples.reduce((n, s) => n + s.tokens.length, 0);
  const chars = LINES.reduce((n, l) => n + [...l].length, 0);
  return {
    tokens,
    charsPerToken: (chars / tokens).toFixed(2),
    unknown: samples.filter((s) => s.tokens.some((t) => t.unknown)).length,
    over8: samples.filter((s) => s.tokens.length > 8).length,
    firstIds: samples[0]!.tokens.map((t) => t.id).join(' '),
  };
}

describe('compare: corpus totals and copying ids', () => {
  it('t shows tokens, chars/token, unknown and truncated per tokenizer side by side; y and Y copy ids through OSC 52', async () => {
    const [a, b] = await Promise.all([expected('llama3.1'), expected('wordpiece-en')]);
    const t = start([corpusFile(LINES), '-t', 'llama3.1', '-t', 'wordpiece-en', '--max-length', '8'], {
      cols: 100,
      rows: 30,
    });
    await t.waitFor(/ B wordpiece-en js · \d+ tokens/);
    t.write('t');
    await t.waitFor('corpus totals');
    await t.waitFor((s) => s.lines().some((l) => /samples counted\s+3 of 3\s+3 of 3/.test(l)));
    const row = (name: string) => t.screen.lines().find((l) => l.trimStart().startsWith(name)) ?? '';
    expect(t.screen.lines().some((l) => /^\s+llama3\.1 js\s{3,}wordpiece-en js\s*$/.test(l))).toBe(true);
    expect(
      row('tokens ')
        .split(/\s{2,}/)
        .slice(1),
    ).toEqual([String(a.tokens), String(b.tokens)]);
    expect(
      row('chars/token')
        .split(/\s{2,}/)
        .slice(1),
    ).toEqual([a.charsPerToken, b.charsPerToken]);
    expect(row('with unknown tokens')).toContain(`${a.unknown} (`);
    expect(row('with unknown tokens')).toMatch(new RegExp(`\\s${b.unknown} \\(`));
    expect(b.unknown).toBeGreaterThan(0); // WordPiece has no 😀
    expect(row('truncated at 8')).toMatch(new RegExp(`^\\s*truncated at 8\\s+${a.over8} \\(.*\\)\\s+${b.over8} \\(`));
    // Any key closes the pane; the screen is as before.
    t.write('x');
    await t.waitFor((s) => !s.text().includes('corpus totals') && s.text().includes(' B wordpiece-en js'));

    t.write('y');
    await t.waitFor(/copied \d+ ids of llama3\.1 js to the clipboard \(OSC 52\)/);
    expect(t.output()).toContain(`\x1b]52;c;${Buffer.from(a.firstIds).toString('base64')}\x07`);
    t.write('Y');
    await t.waitFor(/copied \d+ ids of wordpiece-en js/);
    expect(t.output()).toContain(`\x1b]52;c;${Buffer.from(b.firstIds).toString('base64')}\x07`);
    // The notice goes with the next key, and the hints (? help, q quit) come back.
    t.write('i');
    await t.waitFor((s) => !s.text().includes('copied') && s.text().includes('q quit'));
    t.write('q');
    expect((await t.exited).exitCode).toBe(0);
  });
});
