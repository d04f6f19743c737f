// Makes text safe to print and its whitespace visible (insta-style). Pure: strings in, strings out.
//
// Notation (one notation for everything that is not a symbol below):
//   ⟨U+XXXX⟩  — upper-case hex, at least four digits — stands for one code point that would be
//   invisible, confusable or unsafe if printed as itself:
//     - C1 controls U+0080–U+009F;
//     - every non-ASCII whitespace character (U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
//       U+202F, U+205F, U+3000 — the ideographic space too, for consistency);
//     - every format character (\p{Cf}: zero-width U+200B–U+200D, U+2060, U+FEFF, soft hyphen U+00AD,
//       bidi controls U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069, tag characters…)
//       and every other default-ignorable code point except variation selectors (Hangul fillers
//       U+115F/U+1160/U+3164/U+FFA0, U+034F…);
//     - lone surrogates (U+D800–U+DFFF not part of a pair);
//     - the literal characters this module uses as symbols (the control pictures U+2400–U+2421 and
//       `⟨` always; `·`, `→`, `⏎` when whitespace is shown), so a symbol in the output always means
//       the substitution, never itself.
//   Symbols: space `·`, tab `→`, newline `⏎` (only with `whitespace`, the default); always:
//   `\r` `␍`, ESC `␛`, every other C0 control its control picture (U+2400 + code: NUL `␀`), DEL `␡`.
//
// With `whitespace: false`, space, tab and newline pass through as themselves (layout, harmless);
// `\r` is still `␍` because it rewrites the terminal line. Whatever the options, the result never
// holds a C1 control, ESC or any other C0 control than tab and newline (and with the default
// options, no control character at all), so nothing in the text can drive the terminal.

import { plural } from './quantities.js';
import { isHighSurrogate } from './code-points.js';

interface VisibleOptions {
  /** Show space, tab and newline as `·`, `→`, `⏎` (default true). */
  whitespace?: boolean;
}

/** A run of the visible form: `symbol` when it stands for something else (a substitution or a `⟨U+XXXX⟩` escape). */
interface VisiblePart {
  text: string;
  symbol: boolean;
}

export const VISIBLE_LEGEND = [
  '·         space',
  '→         tab',
  '⏎         newline (\\n)',
  '␍         carriage return (\\r)',
  '␛         escape (ESC)',
  '␀ … ␟     other control characters U+0000–U+001F (their Unicode control pictures)',
  '␡         delete (U+007F)',
  '⟨U+XXXX⟩  an invisible or confusable code point: C1 controls, non-ASCII spaces,',
  '          zero-width and bidi format characters, line/paragraph separators, lone',
  '          surrogates, and literal characters that would read as one of the symbols here',
].join('\n');

const WHITE_SPACE = /\p{White_Space}/u;
const FORMAT = /\p{Cf}/u;
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;

function escapeCodePoint(cp: number): string {
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Code points above ASCII that are always escaped (not counting the literal symbols). */
function isInvisibleNonAscii(cp: number, ch: string): boolean {
  if (cp <= 0x9f) return true; // C1
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogate (a pair arrives here as one code point > 0xFFFF)
  return WHITE_SPACE.test(ch) || FORMAT.test(ch) || (DEFAULT_IGNORABLE.test(ch) && !VARIATION_SELECTOR.test(ch));
}

/** What a code point is shown as, or undefined when it is shown as itself. */
function symbolFor(cp: number, ch: string, whitespace: boolean): string | undefined {
  if (cp < 0x80) {
    if (cp === 0x20) return whitespace ? '·' : undefined;
    if (cp === 0x09) return whitespace ? '→' : undefined;
    if (cp === 0x0a) return whitespace ? '⏎' : undefined;
    if (cp < 0x20) return String.fromCharCode(0x2400 + cp); // includes \r → ␍ and ESC → ␛
    if (cp === 0x7f) return '␡';
    return undefined;
  }
  if (isInvisibleNonAscii(cp, ch)) return escapeCodePoint(cp);
  if (cp === 0x27e8 || (cp >= 0x2400 && cp <= 0x2421)) return escapeCodePoint(cp);
  if (whitespace && (cp === 0xb7 || cp === 0x2192 || cp === 0x23ce)) return escapeCodePoint(cp);
  return undefined;
}

/** The visible form split into literal runs and symbol runs (for callers that style symbols). */
export function visibleParts(text: string, opts?: VisibleOptions): VisiblePart[] {
  const whitespace = opts?.whitespace ?? true;
  const parts: VisiblePart[] = [];
  let literal = '';
  let symbols = '';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + len);
    i += len;
    const sym = symbolFor(cp, ch, whitespace);
    if (sym === undefined) {
      if (symbols) parts.push({ text: symbols, symbol: true });
      symbols = '';
      literal += ch;
    } else {
      if (literal) parts.push({ text: literal, symbol: false });
      literal = '';
      symbols += sym;
    }
  }
  if (literal) parts.push({ text: literal, symbol: false });
  if (symbols) parts.push({ text: symbols, symbol: true });
  return parts;
}

export function visible(text: string, opts?: VisibleOptions): string {
  return visibleParts(text, opts)
    .map((p) => p.text)
    .join('');
}

/**
 * True when the text holds something a reader could not see or would misread if printed raw:
 * any control character other than tab and newline (so `\r`, ESC, DEL, C1 count), non-ASCII
 * whitespace, format and other default-ignorable characters, lone surrogates. Plain spaces, tabs
 * and newlines do not count, nor do the literal symbol characters (`·`, `␀`…) that `visible` escapes.
 */
export function hasInvisible(text: string): boolean {
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a) || cp === 0x7f) return true;
    } else if (isInvisibleNonAscii(cp, text.slice(i, i + len))) {
      return true;
    }
    i += len;
  }
  return false;
}

/** Longest quote of outside text in a message; the rest is cut with a note (see `clip`). */
const QUOTE_LIMIT = 200;
/** Longest line the printer lets through, whatever a message holds. */
const LINE_LIMIT = 2000;

// Made on first use: the first Intl.Segmenter of a thread loads ICU's break data (about 7 ms),
// which every command (and each pool worker) would pay at start-up for a function errors use.
let graphemes: Intl.Segmenter | undefined;

/**
 * The start of `text` for a one-line context: at most `max` UTF-16 units, cut between graphemes
 * (never half an emoji, a flag or a base without its marks), then `…`.
 */
export function clipAtGrapheme(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { index, segment } of (graphemes ??= new Intl.Segmenter()).segment(text.slice(0, max + 16))) {
    if (index + segment.length > max) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}…`;
}

/** The first `max` characters of `text` (never half a surrogate pair) and a note saying how much was left out. */
export function clip(text: string, max = QUOTE_LIMIT): string {
  if (text.length <= max) return text;
  const end = max - (isHighSurrogate(text.charCodeAt(max - 1)) ? 1 : 0);
  return `${text.slice(0, end)}… (${plural(text.length - end, 'more character', 'more characters')})`;
}

/**
 * The one form in which a line reaches a terminal or a log (errors, warnings, hints, progress):
 * every control, C1, bidi and invisible code point shown as a symbol — tab `→`, newline `⏎`,
 * so a message stays one line — while spaces stay spaces; cut at `max` characters with a note.
 * Applied once, where the line is printed; sites that quote outside text only `clip` it.
 */
export function printable(text: string, max = LINE_LIMIT): string {
  // visible() escapes a literal `·` as ⟨U+00B7⟩, so every `·` left stands for a space.
  return visible(clip(text, max)).replaceAll('·', ' ');
}

const SYMBOL_OF: Record<string, string> = { '·': ' ', '→': '\t', '⏎': '\n', '␡': '\x7f' };

/** Reverses `visible()` (with whitespace shown): symbols and `⟨U+XXXX⟩` escapes back to the code points they stand for. */
export function fromVisible(shown: string): string {
  return shown.replace(/⟨U\+([0-9A-F]{4,6})⟩|[·→⏎␡\u2400-\u241f]/g, (m, hexCode: string | undefined) => {
    if (hexCode) return String.fromCodePoint(parseInt(hexCode, 16));
    return SYMBOL_OF[m] ?? String.fromCharCode(m.charCodeAt(0) - 0x2400);
  });
}
