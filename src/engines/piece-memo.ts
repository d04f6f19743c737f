// The bulk path's memo of pre-tokens (js-fast.ts) where the first pre-tokenizer stage says where
// its pieces are (first-stage.ts `firstRanges`): a piece is looked up by its place in the text,
// so a piece met before costs no string, no Map entry to follow, and no garbage.
//
// Why not a Map<string, ids>: text is Zipfian, so nearly every piece is a hit, and a hit there
// paid for a new string per piece (made by the pre-tokenizer, hashed by the Map), then about
// five dependent loads (the Map's bucket and entry, the key to compare, the entry object, its ids
// array): on GPT-4o the lookup was most of a worker's encoding time. Here a hit is a hash over
// the piece's code units in the text, one slot, and one entry in a flat Int32Array holding the
// key's units and the ids side by side. The typed arrays are nothing for the GC to trace either.
//
// Entry layout (Int32 words): hash | key length | id count | unknown | key units… | ids…

const HASH = 0;
const LENGTH = 1;
const COUNT = 2;
const UNKNOWN = 3;
const HEAD = 4;

/** Pieces longer than this are encoded every time (the library caches words shorter than 256 units). */
export const MAX_KEY = 256;
/**
 * A memo is emptied when it holds this many pieces (or, here, MAX_WORDS of entries: 16 MB): a
 * bounded memory however many distinct pieces a corpus has; the frequent ones come back at once.
 */
export const MAX_ENTRIES = 1 << 17;
const MAX_WORDS = 1 << 22;

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

export class PieceMemo {
  /**
   * Per slot: where its entry starts in `data` + 1; 0 for an empty slot. At most half full, and
   * grown with the entries (up to twice MAX_ENTRIES): a corpus meets some tens of thousands of
   * distinct pieces, whose slots then sit in a few hundred kilobytes, not spread over a megabyte
   * (a cache miss on most lookups: on GPT-4o, 89% of them are of the 4,096 most frequent pieces).
   */
  private slots = new Int32Array(1 << 12);
  private data = new Int32Array(1 << 16);
  private used = 0;
  private entries = 0;

  /** Where the entry of text[start, end) starts in `ids()`'s array, or -1 when there is none. */
  find(text: string, start: number, end: number): number {
    const length = end - start;
    const hash = hashOf(text, start, end);
    const mask = this.slots.length - 1;
    const data = this.data;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s]! - 1;
      if (at < 0) return -1;
      if (data[at + HASH] !== hash || data[at + LENGTH] !== length) continue;
      let k = 0;
      while (k < length && data[at + HEAD + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return at;
    }
  }

  /** Keeps text[start, end)'s ids (a key over MAX_KEY units is not kept); a full memo starts over. */
  add(text: string, start: number, end: number, ids: readonly number[], unknown: boolean): void {
    const length = end - start;
    if (length > MAX_KEY) return;
    const size = HEAD + length + ids.length;
    if (this.entries >= MAX_ENTRIES || this.used + size > MAX_WORDS) this.clear();
    if (this.used + size > this.data.length) {
      const grown = new Int32Array(Math.min(MAX_WORDS, Math.max(this.used + size, this.data.length * 2)));
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    const hash = hashOf(text, start, end);
    const at = this.used;
    const data = this.data;
    data[at + HASH] = hash;
    data[at + LENGTH] = length;
    data[at + COUNT] = ids.length;
    data[at + UNKNOWN] = unknown ? 1 : 0;
    for (let k = 0; k < length; k++) data[at + HEAD + k] = text.charCodeAt(start + k);
    for (let k = 0; k < ids.length; k++) data[at + HEAD + length + k] = ids[k]!;
    this.used += size;
    if (2 * ++this.entries > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(hash, at);
  }

  private place(hash: number, at: number): void {
    const mask = this.slots.length - 1;
    let s = hash & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = at + 1;
  }

  /** Slots of `size` for every entry (they lie one after another in `data`). */
  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    const data = this.data;
    for (let at = 0; at < this.used; at += HEAD + data[at + LENGTH]! + data[at + COUNT]!)
      this.place(data[at + HASH]!, at);
  }

  /** Appends the ids of the entry at `at` (from find) to `out`; whether it holds the unknown token. */
  pushIds(at: number, out: number[]): boolean {
    const data = this.data;
    const from = at + HEAD + data[at + LENGTH]!;
    const to = from + data[at + COUNT]!;
    for (let k = from; k < to; k++) out.push(data[k]!);
    return data[at + UNKNOWN] === 1;
  }

  private clear(): void {
    this.used = 0;
    this.entries = 0;
    this.slots = new Int32Array(1 << 12);
  }
}
