// How snapshot files spell text so that they stay readable in a pull-request diff, survive
// any editor or git setting, and round-trip exactly.
//
// - Sample text: a JSON string literal (so `JSON.parse` reads it back), in which every
//   character a reader could not see — controls, non-ASCII spaces, zero-width and bidi
//   format characters, lone surrogates — is a `\uXXXX` escape rather than itself. A file
//   never holds a raw control character or a bidi override (GitHub flags those).
// - Tokens: `visible()` text (space `·`, tab `→`, newline `⏎`, `⟨U+XXXX⟩` escapes), so a
//   token never contains a literal space and tokens are separated by single spaces.
//   Special tokens are wrapped: `⟦<s>⟧` written in the text, `⟦+<s>⟧` inserted by the
//   post-processor, `⟦?[UNK]⟧` the unknown token. A literal `⟦`/`⟧` in a token is escaped.

import type { Token } from '../token-model.js';
import { visible } from '../visible.js';

// Same classes as visible()'s invisible set, plus DEL, less the plain space (which is left as
// it is); JSON.stringify already escapes C0.
const INVISIBLE =
  /[\u007f-\u009f]|(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u180B-\u180D\u180F ])[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}]|\p{Cs}/gu;
const PRINTABLE_ASCII = /^[ -~]*$/;

function unicodeEscape(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** A JSON string literal with every invisible character escaped; `JSON.parse` reverses it. */
export function escapeText(text: string): string {
  // Most lines of real text are printable ASCII: nothing to look for, and without a quote or a
  // backslash nothing for JSON.stringify to escape either (it escapes only those, controls and
  // lone surrogates).
  if (PRINTABLE_ASCII.test(text)) return text.includes('"') || text.includes('\\') ? JSON.stringify(text) : `"${text}"`;
  return JSON.stringify(text).replace(INVISIBLE, unicodeEscape);
}

/** Reads a literal written by escapeText (any JSON string literal is accepted). */
export function unescapeText(literal: string): string {
  const value: unknown = JSON.parse(literal);
  if (typeof value !== 'string') throw new SyntaxError('not a string literal');
  return value;
}

/** A value in a header line: bare when it is plain printable ASCII, else an escaped literal. */
export function headerValue(value: string): string {
  return /^[!#-~][ -~]*$/.test(value) && !/\s$/.test(value) ? value : escapeText(value);
}

export function readHeaderValue(raw: string): string {
  return raw.startsWith('"') ? unescapeText(raw) : raw;
}

type TokenMark = 'normal' | 'special' | 'inserted' | 'unknown';

/** The spelling of one token in a snapshot's `tokens:` line. */
export function tokenDisplay(token: Pick<Token, 'text' | 'special' | 'inserted' | 'unknown'>): string {
  let shown = visible(token.text).replace(/[⟦⟧]/g, (c) => (c === '⟦' ? '⟨U+27E6⟩' : '⟨U+27E7⟩'));
  if (shown === '') shown = '∅';
  else if (shown === '∅') shown = '⟨U+2205⟩';
  if (token.unknown) return `⟦?${shown}⟧`;
  if (token.inserted) return `⟦+${shown}⟧`;
  if (token.special)
    return `⟦${/^[+?]/.test(shown) ? `⟨U+${shown.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩${shown.slice(1)}` : shown}⟧`;
  return shown;
}

/** What kind of token a display spelling stands for. */
export function tokenMark(display: string): TokenMark {
  if (!display.startsWith('⟦')) return 'normal';
  if (display.startsWith('⟦?')) return 'unknown';
  if (display.startsWith('⟦+')) return 'inserted';
  return 'special';
}

/** The token's text without its special-token wrapping (still in visible form). */
export function tokenBody(display: string): string {
  if (!display.startsWith('⟦')) return display === '∅' ? '' : display;
  const inner = display.slice(1, -1);
  return /^[+?]/.test(inner) ? inner.slice(1) : inner;
}

/** JSON text with every invisible character escaped, so printing it cannot drive a terminal. */
export function escapeInvisibleInJson(json: string): string {
  return json.replace(INVISIBLE, (ch) => (ch === '\n' ? ch : unicodeEscape(ch)));
}
