import { describe, expect, it } from 'vitest';
import type { Token, TokenizedSample } from '../../src/core/token-model.js';
import { PLAIN_LEGEND, tokenKind } from '../../src/render/token-items.js';
import { renderTokens } from '../../src/render/token-text.js';

function tok(id: number, text: string, start: number, end: number, extra: Partial<Token> = {}): Token {
  return {
    id,
    piece: text,
    text,
    start,
    end,
    special: false,
    inserted: false,
    unknown: false,
    byteFallback: false,
    partial: false,
    ...extra,
  };
}

function bos(id = 1, piece = '<s>'): Token {
  return tok(id, piece, 0, 0, { special: true, inserted: true });
}

const SGR = /\x1b\[[0-9;]*m/g;
const strip = (s: string) => s.replace(SGR, '');
const plain = (sample: TokenizedSample, opts: { ids?: boolean; width?: number } = {}) =>
  renderTokens(sample, { color: false, ...opts });

/** A colour rendering holds SGR, nothing but SGR escapes, and no control character other than newline. */
function expectSafeColour(out: string): void {
  expect(out).toMatch(SGR);
  const rest = strip(out);
  expect(rest).not.toContain('\x1b');
  expect(rest).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
}

const hello: TokenizedSample = {
  text: 'Hello world\n',
  tokens: [tok(9906, 'Hello', 0, 5), tok(1917, ' world', 5, 11), tok(198, '\n', 11, 12)],
};

describe('renderTokens, plain', () => {
  it('brackets each token and shows whitespace', () => {
    expect(plain(hello)).toBe('[Hello][·world][⏎]\n3 tokens · 12 chars · 4.00 chars/token');
  });

  it('marks special and inserted special tokens', () => {
    const sample: TokenizedSample = {
      text: 'hi<|endoftext|>',
      tokens: [
        bos(),
        tok(6151, 'hi', 0, 2),
        tok(50256, '<|endoftext|>', 2, 15, { special: true }),
        tok(2, '</s>', 15, 15, { special: true, inserted: true }),
      ],
    };
    expect(plain(sample)).toBe('⟦+<s>⟧[hi]⟦<|endoftext|>⟧⟦+</s>⟧\n4 tokens · 15 chars · 3.75 chars/token · 3 special');
  });

  it('shows the source text an unknown token replaced', () => {
    const sample: TokenizedSample = {
      text: 'a ☃ b',
      tokens: [
        tok(1, 'a', 0, 1),
        tok(100, '[UNK]', 1, 3, { piece: '[UNK]', unknown: true, special: true }),
        tok(2, ' b', 3, 5),
      ],
    };
    expect(plain(sample)).toBe('[a][UNK:·☃][·b]\n3 tokens · 5 chars · 1.67 chars/token · 1 unknown');
  });

  it('shows byte-fallback tokens by their piece and the character they split once', () => {
    const bytes = [0xf0, 0x9f, 0x98, 0x80];
    const sample: TokenizedSample = {
      text: 'hi 😀',
      tokens: [
        tok(1, 'hi', 0, 2),
        tok(2, ' ', 2, 3),
        ...bytes.map((b) => {
          const hex = b.toString(16).toUpperCase();
          return tok(3 + b, `\\x${hex}`, 3, 5, { piece: `<0x${hex}>`, byteFallback: true, partial: true });
        }),
      ],
    };
    expect(plain(sample)).toBe(
      '[hi][·][<0xF0>][<0x9F>][<0x98>][<0x80>]{😀}\n6 tokens · 4 chars · 0.67 chars/token · 4 byte-fallback',
    );
    const nl: TokenizedSample = {
      text: 'a\nb',
      tokens: [tok(1, 'a', 0, 1), tok(13, '\n', 1, 2, { piece: '<0x0A>', byteFallback: true }), tok(2, 'b', 2, 3)],
    };
    expect(plain(nl)).toBe('[a][<0x0A>]\n[b]\n3 tokens · 3 chars · 1.00 chars/token · 1 byte-fallback');
  });

  it('shows the bytes of partial emoji tokens and the emoji once', () => {
    // Byte-level BPE: " 😀!" as [" \xF0\x9F"] ["\x98\x80!"]; both tokens' offsets cover the emoji.
    const sample: TokenizedSample = {
      text: 'I 😀!',
      tokens: [
        tok(40, 'I', 0, 1),
        tok(11, ' \\xF0\\x9F', 1, 4, { partial: true }),
        tok(12, '\\x98\\x80!', 2, 5, { partial: true }),
      ],
    };
    expect(plain(sample)).toBe('[I][·\\xF0\\x9F][\\x98\\x80!]{😀}\n3 tokens · 4 chars · 1.33 chars/token · 2 partial');
  });

  it('escapes ANSI sequences in token text and never emits them raw', () => {
    const sample: TokenizedSample = {
      text: '\x1b[31mred\x1b]0;t\x07\x1b[2J',
      tokens: [tok(1, '\x1b[31mred', 0, 8), tok(2, '\x1b]0;t\x07', 8, 14), tok(3, '\x1b[2J', 14, 18)],
    };
    const out = plain(sample);
    expect(out).toBe('[␛[31mred][␛\\]0;t␇][␛[2J]\n3 tokens · 18 chars · 6.00 chars/token');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('escapes brackets, backslashes and text that would read as a marker', () => {
    const sample: TokenizedSample = {
      text: ']\\UNK:x<0x41>+a◌',
      tokens: [
        tok(1, ']', 0, 1),
        tok(2, '\\', 1, 2),
        tok(3, 'UNK:x', 2, 7),
        tok(4, '<0x41>', 7, 13),
        tok(5, '+a', 13, 15, { special: true }),
        tok(6, '◌', 15, 16),
      ],
    };
    expect(plain(sample).split('\n')[0]).toBe('[\\]][\\\\][\\UNK:x][\\<0x41>]⟦\\+a⟧[\\◌]');
  });

  it('puts a dotted circle before a token that starts with a combining mark', () => {
    const sample: TokenizedSample = {
      text: 'नमस्ते',
      tokens: [tok(1, 'न', 0, 1), tok(2, 'मस', 1, 3), tok(3, '्ते', 3, 6)],
    };
    expect(plain(sample)).toBe('[न][मस][◌्ते]\n3 tokens · 6 chars · 2.00 chars/token');
  });

  it('names a variation selector that starts a token instead of drawing a bare dotted circle', () => {
    const sample: TokenizedSample = {
      text: '❤\ufe0f!',
      tokens: [tok(1, '❤', 0, 1), tok(2, '\ufe0f', 1, 2), tok(3, '\ufe0f!', 1, 3)],
    };
    expect(plain(sample).split('\n')[0]).toBe('[❤][⟨U+FE0F⟩][⟨U+FE0F⟩!]');
  });

  it('aligns ids under tokens, wide CJK characters included', () => {
    const sample: TokenizedSample = {
      text: '日本語のテキスト',
      tokens: [tok(30, '日本', 0, 2), tok(31, '語', 2, 3), tok(32, 'の', 3, 4), tok(123456, 'テキスト', 4, 8)],
    };
    expect(plain(sample, { ids: true })).toBe(
      ['[日本][語][の][テキスト]', '30    31  32  123456', '4 tokens · 8 chars · 2.00 chars/token'].join('\n'),
    );
  });

  it('pads a token narrower than its id so ids never touch', () => {
    const sample: TokenizedSample = { text: 'ab', tokens: [tok(12345, 'a', 0, 1), tok(678, 'b', 1, 2)] };
    expect(plain(sample, { ids: true })).toBe(
      ['[a]   [b]', '12345 678', '2 tokens · 2 chars · 1.00 chars/token'].join('\n'),
    );
  });

  it('breaks the line after a token ending with a newline, in ids mode too', () => {
    expect(plain(hello, { ids: true })).toBe(
      ['[Hello][·world][⏎]', '9906   1917    198', '3 tokens · 12 chars · 4.00 chars/token'].join('\n'),
    );
    const two: TokenizedSample = { text: 'a\nb', tokens: [tok(1, 'a\n', 0, 2), tok(2, 'b', 2, 3)] };
    expect(plain(two, { ids: true })).toBe(
      ['[a⏎]', '1', '[b]', '2', '2 tokens · 3 chars · 1.50 chars/token'].join('\n'),
    );
  });

  it('wraps at the width without splitting tokens', () => {
    const sample: TokenizedSample = {
      text: 'one two three four',
      tokens: [tok(10, 'one', 0, 3), tok(11, ' two', 3, 7), tok(12, ' three', 7, 13), tok(13, ' four', 13, 18)],
    };
    expect(plain(sample, { width: 12 })).toBe(
      ['[one][·two]', '[·three]', '[·four]', '4 tokens · 18 chars · 4.50 chars/token'].join('\n'),
    );
    expect(plain(sample, { width: 16, ids: true })).toBe(
      ['[one][·two]', '10   11', '[·three][·four]', '12      13', '4 tokens · 18 chars · 4.50 chars/token'].join('\n'),
    );
    expect(plain(sample).split('\n')[0]).toBe('[one][·two][·three][·four]');
  });

  it('splits a single token wider than the line', () => {
    const sample: TokenizedSample = {
      text: `${'x'.repeat(25)} y`,
      tokens: [tok(5, 'x'.repeat(25), 0, 25), tok(6, ' y', 25, 27)],
    };
    expect(plain(sample, { width: 10, ids: true })).toBe(
      ['[xxxxxxxxx', '5', 'xxxxxxxxxx', 'xxxxxx]', '[·y]', '6', '2 tokens · 27 chars · 13.50 chars/token'].join('\n'),
    );
  });

  const words: TokenizedSample = {
    text: 'one two three four',
    tokens: [
      bos(),
      tok(10, 'one', 0, 3),
      tok(11, ' two', 3, 7),
      tok(12, ' three', 7, 13),
      tok(13, ' four', 13, 18),
      tok(2, '</s>', 18, 18, { special: true, inserted: true }),
    ],
  };

  it('marks right truncation and lists the dropped tokens after the marker', () => {
    const sample = {
      ...words,
      truncation: { maxLength: 4, side: 'right' as const, droppedFrom: 3, droppedTo: 5, cutAt: 7 },
    };
    expect(plain(sample)).toBe(
      [
        '⟦+<s>⟧[one][·two]|✂ max_length=4|⟦+</s>⟧',
        '|✂ max_length=4|[·three][·four]',
        '6 tokens · 18 chars · 2 dropped past max_length=4 (right) · 2 special',
      ].join('\n'),
    );
  });

  it('marks left truncation, with ids', () => {
    const sample = {
      ...words,
      truncation: { maxLength: 4, side: 'left' as const, droppedFrom: 1, droppedTo: 3, cutAt: 7 },
    };
    expect(plain(sample, { ids: true })).toBe(
      [
        '⟦+<s>⟧|✂ max_length=4|[·three][·four]⟦+</s>⟧',
        '1                     12      13     2',
        '|✂ max_length=4|[one][·two]',
        '                10   11',
        '6 tokens · 18 chars · 2 dropped past max_length=4 (left) · 2 special',
      ].join('\n'),
    );
  });

  it('renders an empty sample as its summary', () => {
    expect(plain({ text: '', tokens: [] })).toBe('0 tokens · 0 chars');
  });

  it('has a legend for every marker', () => {
    for (const m of [
      '[text]',
      '⟦<s>⟧',
      '⟦+<s>⟧',
      '[UNK:',
      '[<0xF0>]',
      '\\xF0',
      '{😀}',
      '|✂ max_length=N|',
      '◌',
      '\\]',
    ]) {
      expect(PLAIN_LEGEND).toContain(m);
    }
  });
});

describe('renderTokens, colour', () => {
  it('colours tokens and shows the same visible text without brackets', () => {
    const out = renderTokens(hello, { color: true });
    expectSafeColour(out);
    expect(strip(out)).toBe('Hello·world⏎\n3 tokens · 12 chars · 4.00 chars/token');
    // Neighbouring tokens get different backgrounds.
    const backgrounds = [...out.matchAll(/48;5;(\d+)/g)].map((m) => m[1]);
    expect(new Set(backgrounds).size).toBeGreaterThan(1);
  });

  it('styles special, unknown, byte-fallback and partial tokens distinctly', () => {
    const sample: TokenizedSample = {
      text: 'a☃😀',
      tokens: [
        bos(),
        tok(5, 'a', 0, 1),
        tok(0, '<unk>', 1, 2, { unknown: true }),
        tok(7, '\\xF0\\x9F', 2, 4, { partial: true }),
        tok(8, '\\x98', 2, 4, { piece: '<0x98>', byteFallback: true, partial: true }),
        tok(9, '\\x80', 2, 4, { partial: true }),
      ],
    };
    const out = renderTokens(sample, { color: true });
    expectSafeColour(out);
    expect(strip(out)).toBe(
      '<s>a☃\\xF0\\x9F<0x98>\\x80{😀}\n6 tokens · 3 chars · 0.50 chars/token · 1 special · 1 unknown · 1 byte-fallback · 2 partial',
    );
    expect(out).toContain('\x1b[1;3;35;'); // inserted special: bold italic magenta
    expect(out).toContain('\x1b[1;7;31m☃'); // unknown: red inverse
    expect(out).toMatch(/\x1b\[33;[0-9;]*m<0x98>/); // byte-fallback: yellow
    expect(out).toMatch(/\x1b\[4;33;[0-9;]*m\\xF0\\x9F/); // partial: underlined yellow
  });

  it('dims whitespace symbols', () => {
    const out = renderTokens({ text: 'a b', tokens: [tok(1, 'a', 0, 1), tok(2, ' b', 1, 3)] }, { color: true });
    expect(out).toMatch(/\x1b\[[0-9;]*;2m·\x1b\[[0-9;]*22[0-9;]*m/);
  });

  it('never lets escape sequences from the text through', () => {
    const text = '\x1b[31mred\x1b]0;title\x07\x1b[2J\u009b1m';
    const out = renderTokens({ text, tokens: [tok(1, text, 0, text.length)] }, { color: true, ids: true });
    expectSafeColour(out);
    expect(strip(out).split('\n')[0]).toBe('␛[31mred␛]0;title␇␛[2J⟨U+009B⟩1m');
  });

  it('aligns ids by display width', () => {
    const sample: TokenizedSample = { text: '日本語', tokens: [tok(30, '日本', 0, 2), tok(123456, '語', 2, 3)] };
    const out = renderTokens(sample, { color: true, ids: true });
    expectSafeColour(out);
    expect(strip(out)).toBe(['日本語', '30  123456', '2 tokens · 3 chars · 1.50 chars/token'].join('\n'));
  });

  it('wraps by display width, ignoring the SGR sequences', () => {
    const sample: TokenizedSample = {
      text: 'one two three four',
      tokens: [tok(10, 'one', 0, 3), tok(11, ' two', 3, 7), tok(12, ' three', 7, 13), tok(13, ' four', 13, 18)],
    };
    expect(strip(renderTokens(sample, { color: true, width: 12 }))).toBe(
      ['one·two', '·three·four', '4 tokens · 18 chars · 4.50 chars/token'].join('\n'),
    );
  });

  it('keeps dropped tokens in place, dimmed, behind a cut marker', () => {
    const words: TokenizedSample = {
      text: 'one two three',
      tokens: [bos(), tok(10, 'one', 0, 3), tok(11, ' two', 3, 7), tok(12, ' three', 7, 13)],
    };
    const right = renderTokens(
      { ...words, truncation: { maxLength: 3, side: 'right', droppedFrom: 3, droppedTo: 4, cutAt: 7 } },
      { color: true },
    );
    expectSafeColour(right);
    expect(strip(right)).toBe(
      '<s>one·two✂·three\n4 tokens · 13 chars · 1 dropped past max_length=3 (right) · 1 special',
    );
    expect(right).toMatch(/\x1b\[[0-9;]*;2m·three\x1b\[[0-9;]*22[0-9;]*m/);
    const left = renderTokens(
      { ...words, truncation: { maxLength: 3, side: 'left', droppedFrom: 1, droppedTo: 2, cutAt: 3 } },
      { color: true },
    );
    expectSafeColour(left);
    expect(strip(left)).toBe('<s>one✂·two·three\n4 tokens · 13 chars · 1 dropped past max_length=3 (left) · 1 special');
    expect(left).toMatch(/\x1b\[[0-9;]*;2mone\x1b\[[0-9;]*22[0-9;]*m/);
  });
});

describe('tokenKind', () => {
  it('applies unknown, inserted, special, byte-fallback, partial in that order', () => {
    expect(tokenKind(tok(0, 'x', 0, 1, { unknown: true, special: true }))).toBe('unknown');
    expect(tokenKind(bos())).toBe('inserted');
    expect(tokenKind(tok(0, 'x', 0, 1, { special: true }))).toBe('special');
    expect(tokenKind(tok(0, 'x', 0, 1, { byteFallback: true, partial: true }))).toBe('byte-fallback');
    expect(tokenKind(tok(0, 'x', 0, 1, { partial: true }))).toBe('partial');
    expect(tokenKind(tok(0, 'x', 0, 1))).toBe('normal');
  });
});
