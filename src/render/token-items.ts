// A tokenized sample as display items (see the notation in ./token-text.ts): each token's parts
// with their role and colour, split-character notes, and the truncation marker.

import type { Token, TokenizedSample } from '../core/token-model.js';
import { displayWidth } from './display-width.js';
import { DIM } from './sgr.js';
import { visibleParts } from '../core/visible.js';

type TokenKind = 'normal' | 'special' | 'inserted' | 'unknown' | 'byte-fallback' | 'partial';

export const PLAIN_LEGEND = [
  '[text]            a token, as the text it stands for',
  '⟦<s>⟧             a special token written in the text',
  '⟦+<s>⟧            a special token inserted by the post-processor (no source text)',
  '[UNK:text]        the unknown token, with the source text it replaced',
  '[<0xF0>]          a byte-fallback token',
  '[\\xF0\\x9F]        a token holding part of a character; \\xHH is one of its bytes',
  '{😀}             after a run of such tokens: the character(s) they split',
  '|✂ max_length=N|  where truncation cuts; the dropped tokens follow after the same marker',
  '◌                 put before a token that starts with a combining mark',
  "\\\\ \\] \\⟧          a literal backslash or bracket inside a token; a \\ before a token's",
  '                  first character means it is text, not a marker ([\\UNK:x], ⟦\\+x⟧)',
].join('\n');

/** What a token is shown as; the first that applies: unknown, inserted, special, byte-fallback, partial. */
export function tokenKind(token: Token): TokenKind {
  if (token.unknown) return 'unknown';
  if (token.inserted) return 'inserted';
  if (token.special) return 'special';
  if (token.byteFallback) return 'byte-fallback';
  if (token.partial) return 'partial';
  return 'normal';
}

// The pieces below (items, wrapping into cells, painting) are exported for the terminal UI,
// which lays out the same items a window at a time and paints its cursor over them.

type Role = 'punct' | 'text' | 'symbol' | 'byte';

export interface Part {
  text: string;
  role: Role;
  /** SGR parameters for colour mode ('' = none). */
  sgr: string;
}

/** One unit of layout: a token, a split-character note, or a cut marker. */
export interface Item {
  parts: Part[];
  width: number;
  id?: string;
  breakAfter: boolean;
  /** Index into `sample.tokens` of the token this item shows (absent for notes and markers). */
  token?: number;
}

const BACKGROUNDS = ['48;5;237', '48;5;23', '48;5;53'];
const KIND_SGR: Record<TokenKind, string[]> = {
  normal: [],
  special: ['1', '35'],
  inserted: ['1', '3', '35'],
  unknown: ['1', '7', '31'],
  'byte-fallback': ['33'],
  partial: ['4', '33'],
};
const MARKER_SGR = '1;31';
const NOTE_SGR = '2;3';
export const BYTE_ESCAPE = /\\x[0-9A-F]{2}/g;
const COMBINING_START = /^\p{M}/u;
/** Variation selectors (VS1–16, VS17–256) at the start of a token's text. */
const VARIATION_START = /^[\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]+/u;

function params(codes: string[]): string {
  return [...new Set(codes)].join(';');
}

export function makeItem(parts: Part[], breakAfter = false, id?: string): Item {
  const item: Item = { parts, width: parts.reduce((w, p) => w + displayWidth(p.text), 0), breakAfter };
  if (id !== undefined) item.id = id;
  return item;
}

/** Text → parts, through visible(); in plain mode `\`, `]` and `⟧` are escaped with `\`. */
function textParts(text: string, plain: boolean, codes: string[]): Part[] {
  return visibleParts(text).map((p) =>
    p.symbol
      ? { text: p.text, role: 'symbol' as const, sgr: params([...codes, DIM]) }
      : { text: plain ? p.text.replace(/[\\\]⟧]/g, '\\$&') : p.text, role: 'text' as const, sgr: params(codes) },
  );
}

function sourceOf(sample: TokenizedSample, t: Token): string {
  return t.end > t.start ? sample.text.slice(t.start, t.end) : '';
}

/** True when a line ends after the token (its source ends with a newline). */
export function tokenEndsLine(sample: TokenizedSample, index: number): boolean {
  const t = sample.tokens[index]!;
  return endsLine(sample, t, tokenKind(t));
}

function endsLine(sample: TokenizedSample, t: Token, kind: TokenKind): boolean {
  if (kind === 'inserted') return false;
  if (sourceOf(sample, t).endsWith('\n')) return true;
  return (kind === 'normal' || kind === 'byte-fallback') && t.start === t.end && t.text.endsWith('\n');
}

function tokenItem(sample: TokenizedSample, index: number, plain: boolean, dropped: boolean): Item {
  const t = sample.tokens[index]!;
  const kind = tokenKind(t);
  const codes = [...KIND_SGR[kind]];
  if (kind !== 'unknown') codes.push(BACKGROUNDS[index % BACKGROUNDS.length]!);
  if (dropped) codes.push(DIM);

  let content: Part[];
  switch (kind) {
    case 'unknown':
      content = textParts(sourceOf(sample, t), plain, codes);
      break;
    case 'special':
    case 'inserted':
      content = textParts(t.text || t.piece, plain, codes);
      break;
    case 'byte-fallback':
      content = textParts(t.piece, plain, codes);
      break;
    case 'partial': {
      content = [];
      let last = 0;
      for (const m of t.text.matchAll(BYTE_ESCAPE)) {
        content.push(...textParts(t.text.slice(last, m.index), plain, codes));
        content.push({ text: m[0], role: 'byte', sgr: params(codes) });
        last = m.index + m[0].length;
      }
      content.push(...textParts(t.text.slice(last), plain, codes));
      break;
    }
    default:
      content = textParts(t.text, plain, codes);
  }

  const first = content[0];
  if (first?.role === 'text') {
    if (plain) {
      const literalMarker =
        kind === 'special' || kind === 'inserted'
          ? first.text.startsWith('+')
          : kind === 'normal' || kind === 'partial'
            ? /^(UNK:|<0x|◌)/.test(first.text)
            : false;
      if (literalMarker) first.text = `\\${first.text}`;
    }
    const selectors = VARIATION_START.exec(first.text)?.[0];
    if (selectors) {
      // A variation selector has no glyph of its own: on a dotted circle it draws as a bare `◌`
      // (or turns it into an emoji). Named instead, the token shows what it holds.
      first.text = first.text.slice(selectors.length);
      const named = [...selectors].map((c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
      content.unshift({ text: named.join(''), role: 'symbol', sgr: params([...codes, DIM]) });
      if (first.text === '') content.splice(content.indexOf(first), 1);
    } else if (COMBINING_START.test(first.text))
      content.unshift({ text: '◌', role: 'symbol', sgr: params([...codes, DIM]) });
  }
  if (!plain && content.length === 0) content.push({ text: '∅', role: 'symbol', sgr: params([...codes, DIM]) });

  let parts = content;
  if (plain) {
    const special = kind === 'special' || kind === 'inserted';
    const open = special ? (kind === 'inserted' ? '⟦+' : '⟦') : kind === 'unknown' ? '[UNK:' : '[';
    parts = [{ text: open, role: 'punct', sgr: '' }, ...content, { text: special ? '⟧' : ']', role: 'punct', sgr: '' }];
  }
  const item = makeItem(parts, endsLine(sample, t, kind), String(t.id));
  item.token = index;
  return item;
}

/** A token holding part of a character, shown in a run followed by a `{…}` note. */
export function isSplitToken(t: Token): boolean {
  return isSplit(t);
}

function isSplit(t: Token): boolean {
  const kind = tokenKind(t);
  return t.partial && (kind === 'partial' || kind === 'byte-fallback');
}

/** The characters a run of partial tokens splits: where neighbouring tokens' sources overlap. */
function splitChars(sample: TokenizedSample, run: number[]): string {
  const ranges: Array<[number, number]> = [];
  for (let k = 0; k + 1 < run.length; k++) {
    const a = sample.tokens[run[k]!]!;
    const b = sample.tokens[run[k + 1]!]!;
    const start = Math.max(a.start, b.start);
    const end = Math.min(a.end, b.end);
    if (end > start) ranges.push([start, end]);
  }
  if (ranges.length === 0) {
    const toks = run.map((i) => sample.tokens[i]!);
    const start = Math.min(...toks.map((t) => t.start));
    const end = Math.max(...toks.map((t) => t.end));
    return end > start ? sample.text.slice(start, end) : '';
  }
  ranges.sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = -1;
  for (const [start, end] of ranges) {
    const from = Math.max(start, at);
    if (end > from) out += sample.text.slice(from, end);
    at = Math.max(at, end);
  }
  return out;
}

function noteItem(chars: string, plain: boolean, breakAfter: boolean): Item {
  const parts = visibleParts(chars).map(
    (p): Part => ({
      text: plain && !p.symbol ? p.text.replace(/[\\}]/g, '\\$&') : p.text,
      role: p.symbol ? 'symbol' : 'text',
      sgr: NOTE_SGR,
    }),
  );
  return makeItem(
    [{ text: '{', role: 'punct', sgr: NOTE_SGR }, ...parts, { text: '}', role: 'punct', sgr: NOTE_SGR }],
    breakAfter,
  );
}

/** Items for a contiguous display sequence of tokens, with a note after each run of split-character tokens. */
export function tokenItems(
  sample: TokenizedSample,
  indices: number[],
  plain: boolean,
  dropped: boolean,
  out: Item[] = [],
): Item[] {
  for (let k = 0; k < indices.length; ) {
    if (!isSplit(sample.tokens[indices[k]!]!)) {
      out.push(tokenItem(sample, indices[k]!, plain, dropped));
      k++;
      continue;
    }
    let e = k;
    while (e + 1 < indices.length && isSplit(sample.tokens[indices[e + 1]!]!)) e++;
    const run = indices.slice(k, e + 1);
    const items = run.map((i) => tokenItem(sample, i, plain, dropped));
    for (const item of items) out.push(item);
    const chars = splitChars(sample, run);
    if (chars) {
      const last = items[items.length - 1]!;
      out.push(noteItem(chars, plain, last.breakAfter));
      last.breakAfter = false;
    }
    k = e + 1;
  }
  return out;
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

/** Where truncation cuts: `|✂ max_length=N|` in plain notation, a red `✂` in colour. */
export function cutMarkerItem(maxLength: number, plain: boolean): Item {
  return plain
    ? makeItem([{ text: `|✂ max_length=${maxLength}|`, role: 'punct', sgr: '' }])
    : makeItem([{ text: '✂', role: 'punct', sgr: MARKER_SGR }]);
}
