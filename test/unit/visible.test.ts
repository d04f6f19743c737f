import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/display-width.js';
import { VISIBLE_LEGEND, clipAtGrapheme, hasInvisible, visible, visibleParts } from '../../src/core/visible.js';

// Any C0 control, DEL or C1 control.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

describe('visible', () => {
  it('shows whitespace as symbols by default', () => {
    expect(visible('a b\tc\nd\re')).toBe('a·b→c⏎d␍e');
    expect(visible('\r\n')).toBe('␍⏎');
    expect(visible('plain ASCII!')).toBe('plain·ASCII!');
  });

  it('keeps space, tab and newline with whitespace: false, but never \\r', () => {
    expect(visible('a b\tc\nd\re', { whitespace: false })).toBe('a b\tc\nd␍e');
  });

  it('shows C0 controls as control pictures, ESC as ␛ and DEL as ␡', () => {
    expect(visible('\u0000')).toBe('␀');
    expect(visible('\u0007')).toBe('␇');
    expect(visible('\u001b')).toBe('␛');
    expect(visible('\u001f')).toBe('␟');
    expect(visible('\u007f')).toBe('␡');
  });

  it('escapes C1 controls as ⟨U+XXXX⟩', () => {
    expect(visible('\u0080\u0085\u009b\u009f')).toBe('⟨U+0080⟩⟨U+0085⟩⟨U+009B⟩⟨U+009F⟩');
  });

  it('never emits a control character for any code point 0–0x9F', () => {
    for (let cp = 0; cp <= 0x9f; cp++) {
      const ch = String.fromCharCode(cp);
      expect(visible(ch), `U+${cp.toString(16)}`).not.toMatch(CONTROL);
      expect(visible(`x${ch}y`)).not.toMatch(CONTROL);
      const loose = visible(ch, { whitespace: false });
      if (cp !== 0x09 && cp !== 0x0a) expect(loose, `U+${cp.toString(16)} (whitespace: false)`).not.toMatch(CONTROL);
    }
    let all = '';
    for (let cp = 0; cp <= 0x9f; cp++) all += String.fromCharCode(cp);
    expect(visible(all)).not.toMatch(CONTROL);
    expect(visible(all, { whitespace: false }).replace(/[\t\n]/g, '')).not.toMatch(CONTROL);
  });

  it('defuses real ANSI sequences', () => {
    expect(visible('\x1b[31mred\x1b[0m')).toBe('␛[31mred␛[0m');
    expect(visible('\x1b]0;title\x07')).toBe('␛]0;title␇');
    expect(visible('\x1b[2J')).toBe('␛[2J');
    expect(visible('\u009b31m')).toBe('⟨U+009B⟩31m');
    for (const seq of ['\x1b[31m', '\x1b]0;title\x07', '\x1b[2J', '\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\']) {
      expect(visible(seq)).not.toContain('\x1b');
      expect(visible(seq, { whitespace: false })).not.toContain('\x1b');
    }
  });

  it('escapes bidi controls, zero-width and format characters', () => {
    expect(visible('a\u202eb')).toBe('a⟨U+202E⟩b');
    expect(visible('\u202a\u202b\u202c\u202d')).toBe('⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩');
    expect(visible('\u2066\u2067\u2068\u2069')).toBe('⟨U+2066⟩⟨U+2067⟩⟨U+2068⟩⟨U+2069⟩');
    expect(visible('\u200e\u200f\u061c')).toBe('⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩');
    expect(visible('\u200b\u200c\u200d\u2060\ufeff')).toBe('⟨U+200B⟩⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩');
    expect(visible('soft\u00adhyphen')).toBe('soft⟨U+00AD⟩hyphen');
    expect(visible('\u3164')).toBe('⟨U+3164⟩'); // Hangul filler
  });

  it('escapes every non-ASCII space and the line/paragraph separators', () => {
    expect(visible('1\u00a0000')).toBe('1⟨U+00A0⟩000');
    expect(visible('\u202f\u3000\u2028\u2029\u1680\u205f')).toBe('⟨U+202F⟩⟨U+3000⟩⟨U+2028⟩⟨U+2029⟩⟨U+1680⟩⟨U+205F⟩');
    for (let cp = 0x2000; cp <= 0x200a; cp++) {
      expect(visible(String.fromCharCode(cp))).toBe(`⟨U+${cp.toString(16).toUpperCase()}⟩`);
    }
  });

  it('escapes lone surrogates and keeps pairs', () => {
    expect(visible('a\ud800b')).toBe('a⟨U+D800⟩b');
    expect(visible('\udc00')).toBe('⟨U+DC00⟩');
    expect(visible('\ude00\ud83d')).toBe('⟨U+DE00⟩⟨U+D83D⟩');
    expect(visible('😀')).toBe('😀');
    expect(visible('\ud83d')).toBe('⟨U+D83D⟩');
  });

  it('keeps ordinary text, combining marks and emoji variation selectors', () => {
    expect(visible('héllo 日本語')).toBe('héllo·日本語');
    expect(visible('e\u0301')).toBe('e\u0301');
    expect(visible('❤\ufe0f')).toBe('❤\ufe0f');
    // A ZWJ sequence shows its joiners: the tokenizer sees them.
    expect(visible('👨\u200d👩')).toBe('👨⟨U+200D⟩👩');
  });

  it('escapes literal characters that would read as a symbol', () => {
    expect(visible('l·l')).toBe('l⟨U+00B7⟩l');
    expect(visible('a→b⏎')).toBe('a⟨U+2192⟩b⟨U+23CE⟩');
    expect(visible('␀␛␡')).toBe('⟨U+2400⟩⟨U+241B⟩⟨U+2421⟩');
    expect(visible('⟨U+200B⟩')).toBe('⟨U+27E8⟩U+200B⟩');
    // Without whitespace symbols, ·, → and ⏎ mean nothing special.
    expect(visible('l·l →', { whitespace: false })).toBe('l·l →');
    expect(visible('␀', { whitespace: false })).toBe('⟨U+2400⟩');
  });

  it('splits into literal and symbol parts', () => {
    expect(visibleParts('ab  c\u200b')).toEqual([
      { text: 'ab', symbol: false },
      { text: '··', symbol: true },
      { text: 'c', symbol: false },
      { text: '⟨U+200B⟩', symbol: true },
    ]);
    expect(visibleParts('')).toEqual([]);
  });
});

describe('hasInvisible', () => {
  it('flags controls, escapes and format characters', () => {
    for (const s of [
      'a\rb',
      '\x1b[31m',
      '\u0000',
      '\u007f',
      '\u0085',
      '\u00a0',
      '\u200b',
      '\u202e',
      '\ufeff',
      '\u2028',
      '\ud800',
      '\u3000',
    ]) {
      expect(hasInvisible(s), JSON.stringify(s)).toBe(true);
    }
  });

  it('does not flag plain text, spaces, tabs, newlines or literal symbols', () => {
    for (const s of ['', 'hello world', 'a\tb\nc', '日本語 😀', 'e\u0301', 'l·l ⏎ ␀', '❤\ufe0f']) {
      expect(hasInvisible(s), JSON.stringify(s)).toBe(false);
    }
  });
});

describe('displayWidth', () => {
  it('counts columns', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('テキスト')).toBe(8);
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('·→⏎␍␛⟨U+200B⟩')).toBe(13);
    expect(displayWidth('\x1b[31mred\x1b[0m')).toBe(3);
  });
});

describe('VISIBLE_LEGEND', () => {
  it('lists every symbol', () => {
    for (const sym of ['·', '→', '⏎', '␍', '␛', '␀', '␡', '⟨U+XXXX⟩']) expect(VISIBLE_LEGEND).toContain(sym);
    expect(VISIBLE_LEGEND.replace(/\n/g, '')).not.toMatch(CONTROL);
  });
});

describe('clipAtGrapheme', () => {
  it('cuts between graphemes, never inside an emoji, a flag or a base with its marks', () => {
    expect(clipAtGrapheme('short', 60)).toBe('short');
    const emoji = `${'a'.repeat(59)}😀 and more`;
    expect(clipAtGrapheme(emoji, 60)).toBe(`${'a'.repeat(59)}…`);
    expect(clipAtGrapheme(emoji, 61)).toBe(`${'a'.repeat(59)}😀…`);
    expect(clipAtGrapheme(`${'a'.repeat(58)}🇫🇷x`, 61)).toBe(`${'a'.repeat(58)}…`);
    expect(clipAtGrapheme(`${'a'.repeat(59)}e\u0301x`, 60)).toBe(`${'a'.repeat(59)}…`);
    expect(clipAtGrapheme(`${'a'.repeat(59)}👍🏽 ok`, 62)).toBe(`${'a'.repeat(59)}…`);
  });
});
