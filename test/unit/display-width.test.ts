// The one width function: a grapheme takes the wider of the per-code-point reading (xterm, VTE,
// tmux) and the cluster reading (kitty, WezTerm, Ink's layout), so text clipped to N columns
// never draws past N in either kind of terminal. test/tui/layout-width.test.ts checks the screen.
import { describe, expect, it } from 'vitest';
import { displayWidth, graphemeWidth } from '../../src/render/display-width.js';
import { fit as padTo, truncate, truncateStart } from '../../src/ui/text.js';

describe('displayWidth', () => {
  it.each([
    ['plain ASCII', 'hello world', 11],
    ['SGR and other CSI sequences take no columns', '\x1b[1;4mab\x1b[22;24m\x1b[37Gc', 3],
    ['CJK ideographs are wide', '日本語', 6],
    ['fullwidth forms are wide, halfwidth katakana narrow', 'ＡＢｶﾀ', 6],
    ['combining marks take none (Zalgo)', 'Z\u0335\u0321\u0322a\u0337', 2],
    ['Hangul jamo: the leading consonant is wide, the vowel and final add none', '\u1112\u1161\u11ab', 2],
    ['a precomposed Hangul syllable', '한', 2],
    ['Devanagari spacing vowel sign: a column per code point', 'हि', 2],
    ['a Devanagari conjunct with virama', 'न्दी', 3],
    ['emoji presentation', '😀', 2],
    ['an emoji with a skin tone: 2 + 2 per code point', '👍🏽', 4],
    ['a ZWJ family: each person wide', '👩\u200d👩\u200d👧', 6],
    ['a text-presentation symbol made emoji by VS16: 2 as a cluster', '❤️', 2],
    ['a flag: two regional indicators', '🇺🇸', 2],
    ['a keycap', '1️⃣', 2],
  ])('%s', (_what, s, columns) => {
    expect(displayWidth(s)).toBe(columns);
  });

  it('is the sum of its graphemes', () => {
    const s = 'Skin tones: 👍 👍🏻 and 🤝🏽, हिन्दी';
    const graphemes = [...new Intl.Segmenter().segment(s)].map((x) => x.segment);
    expect(displayWidth(s)).toBe(graphemes.reduce((n, g) => n + graphemeWidth(g), 0));
  });
});

describe('clipping by the width function (ui/text.ts)', () => {
  const s = 'Skin 👍🏽👍🏽 हिन्दी 日本';
  it.each([4, 7, 9, 12, 15, 20])(
    'truncate, truncateStart and fit to %i columns never exceed them nor split a grapheme',
    (w) => {
      for (const cut of [truncate(s, w), truncateStart(s, w), padTo(s, w)]) {
        expect(displayWidth(cut)).toBeLessThanOrEqual(w);
        const graphemes = [...new Intl.Segmenter().segment(cut.replace(/…/g, '').trim())].map((g) => g.segment);
        for (const g of graphemes) expect(s).toContain(g);
      }
      expect(displayWidth(padTo(s, w))).toBe(w);
    },
  );

  it('truncateStart keeps the end in view', () => {
    expect(truncateStart('abcdef', 4)).toBe('…def');
    expect(truncateStart('ab👍🏽', 4)).toBe('…');
    expect(truncateStart('ab👍🏽', 5)).toBe('…👍🏽');
    expect(truncateStart('abc', 4)).toBe('abc');
  });
});
