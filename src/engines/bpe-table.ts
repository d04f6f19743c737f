// A BPE model (vocabulary and ranked merges), or a WordPiece model's vocabulary (no merges:
// see wordpiece-fast.ts), as one flat SharedArrayBuffer: built once per
// process from the parsed tokenizer.json, then read in place by every pool worker, so a worker
// neither reads nor parses the file, nor builds the engine's maps (about 1.5 s of CPU and over
// 100 MB per worker for a 200k vocabulary).
//
// The table mirrors @huggingface/tokenizers' BPE exactly where it is used (see bpe-merge.ts):
// token strings map to ids as the engine maps them (vocabulary, then added tokens), and merges
// are keyed by the ids of their two parts. A model where that mapping is not one to one, or
// whose merges name strings outside the vocabulary, is refused: it keeps the engine's model.
//
// Layout (Int32 words, then UTF-16 code units):
//   header[HEADER] | starts[size+1] | strings[stringSlots] | merges[4 * mergeSlots] | bytes[256] | text

import { keysOf } from '../core/sorted-keys.js';

const HEADER = 8;
const H = { size: 0, stringSlots: 1, mergeSlots: 2, unk: 3, flags: 4, textLength: 5 } as const;
const BYTE_FALLBACK = 1;
const IGNORE_MERGES = 2;

const FNV = 0x811c9dc5;

/** FNV-1a over UTF-16 code units, from `h` on. */
function hashString(s: string, from = 0, to = s.length, h = FNV): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function hashPair(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
}

function slotsFor(n: number): number {
  let s = 1024;
  while (s < n * 2) s *= 2;
  return s;
}

/** Why a BPE or WordPiece model cannot go into a table, or undefined when it can. */
function bpeTableRefusal(model: Record<string, any>): string | undefined {
  if (model.type === 'WordPiece') {
    if (!model.vocab || Array.isArray(model.vocab) || typeof model.unk_token !== 'string')
      return 'no vocab object or unk_token';
    return undefined;
  }
  if (model.type !== 'BPE') return `${model.type ?? 'this'} model`;
  if (model.dropout) return 'BPE dropout';
  if (model.end_of_word_suffix || model.continuing_subword_suffix) return 'word suffixes';
  if (!model.vocab || Array.isArray(model.vocab) || !Array.isArray(model.merges)) return 'no vocab object or merges';
  return undefined;
}

// Tables built in this process, by the parsed tokenizer.json they come from.
const tables = new WeakMap<object, { table?: BpeTable; refusal?: string }>();

/** The table of a parsed tokenizer.json's BPE or WordPiece model (built once per process), or why it has none. */
export function bpeTableOf(json: Record<string, any>): { table?: BpeTable; refusal?: string } {
  let built = tables.get(json);
  if (!built) tables.set(json, (built = BpeTable.build(json)));
  return built;
}

/** The table this process built of a parsed tokenizer.json, if it built one (never builds: up to a second). */
export function builtBpeTable(json: Record<string, any>): BpeTable | undefined {
  return tables.get(json)?.table;
}

export class BpeTable {
  private readonly ints: Int32Array;
  private readonly text: Uint16Array;
  private readonly startsAt = HEADER;
  private readonly stringsAt: number;
  private readonly mergesAt: number;
  private readonly bytesAt: number;
  readonly size: number;
  readonly unk: number;
  readonly byteFallback: boolean;
  readonly ignoreMerges: boolean;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer, 0, buffer.byteLength >> 2);
    const h = this.ints;
    this.size = h[H.size]!;
    this.unk = h[H.unk]!;
    this.byteFallback = (h[H.flags]! & BYTE_FALLBACK) !== 0;
    this.ignoreMerges = (h[H.flags]! & IGNORE_MERGES) !== 0;
    this.stringsAt = this.startsAt + this.size + 1;
    this.mergesAt = this.stringsAt + h[H.stringSlots]!;
    this.bytesAt = this.mergesAt + 4 * h[H.mergeSlots]!;
    this.text = new Uint16Array(buffer, (this.bytesAt + 256) * 4, h[H.textLength]!);
  }

  /**
   * The table of a tokenizer.json's BPE model, or why it has none. Token strings map to ids as
   * the engine maps them: the vocabulary, then the added tokens over it.
   */
  static build(json: Record<string, any>): { table?: BpeTable; refusal?: string } {
    const model = json.model ?? {};
    const refusal = bpeTableRefusal(model);
    if (refusal) return { refusal };
    // One pass over the vocabulary object's keys (a 200k-key dictionary: no Map is built).
    const vocab = model.vocab as Record<string, number>;
    const keys = keysOf(vocab);
    let maxId = -1;
    for (let i = 0; i < keys.length; i++) maxId = Math.max(maxId, vocab[keys[i]!]!);
    for (const t of (json.added_tokens ?? []) as Array<{ id: number }>) maxId = Math.max(maxId, t.id);
    // Dense from the start: filled in id order or not, it stays a fast array.
    const pieces = new Array<string | undefined>(maxId + 1).fill(undefined);
    for (let i = 0; i < keys.length; i++) {
      const piece = keys[i]!;
      const id = vocab[piece]!;
      if (piece === '' || pieces[id] !== undefined) return { refusal: 'two vocabulary entries share an id' };
      pieces[id] = piece;
    }
    const added = (json.added_tokens ?? []) as Array<{ id: number; content: string }>;
    for (const t of added) {
      const vocabId = Object.hasOwn(vocab, t.content) ? vocab[t.content] : undefined;
      if ((vocabId !== undefined && vocabId !== t.id) || (pieces[t.id] !== undefined && pieces[t.id] !== t.content))
        return { refusal: 'an added token is also a vocabulary entry with another id' };
      pieces[t.id] = t.content;
    }
    const merges = (model.type === 'WordPiece' ? [] : model.merges) as Array<string | string[]>;
    const size = pieces.length;
    let textLength = 0;
    let count = 0;
    for (let id = 0; id < size; id++) {
      const piece = pieces[id];
      if (piece === undefined) continue;
      textLength += piece.length;
      count++;
    }
    const stringSlots = slotsFor(count);
    const mergeSlots = slotsFor(merges.length);
    const words = HEADER + size + 1 + stringSlots + 4 * mergeSlots + 256;
    const buffer = new SharedArrayBuffer(words * 4 + Math.ceil(textLength / 2) * 4);
    const ints = new Int32Array(buffer, 0, words);
    ints[H.size] = size;
    ints[H.stringSlots] = stringSlots;
    ints[H.mergeSlots] = mergeSlots;
    ints[H.flags] = (model.byte_fallback ? BYTE_FALLBACK : 0) | (model.ignore_merges ? IGNORE_MERGES : 0);
    ints[H.textLength] = textLength;
    const text = new Uint16Array(buffer, words * 4, textLength);
    let at = 0;
    for (let id = 0; id < size; id++) {
      ints[HEADER + id] = at;
      const piece = pieces[id] ?? '';
      for (let i = 0; i < piece.length; i++) text[at++] = piece.charCodeAt(i);
    }
    ints[HEADER + size] = at;
    const table = new BpeTable(buffer);
    for (let id = 0; id < size; id++) if (pieces[id] !== undefined) table.insertString(pieces[id]!, id);
    const unk = typeof model.unk_token === 'string' ? table.idOf(model.unk_token) : -1;
    if (unk < 0 && typeof model.unk_token === 'string') return { refusal: 'its unk_token is not in the vocabulary' };
    ints[H.unk] = unk;
    (table as { unk: number }).unk = unk;
    for (let rank = 0; rank < merges.length; rank++) {
      // As the engine reads a merge: its first two space-separated parts (or a pair).
      const m = merges[rank]!;
      let left: number;
      let right: number;
      let merged: number;
      if (typeof m === 'string') {
        const space = m.indexOf(' ');
        const end = space < 0 ? -1 : m.indexOf(' ', space + 1);
        if (space < 0) return { refusal: `merge ${rank} is not a pair` };
        left = table.idOf(m, 0, space);
        right = table.idOf(m, space + 1, end < 0 ? m.length : end);
        merged = table.idOfJoined(m, 0, space, m, space + 1, end < 0 ? m.length : end);
      } else {
        // A hand-edited file may hold anything here: what is not two strings is refused, not a crash.
        if (!Array.isArray(m) || typeof m[0] !== 'string' || typeof m[1] !== 'string')
          return { refusal: `merge ${rank} is not a pair` };
        // Without building the joined string (150k of them for qwen3's pairs).
        const [a, b] = m;
        left = table.idOf(a);
        right = table.idOf(b);
        merged = table.idOfJoined(a, 0, a.length, b, 0, b.length);
      }
      if (left < 0 || right < 0 || merged < 0)
        return { refusal: `merge ${rank} names a string outside the vocabulary` };
      // A pair listed twice keeps its last rank, as the engine's Map does.
      table.insertMerge(left, right, rank, merged);
    }
    for (let byte = 0; byte < 256; byte++)
      ints[table.bytesAt + byte] = table.idOf(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    return { table };
  }

  /** The token string of an id ('' for an id without one). */
  piece(id: number): string {
    if (id < 0 || id >= this.size) return '';
    const from = this.ints[this.startsAt + id]!;
    const to = this.ints[this.startsAt + id + 1]!;
    let s = '';
    for (let i = from; i < to; i += 4096)
      s += String.fromCharCode.apply(null, this.text.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
    return s;
  }

  /** Every id's token string, as the engine's `model.vocab` array holds them (for its decoder). */
  pieces(): string[] {
    // The whole text as one string, then a slice per id: piece() per id costs a typed-array
    // view and a call each (a TextDecoder would not keep a lone surrogate).
    let all = '';
    for (let i = 0; i < this.text.length; i += 4096)
      all += String.fromCharCode.apply(null, this.text.subarray(i, i + 4096) as unknown as number[]);
    const out = new Array<string>(this.size);
    for (let id = 0; id < this.size; id++)
      out[id] = all.slice(this.ints[this.startsAt + id]!, this.ints[this.startsAt + id + 1]!);
    return out;
  }

  /** The id of `s.slice(from, to)`, or -1. */
  idOf(s: string, from = 0, to = s.length): number {
    const slots = this.ints[H.stringSlots]!;
    const mask = slots - 1;
    for (let slot = hashString(s, from, to) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.ints[this.stringsAt + slot]!;
      if (stored === 0) return -1;
      const id = stored - 1;
      if (this.equals(id, s, from, to)) return id;
    }
  }

  /** The id of `s.slice(a, b) + t.slice(c, d)` (a merge's result, without building the string), or -1. */
  private idOfJoined(s: string, a: number, b: number, t: string, c: number, d: number): number {
    const mask = this.ints[H.stringSlots]! - 1;
    const length = b - a + d - c;
    for (let slot = hashString(t, c, d, hashString(s, a, b)) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.ints[this.stringsAt + slot]!;
      if (stored === 0) return -1;
      const start = this.ints[this.startsAt + stored - 1]!;
      if (this.ints[this.startsAt + stored]! - start !== length) continue;
      let same = true;
      for (let i = a; same && i < b; i++) same = this.text[start + i - a] === s.charCodeAt(i);
      for (let i = c; same && i < d; i++) same = this.text[start + b - a + i - c] === t.charCodeAt(i);
      if (same) return stored - 1;
    }
  }

  /**
   * WordPiece's look-up: the id of `prefix + s.slice(from, to)`, or -1. With `lower`, ASCII
   * capitals are read as small letters (the BertNormalizer's lowercasing of an ASCII word,
   * without a copy of it).
   */
  wordPieceId(s: string, from: number, to: number, prefix: string, lower: boolean): number {
    const mask = this.ints[H.stringSlots]! - 1;
    let h = hashString(prefix);
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      h = Math.imul(h ^ (lower && c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
    }
    const length = prefix.length + to - from;
    for (let slot = (h >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.ints[this.stringsAt + slot]!;
      if (stored === 0) return -1;
      const start = this.ints[this.startsAt + stored - 1]!;
      if (this.ints[this.startsAt + stored]! - start !== length) continue;
      let same = true;
      for (let i = 0; same && i < prefix.length; i++) same = this.text[start + i] === prefix.charCodeAt(i);
      for (let i = from, at = start + prefix.length; same && i < to; i++, at++) {
        const c = s.charCodeAt(i);
        same = this.text[at] === (lower && c >= 65 && c <= 90 ? c + 32 : c);
      }
      if (same) return stored - 1;
    }
  }

  /** The length of the longest token string, in UTF-16 units. */
  longestPiece(): number {
    let longest = 0;
    for (let id = 0; id < this.size; id++)
      longest = Math.max(longest, this.ints[this.startsAt + id + 1]! - this.ints[this.startsAt + id]!);
    return longest;
  }

  /** The byte-fallback token of a byte (`<0x41>`), or -1. */
  byteId(byte: number): number {
    return this.ints[this.bytesAt + byte]!;
  }

  /** The merge of ids `a` and `b`: writes its rank and result into `out`; false when there is none. */
  merge(a: number, b: number, out: Int32Array): boolean {
    const slots = this.ints[H.mergeSlots]!;
    const mask = slots - 1;
    for (let slot = hashPair(a, b) & mask; ; slot = (slot + 1) & mask) {
      const at = this.mergesAt + 4 * slot;
      const stored = this.ints[at]!;
      if (stored === 0) return false;
      if (stored === a + 1 && this.ints[at + 1] === b) {
        out[0] = this.ints[at + 2]!;
        out[1] = this.ints[at + 3]!;
        return true;
      }
    }
  }

  private equals(id: number, s: string, from: number, to: number): boolean {
    const start = this.ints[this.startsAt + id]!;
    if (this.ints[this.startsAt + id + 1]! - start !== to - from) return false;
    for (let i = from; i < to; i++) if (this.text[start + i - from] !== s.charCodeAt(i)) return false;
    return true;
  }

  private insertString(s: string, id: number): void {
    const mask = this.ints[H.stringSlots]! - 1;
    let slot = hashString(s) & mask;
    while (this.ints[this.stringsAt + slot] !== 0) slot = (slot + 1) & mask;
    this.ints[this.stringsAt + slot] = id + 1;
  }

  private insertMerge(a: number, b: number, rank: number, merged: number): void {
    const mask = this.ints[H.mergeSlots]! - 1;
    for (let slot = hashPair(a, b) & mask; ; slot = (slot + 1) & mask) {
      const at = this.mergesAt + 4 * slot;
      if (this.ints[at] === 0 || (this.ints[at] === a + 1 && this.ints[at + 1] === b)) {
        this.ints[at] = a + 1;
        this.ints[at + 1] = b;
        this.ints[at + 2] = rank;
        this.ints[at + 3] = merged;
        return;
      }
    }
  }
}
