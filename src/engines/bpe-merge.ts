// tokpeek's own BPE merge loop over a BpeTable: one word (a pre-token after the pre-tokenizer)
// to ids, as @huggingface/tokenizers' BPE model computes them (its `bpe` and `encode`), on
// integer ids instead of strings and JSON-keyed maps.
//
// The engine's rules, kept here: symbols are the word's code points (a lone surrogate is one);
// the pair with the lowest merge rank merges first, the leftmost among equal ranks (its heap
// scores rank + position / length); with `ignore_merges`, a word that is a token is that
// token; a symbol outside the vocabulary never merges (every merge's parts are tokens) and ends
// as its UTF-8 bytes' `<0xXX>` tokens with `byte_fallback` (all of them or none), else as the
// unknown token, else nothing. The differential test checks the ids against the Rust reference.

import type { BpeTable } from './bpe-table.js';

let ids = new Int32Array(256);
let next = new Int32Array(256);
let prev = new Int32Array(256);
let starts = new Int32Array(256);
let heapRank = new Int32Array(512);
let heapPos = new Int32Array(512);
let heapSize = 0;
const found = new Int32Array(2);
const utf8 = new TextEncoder();

function grow(n: number): void {
  if (n <= ids.length) return;
  const size = Math.max(n, ids.length * 2);
  ids = new Int32Array(size);
  next = new Int32Array(size);
  prev = new Int32Array(size);
  starts = new Int32Array(size + 1);
  heapRank = new Int32Array(size * 2);
  heapPos = new Int32Array(size * 2);
}

/** (rank, position) order: the engine's rank + position / length. */
function before(i: number, j: number): boolean {
  return heapRank[i]! < heapRank[j]! || (heapRank[i] === heapRank[j] && heapPos[i]! < heapPos[j]!);
}

function push(rank: number, pos: number): void {
  if (heapSize === heapRank.length) {
    const r = new Int32Array(heapSize * 2);
    r.set(heapRank);
    heapRank = r;
    const p = new Int32Array(heapSize * 2);
    p.set(heapPos);
    heapPos = p;
  }
  let i = heapSize++;
  heapRank[i] = rank;
  heapPos[i] = pos;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(i, parent)) break;
    swap(i, parent);
    i = parent;
  }
}

/** Removes the first entry; its rank and position are left in `found`. */
function pop(): void {
  found[0] = heapRank[0]!;
  found[1] = heapPos[0]!;
  heapSize--;
  heapRank[0] = heapRank[heapSize]!;
  heapPos[0] = heapPos[heapSize]!;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heapSize && before(l, m)) m = l;
    if (r < heapSize && before(r, m)) m = r;
    if (m === i) return;
    swap(i, m);
    i = m;
  }
}

function swap(i: number, j: number): void {
  const r = heapRank[i]!;
  heapRank[i] = heapRank[j]!;
  heapRank[j] = r;
  const p = heapPos[i]!;
  heapPos[i] = heapPos[j]!;
  heapPos[j] = p;
}

const pair = new Int32Array(2);

/** Pushes the merge of the symbol at `pos` with the next one, if the table has it. */
function offer(table: BpeTable, pos: number): void {
  const q = next[pos]!;
  if (q < 0 || ids[pos]! < 0 || ids[q]! < 0) return;
  if (table.merge(ids[pos]!, ids[q]!, pair)) push(pair[0]!, pos);
}

/** Appends the ids of `word` to `out`; true when one of them is the unknown token. */
export function bpeWord(table: BpeTable, word: string, out: number[]): boolean {
  if (word.length === 0) return false;
  if (table.ignoreMerges) {
    const id = table.idOf(word);
    if (id >= 0) {
      out.push(id);
      return id === table.unk;
    }
  }
  grow(word.length);
  let n = 0;
  for (let i = 0; i < word.length; n++) {
    const c = word.charCodeAt(i);
    const width =
      c >= 0xd800 && c <= 0xdbff && i + 1 < word.length && (word.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    starts[n] = i;
    ids[n] = table.idOf(word, i, i + width);
    prev[n] = n - 1;
    next[n] = n + 1;
    i += width;
  }
  starts[n] = word.length;
  next[n - 1] = -1;
  heapSize = 0;
  for (let i = 0; i < n - 1; i++) offer(table, i);
  while (heapSize > 0) {
    pop();
    const rank = found[0]!;
    const pos = found[1]!;
    const q = next[pos]!;
    // A stale entry: the symbol was merged away, or its pair changed since.
    if (ids[pos]! < 0 || q < 0 || ids[q]! < 0) continue;
    if (!table.merge(ids[pos]!, ids[q]!, pair) || pair[0] !== rank) continue;
    ids[pos] = pair[1]!;
    ids[q] = -2; // merged away
    const after = next[q]!;
    next[pos] = after;
    if (after >= 0) prev[after] = pos;
    if (prev[pos]! >= 0) offer(table, prev[pos]!);
    offer(table, pos);
  }
  let unknown = false;
  for (let i = 0; i >= 0; i = next[i]!) {
    const id = ids[i]!;
    if (id >= 0) {
      out.push(id);
      if (id === table.unk) unknown = true;
      continue;
    }
    // A code point outside the vocabulary (it never merged): its bytes, or the unknown token.
    if (table.byteFallback && fallBack(table, word.slice(starts[i]!, starts[i + 1]!), out)) continue;
    if (table.unk >= 0) {
      out.push(table.unk);
      unknown = true;
    }
  }
  return unknown;
}

function fallBack(table: BpeTable, symbol: string, out: number[]): boolean {
  const bytes = utf8.encode(symbol);
  const at = out.length;
  for (const byte of bytes) {
    const id = table.byteId(byte);
    if (id < 0) {
      out.length = at;
      return false;
    }
    out.push(id);
  }
  return true;
}
