// Renders a tokenized sample for `tokpeek show` (and the TUI and diff reports): plain bracket
// notation for pipes and NO_COLOR, ANSI SGR colours otherwise. Pure: strings in, strings out.
//
// Plain notation (PLAIN_LEGEND says the same for help screens). Outside the brackets there is only
// what the notation itself puts there (split-character notes, cut markers, id padding), so a token
// always starts at `[` or `⟦` and ends at the first unescaped `]` or `⟧`:
//   [text]          a token, as the text it stands for (Token.text)
//   ⟦<s>⟧           a special token written in the text
//   ⟦+<s>⟧          a special token the post-processor inserted (it has no source text)
//   [UNK:text]      the unknown token, with the source text it replaced (sample.text.slice(start, end))
//   [<0xF0>]        a byte-fallback token (its vocabulary piece)
//   [\xF0\x9F]      a token holding part of a character: each \xHH is one loose byte; text around
//                   whole characters in the same token is shown as text
//   {😀}            after a run of such tokens: the character(s) they split, shown once
//   |✂ max_length=N|  where truncation cuts; the dropped tokens follow on their own line(s),
//                   introduced by the same marker
//   ◌               put before a token whose text starts with a combining mark
// Escapes inside a bracket: `\\` is a backslash, `\]` and `\⟧` are brackets, `\xHH` is a byte;
// a `\` before a token's first character says it is literal text, not a kind marker
// (`[\UNK:x]`, `[\<0x41>]`, `⟦\+x⟧`, `[\◌]`). All text goes through `visible()` first
// (`·` space, `⏎` newline, `⟨U+XXXX⟩` invisible code points: see VISIBLE_LEGEND).
//
// Colour mode drops the brackets: tokens get alternating soft background colours; special tokens
// are bold magenta (italic when inserted), unknown tokens red inverse, byte-fallback yellow,
// partial-character tokens underlined yellow; whitespace symbols and escapes are dim; truncated
// tokens stay in place, dimmed, after or before a red `✂`. Only SGR sequences are emitted.
//
// Layout: lines wrap at `width` columns without splitting a token unless it alone is wider than
// a line; a line also ends after a token whose source ends with a newline. With `ids`, every text
// line is followed by a line with each token's id left-aligned under it (tokens are padded with
// spaces so ids never touch). The last line is a summary; the result has no trailing newline.

import type { Token, TokenizedSample } from '../core/token-model.js';
import { displayWidth } from './display-width.js';
import { visibleParts } from './visible.js';

export interface RenderTokensOptions {
  color: boolean;
  /** Print token ids aligned under the tokens. */
  ids?: boolean;
  /** Columns to wrap at (default 80). */
  width?: number;
}

export type TokenKind = 'normal' | 'special' | 'inserted' | 'unknown' | 'byte-fallback' | 'partial';

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

export type Role = 'punct' | 'text' | 'symbol' | 'byte';

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
const DIM = '2';
const MARKER_SGR = '1;31';
const NOTE_SGR = '2;3';
const BYTE_ESCAPE = /\\x[0-9A-F]{2}/g;
const COMBINING_START = /^\p{M}/u;

function sgr(codes: string[]): string {
  return [...new Set(codes)].join(';');
}

function makeItem(parts: Part[], breakAfter = false, id?: string): Item {
  const item: Item = { parts, width: parts.reduce((w, p) => w + displayWidth(p.text), 0), breakAfter };
  if (id !== undefined) item.id = id;
  return item;
}

/** Text → parts, through visible(); in plain mode `\`, `]` and `⟧` are escaped with `\`. */
function textParts(text: string, plain: boolean, codes: string[]): Part[] {
  return visibleParts(text).map((p) =>
    p.symbol
      ? { text: p.text, role: 'symbol' as const, sgr: sgr([...codes, DIM]) }
      : { text: plain ? p.text.replace(/[\\\]⟧]/g, '\\$&') : p.text, role: 'text' as const, sgr: sgr(codes) },
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
        content.push({ text: m[0], role: 'byte', sgr: sgr(codes) });
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
    if (COMBINING_START.test(first.text)) content.unshift({ text: '◌', role: 'symbol', sgr: sgr([...codes, DIM]) });
  }
  if (!plain && content.length === 0) content.push({ text: '∅', role: 'symbol', sgr: sgr([...codes, DIM]) });

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

function range(from: number, to: number): number[] {
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

// ---- layout ----

/** An item placed on a line; wider than the item when ids are padded under it. */
export interface Cell {
  item: Item;
  width: number;
}

/** Splits a part into units that must stay together: graphemes, `\`-escapes, `\xHH`, `⟨U+XXXX⟩`. */
function units(part: Part): string[] {
  if (part.role === 'byte') return part.text.match(BYTE_ESCAPE) ?? [part.text];
  if (part.role === 'symbol') return part.text.match(/⟨U\+[0-9A-F]+⟩|[\s\S]/gu) ?? [];
  const graphemes = [...new Intl.Segmenter().segment(part.text)].map((s) => s.segment);
  const out: string[] = [];
  for (let i = 0; i < graphemes.length; i++) {
    const g = graphemes[i]!;
    if (g === '\\' && part.role === 'text' && i + 1 < graphemes.length) out.push(g + graphemes[++i]!);
    else out.push(g);
  }
  return out;
}

/** Cuts an item wider than a line into line-sized chunks. */
function splitItem(item: Item, width: number): Item[] {
  const chunks: Part[][] = [];
  let chunk: Part[] = [];
  let w = 0;
  for (const part of item.parts) {
    for (const u of units(part)) {
      const uw = displayWidth(u);
      if (chunk.length > 0 && w + uw > width) {
        chunks.push(chunk);
        chunk = [];
        w = 0;
      }
      const prev = chunk[chunk.length - 1];
      if (prev && prev.role === part.role && prev.sgr === part.sgr) prev.text += u;
      else chunk.push({ ...part, text: u });
      w += uw;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks.map((parts) => makeItem(parts));
}

export function paint(parts: Part[], color: boolean): string {
  if (!color) return parts.map((p) => p.text).join('');
  let out = '';
  let i = 0;
  while (i < parts.length) {
    const code = parts[i]!.sgr;
    let text = '';
    while (i < parts.length && parts[i]!.sgr === code) text += parts[i++]!.text;
    out += code ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
  return out;
}

/** A line's tokens painted, padded where ids need room, without trailing spaces. */
export function paintCells(cells: Cell[], color: boolean): string {
  return cells
    .map((c) => paint(c.item.parts, color) + ' '.repeat(c.width - c.item.width))
    .join('')
    .trimEnd();
}

/** The line of ids under a line of cells ('' when none of its items is a token). */
export function idLine(cells: Cell[]): string {
  return cells
    .map((c) => (c.item.id ?? '').padEnd(c.width))
    .join('')
    .trimEnd();
}

/**
 * Greedy line wrapping: lines hold whole items up to `width` columns (an item wider than a line
 * is cut into line-sized chunks, the first keeping its id); a line ends after an item with
 * `breakAfter`. With `ids`, cells are widened so the id under each token fits.
 */
export function wrapItems(items: Iterable<Item>, width: number, ids: boolean): Cell[][] {
  const lines: Cell[][] = [];
  let cells: Cell[] = [];
  let used = 0;
  const flush = () => {
    if (cells.length === 0) return;
    lines.push(cells);
    cells = [];
    used = 0;
  };
  const push = (item: Item) => {
    const cellWidth = ids && item.id !== undefined ? Math.max(item.width, item.id.length + 1) : item.width;
    cells.push({ item, width: cellWidth });
    used += cellWidth;
  };
  for (const item of items) {
    const need = Math.max(item.width, ids ? (item.id?.length ?? 0) : 0);
    if (item.width > width) {
      flush();
      splitItem(item, width).forEach((chunk, n) => {
        if (n === 0 && item.id !== undefined) chunk.id = item.id;
        if (item.token !== undefined) chunk.token = item.token;
        if (n > 0) flush();
        push(chunk);
      });
    } else {
      if (cells.length > 0 && used + need > width) flush();
      push(item);
    }
    if (item.breakAfter) flush();
  }
  flush();
  return lines;
}

function layout(items: Item[], width: number, ids: boolean, color: boolean): string[] {
  const lines: string[] = [];
  for (const cells of wrapItems(items, width, ids)) {
    lines.push(paintCells(cells, color));
    if (ids) {
      const line = idLine(cells);
      if (line) lines.push(color ? `\x1b[${DIM}m${line}\x1b[0m` : line);
    }
  }
  return lines;
}

// ---- summary ----

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(sample: TokenizedSample): string {
  const n = sample.tokens.length;
  const chars = [...sample.text].length;
  const fields = [plural(n, 'token'), plural(chars, 'char')];
  const tr = sample.truncation;
  if (tr) {
    const dropped = Math.max(0, Math.min(tr.droppedTo, n) - Math.max(tr.droppedFrom, 0));
    fields.push(`${dropped} dropped past max_length=${tr.maxLength} (${tr.side})`);
  } else if (n > 0) {
    fields.push(`${(chars / n).toFixed(2)} chars/token`);
  }
  const counts = { special: 0, unknown: 0, 'byte-fallback': 0, partial: 0 };
  for (const t of sample.tokens) {
    const kind = tokenKind(t);
    if (kind === 'special' || kind === 'inserted') counts.special++;
    else if (kind !== 'normal') counts[kind]++;
  }
  for (const [name, count] of Object.entries(counts)) if (count > 0) fields.push(`${count} ${name}`);
  return fields.join(' · ');
}

/**
 * Renders a sample for `show`. `truncation.droppedFrom`/`droppedTo` are read as a half-open range
 * (`tokens.slice(droppedFrom, droppedTo)` is dropped). The summary counts all tokens, dropped ones
 * included; chars are code points.
 */
export function renderTokens(sample: TokenizedSample, opts: RenderTokensOptions): string {
  const plain = !opts.color;
  const width = Math.max(1, Math.floor(opts.width ?? 80));
  const n = sample.tokens.length;
  const tr = sample.truncation;
  const items: Item[] = [];

  // `tokenItems(…, items)` appends in place: a 1 MB sample has too many items to spread as arguments.
  if (!tr) {
    tokenItems(sample, range(0, n), plain, false, items);
  } else {
    const from = Math.min(Math.max(tr.droppedFrom, 0), n);
    const to = Math.min(Math.max(tr.droppedTo, from), n);
    const before = range(0, from);
    const dropped = range(from, to);
    const after = range(to, n);
    if (plain) {
      tokenItems(sample, before, plain, false, items);
      items.push(cutMarkerItem(tr.maxLength, true));
      tokenItems(sample, after, plain, false, items);
      if (dropped.length > 0) {
        // The trailing section starts on a line of its own.
        const last = items[items.length - 1];
        if (last) last.breakAfter = true;
        items.push(cutMarkerItem(tr.maxLength, true));
        tokenItems(sample, dropped, plain, false, items);
      }
    } else {
      const marker = cutMarkerItem(tr.maxLength, false);
      tokenItems(sample, before, plain, false, items);
      if (tr.side === 'right') {
        items.push(marker);
        tokenItems(sample, dropped, plain, true, items);
      } else {
        tokenItems(sample, dropped, plain, true, items);
        items.push(marker);
      }
      tokenItems(sample, after, plain, false, items);
    }
  }

  const lines = layout(items, width, opts.ids ?? false, opts.color);
  const sum = summary(sample);
  lines.push(opts.color ? `\x1b[${DIM}m${sum}\x1b[0m` : sum);
  return lines.join('\n');
}
