// Items laid out in lines of a given width (tokens never split unless wider than a line), ids
// aligned under them, and painted as SGR or plain text.

import { displayWidth } from './display-width.js';
import { DIM, sgr, styled } from './sgr.js';
import { BYTE_ESCAPE, type Item, type Part, makeItem } from './token-items.js';

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

function paint(parts: Part[], color: boolean): string {
  if (!color) return parts.map((p) => p.text).join('');
  let out = '';
  let i = 0;
  while (i < parts.length) {
    const code = parts[i]!.sgr;
    let text = '';
    while (i < parts.length && parts[i]!.sgr === code) text += parts[i++]!.text;
    out += sgr(code, text);
  }
  return out;
}

/** A line's tokens painted, padded where ids need room, without trailing spaces. */
function paintCells(cells: Cell[], color: boolean): string {
  return cells
    .map((c) => paint(c.item.parts, color) + ' '.repeat(c.width - c.item.width))
    .join('')
    .trimEnd();
}

/** The line of ids under a line of cells ('' when none of its items is a token). */
function idLine(cells: Cell[]): string {
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

export function layout(items: Item[], width: number, ids: boolean, color: boolean): string[] {
  const lines: string[] = [];
  for (const cells of wrapItems(items, width, ids)) {
    lines.push(paintCells(cells, color));
    if (ids) {
      const line = idLine(cells);
      if (line) lines.push(styled(color, DIM, line));
    }
  }
  return lines;
}
