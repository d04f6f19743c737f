// Chat samples in the token view: each message's role is drawn before the first token of its
// content, outside any token, in both notations; the cut marker still falls where max_length cuts.
import { describe, expect, it } from 'vitest';
import type { Token, TokenizedSample } from '../../src/core/token-model.js';
import { roleLabels } from '../../src/ui/browse/browse-text.js';
import { paragraphItems } from '../../src/ui/token-view/wrap.js';

function sample(words: string[]): TokenizedSample {
  let at = 0;
  const tokens = words.map((w, i): Token => {
    const t = { id: i, piece: w, text: w, start: at, end: at + w.length };
    at += w.length;
    return { ...t, special: false, inserted: false, unknown: false, byteFallback: false, partial: false };
  });
  return { text: words.join(''), tokens };
}

// <s>[INST] Hi there [/INST] Hello!</s>: user content "Hi there" at 9–17, assistant "Hello!" at 26–32.
const words = ['<s>', '[INST]', ' Hi', ' there', ' [/INST]', ' Hello', '!', '</s>'];
const chat = {
  text: words.join(''),
  spans: [
    { role: 'user', start: 9, end: 17 },
    null, // a message the template dropped: no label
    { role: 'assistant', start: 26, end: 32 },
  ],
  addSpecialTokens: false,
};

const shown = (items: ReturnType<typeof paragraphItems>) => items.map((i) => i.parts.map((p) => p.text).join(''));

describe('chat role labels', () => {
  it('labels the first token of each message content, skipping dropped messages', () => {
    const s = sample(words);
    expect([...roleLabels(chat, s)!]).toEqual([
      [2, 'user'],
      [5, 'assistant'],
    ]);
    expect(roleLabels(undefined, s)).toBeUndefined();
  });

  it('draws ‹role› before that token in the bracket notation, inverse in colour, and keeps the cut marker', () => {
    const s = sample(words);
    const labels = roleLabels(chat, s);
    const plain = shown(paragraphItems(s, 0, s.tokens.length, { plain: true, labels }));
    expect(plain.indexOf('‹user›')).toBe(plain.indexOf('[·Hi]') - 1);
    expect(plain.indexOf('‹assistant›')).toBe(plain.indexOf('[·Hello]') - 1);
    const colour = paragraphItems(s, 0, s.tokens.length, { plain: false, labels });
    const label = colour.find((i) => i.parts[0]!.text === ' assistant ')!;
    expect(label.parts[0]!.sgr).toBe('1;7');
    expect(label.token).toBeUndefined();
    // max_length 6 from the right: the marker before token 6 ('!'), after the assistant label.
    const truncation = { maxLength: 6, side: 'right' as const, droppedFrom: 6, droppedTo: 8, cutAt: 31 };
    const cut = shown(paragraphItems(s, 0, s.tokens.length, { plain: true, labels, truncation }));
    expect(cut.indexOf('|✂ max_length=6|')).toBe(cut.indexOf('[!]') - 1);
    expect(cut.indexOf('‹assistant›')).toBeLessThan(cut.indexOf('|✂ max_length=6|'));
  });

  it('a role from the data is shown inert', () => {
    const s = sample(words);
    const evil = { ...chat, spans: [{ role: 'us\x1b[31mer', start: 9, end: 17 }] };
    const plain = shown(paragraphItems(s, 0, s.tokens.length, { plain: true, labels: roleLabels(evil, s) }));
    expect(plain.join('')).not.toContain('\x1b');
  });
});
