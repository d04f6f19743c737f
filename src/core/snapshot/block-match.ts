// Whether a snapshot block is byte for byte the block serializeEntry would write for a sample,
// without writing it. Most samples of a check are unchanged: building each one's block as a
// string, encoding it and comparing cost most of check's main thread. Here the sample line
// is written as serializeEntry writes it (blockPrefix), a plain text compared as it is (else
// escaped), and the token lines are compared in place with each token's and id's bytes, made
// once per id.
//
// Only a `true` is relied on: a block this says differs is compared again the full way.

import { MAX_PER_LINE, MIN_PER_LINE, blockPrefix, endsLine } from './serialize.js';
import { escapeText } from './text-escape.js';
import type { SnapshotEntry } from './format.js';

// Plain Uint8Arrays like the arena, so that the byte loop reading them sees one kind of array.
const TOKENS = new TextEncoder().encode('tokens:');
const IDS = new TextEncoder().encode('ids:');
const NL = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** 2M ids (the largest vocabularies have about 260k): `info` stays within 32 MB. */
const MAX_ID = 1 << 21;

/**
 * The bytes of ` token` per id and inserted flag, made on first use from `display`, kept in one
 * arena with their offsets in typed arrays: a pointer per token to follow would cost a cache miss
 * each (a Buffer per id made this as slow as building the block). Ids are read as numbers.
 */
export class BlockMatcher {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  /**
   * Two numbers per id × 2 (+1 when inserted), side by side so that one cache line holds both:
   * where its bytes start in the arena + 1 (0: not made yet), and their length × 4 + 2 when
   * its spelling may end a line (+ 1 when not).
   */
  private info = new Int32Array(1 << 13);
  private scratch = Buffer.allocUnsafe(1 << 16);

  /** `display` spells an id; `index` is where the encoding being matched holds it (to read its piece there). */
  constructor(private readonly display: (id: number, inserted: boolean, index: number) => string) {}

  /**
   * Whether `block` (UTF-8, \n line ends) is serializeEntry's block of this sample: `key`,
   * `location`, `record`, `text`, and the spellings (`display`) and ids of its tokens.
   */
  matches(
    block: Uint8Array,
    e: Pick<SnapshotEntry, 'key' | 'location' | 'record' | 'text'>,
    ids: ArrayLike<number>,
    inserted: ArrayLike<boolean>,
  ): boolean {
    let at = this.head(block, e, ids.length);
    if (at < 0) return false;
    const count = ids.length;
    let from = 0;
    // The line pairs of tokenLineBreaks: at most MAX_PER_LINE tokens, or a sentence end after
    // MIN_PER_LINE. Each token is compared as the line's end is looked for (one pass).
    do {
      at = expect(block, at, TOKENS, 0, TOKENS.length);
      if (at < 0) return false;
      let to = from;
      while (to < count) {
        const i = to++;
        const id = ids[i]!;
        // Anything but a plain index is compared the full way; so are ids past any real vocabulary
        // (a tokenizer.json may hold id 2^30: `info` is indexed by id and would need 16 GB).
        if (!Number.isInteger(id) || id < 0 || id >= MAX_ID) return false;
        const slot = 4 * id + (inserted[i] ? 2 : 0);
        if (slot >= this.info.length || this.info[slot] === 0) this.make(id, Boolean(inserted[i]), slot, i);
        const word = this.info[slot + 1]!;
        at = expect(block, at, this.arena, this.info[slot]! - 1, word >> 2);
        if (at < 0) return false;
        const k = to - from;
        if (k >= MAX_PER_LINE || (k >= MIN_PER_LINE && (word & 3) === 2)) break;
      }
      if (block[at++] !== NL) return false;
      at = expect(block, at, IDS, 0, IDS.length);
      for (let i = from; i < to && at >= 0; i++) at = expectId(block, at, ids[i]!);
      if (at < 0 || block[at++] !== NL) return false;
      from = to;
    } while (from < count);
    return at === block.length;
  }

  /** The offset after blockHead's bytes when `block` starts with them, else -1. */
  private head(block: Uint8Array, e: Pick<SnapshotEntry, 'key' | 'location' | 'record' | 'text'>, count: number) {
    const prefix = blockPrefix(e, count);
    if (this.scratch.length < prefix.length * 3) this.scratch = Buffer.allocUnsafe(prefix.length * 3);
    const n = this.scratch.write(prefix, 0);
    if (block.length < n || this.scratch.compare(block, 0, n, 0, n) !== 0) return -1;
    // Most texts are printable ASCII without a quote or backslash: escapeText writes them quoted
    // as they are, compared here character by character (no string built, none encoded).
    const text = e.text;
    const end = n + text.length + 3;
    if (end > block.length || block[n] !== QUOTE) return -1;
    let plain = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
        plain = false;
        break;
      }
      // The escaped text starts with the same characters up to the first that is not plain.
      if (block[n + 1 + i] !== c) return -1;
    }
    if (plain) return block[end - 2] === QUOTE && block[end - 1] === NL ? end : -1;
    const rest = `${escapeText(text)}\n`;
    if (this.scratch.length < rest.length * 3) this.scratch = Buffer.allocUnsafe(rest.length * 3);
    const m = this.scratch.write(rest, 0);
    if (block.length < n + m || this.scratch.compare(block, n, n + m, 0, m) !== 0) return -1;
    return n + m;
  }

  /** Makes the bytes of an id's spelling (` token`) and whether it may end a line. */
  private make(id: number, inserted: boolean, slot: number, index: number): void {
    if (this.info.length <= slot + 1)
      this.info = grown(this.info, new Int32Array(Math.max(slot + 4, this.info.length * 2)));
    const token = this.display(id, inserted, index);
    const bytes = Buffer.from(` ${token}`);
    if (this.used + bytes.length > this.arena.length)
      this.arena = grown(this.arena, new Uint8Array(Math.max(this.arena.length * 2, this.used + bytes.length)));
    this.arena.set(bytes, this.used);
    this.info[slot] = this.used + 1;
    this.info[slot + 1] = bytes.length * 4 + (endsLine(token) ? 2 : 1);
    this.used += bytes.length;
  }
}

function grown<T extends Int32Array | Uint8Array>(old: T, into: T): T {
  into.set(old);
  return into;
}

/** The offset after `length` bytes of `bytes` from `from` when `block` holds them at `at`, else -1. */
function expect(block: Uint8Array, at: number, bytes: Uint8Array, from: number, length: number): number {
  if (at < 0 || at + length > block.length) return -1;
  for (let k = 0; k < length; k++) if (block[at + k] !== bytes[from + k]) return -1;
  return at + length;
}

/** The offset after ` ${id}` (decimal, as String(id) writes a non-negative integer) when `block` holds it at `at`, else -1. */
function expectId(block: Uint8Array, at: number, id: number): number {
  if (at < 0 || block[at] !== SPACE) return -1;
  let end = at + 1;
  let value = 0;
  for (let c = block[end]!; end < block.length && c >= ZERO && c <= ZERO + 9; c = block[++end]!)
    value = value * 10 + (c - ZERO);
  const digits = end - at - 1;
  // No digits, a leading zero (the only one String() writes is "0" itself), or another number.
  if (digits === 0 || (digits > 1 && block[at + 1] === ZERO) || value !== id) return -1;
  return end;
}
