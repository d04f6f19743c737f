// Whether a snapshot block is byte for byte the block serializeEntry would write for a sample,
// without writing it. Most samples of a check are unchanged: building each one's block as a
// string, encoding it and comparing cost most of check's main thread. Here the sample line
// is written as serializeEntry writes it (blockPrefix), a plain text compared as it is (else
// escaped), and the token lines are compared in place with each token's and id's bytes, made
// once per id.
//
// Only a `true` is relied on: a block this says differs is compared again the full way.
//
// Check's workers run this for every unchanged sample (block-verifier.ts), so it costs them
// as much as a fifth of encoding. Per sample, the sample line is compared piece by piece (the
// part after the count made once per location), and the text character by character where
// escapeText writes a character as itself (printable ASCII, and each other BMP character it
// leaves alone, asked of escapeText once per character); a text with any other character is
// escaped as a whole, as before. Per token, the spelling is found through a dense index in the
// order ids are first met: the frequent tokens' spellings and lengths sit together in a few
// kilobytes, where a slot per id spread them over megabytes (a cache miss on a third of tokens).

import { MAX_PER_LINE, MIN_PER_LINE, blockPrefix, endsLine } from './serialize.js';
import { escapeText, headerValue } from './text-escape.js';
import type { SnapshotEntry } from './format.js';

// Plain Uint8Arrays like the arena, so that the byte loop reading them sees one kind of array.
const utf8 = new TextEncoder();
const TOKENS = utf8.encode('tokens:');
const IDS = utf8.encode('ids:');
const NL = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SAMPLE_LINE = utf8.encode('\n== ');
const DOT = utf8.encode(' ·');
/** escapeText would have to escape the whole text: the character is not one written as itself. */
const ESCAPED = -2;
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
  /** Per id, its spelling's dense index + 1 (0: not made yet); inserted tokens, spelled apart, in the second. */
  private readonly dense = [new Int32Array(1 << 13), new Int32Array(0)];
  private made = 0;
  /**
   * Two numbers per dense index, side by side so that one cache line holds both: where its
   * bytes start in the arena, and their length × 4 + 2 when its spelling may end a line (+ 1 when not).
   */
  private info = new Int32Array(1 << 12);
  private scratch = Buffer.allocUnsafe(1 << 16);
  /** Per BMP code unit: 1 when escapeText writes it as itself, 2 when it escapes it, 0 not asked yet. */
  private readonly plain = new Uint8Array(0x10000);
  /** The sample line after its count, and `text: `, for samples of one location without a record. */
  private tail: { location: string | undefined; one: Uint8Array; many: Uint8Array } | undefined;

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
        const dense = this.dense[inserted[i] ? 1 : 0]!;
        let d = id < dense.length ? dense[id]! - 1 : -1;
        if (d < 0) d = this.make(id, Boolean(inserted[i]), i);
        const word = this.info[2 * d + 1]!;
        at = expect(block, at, this.arena, this.info[2 * d]!, word >> 2);
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
    let n = e.record === undefined ? this.sampleLine(block, e.key, e.location, count) : -2;
    if (n === -2) {
      // A chat sample's record line: the prefix as a string.
      const prefix = blockPrefix(e, count);
      if (this.scratch.length < prefix.length * 3) this.scratch = Buffer.allocUnsafe(prefix.length * 3);
      n = this.scratch.write(prefix, 0);
      if (block.length < n || this.scratch.compare(block, 0, n, 0, n) !== 0) return -1;
    }
    if (n < 0) return -1;
    const end = this.text(block, n, e.text);
    if (end !== ESCAPED) return end;
    const rest = `${escapeText(e.text)}\n`;
    if (this.scratch.length < rest.length * 3) this.scratch = Buffer.allocUnsafe(rest.length * 3);
    const m = this.scratch.write(rest, 0);
    if (block.length < n + m || this.scratch.compare(block, n, n + m, 0, m) !== 0) return -1;
    return n + m;
  }

  /** The offset after blockPrefix's bytes (no record) when `block` starts with them, -1 when not, -2 for a key that is not ASCII. */
  private sampleLine(block: Uint8Array, key: string, location: string | undefined, count: number): number {
    let at = expect(block, 0, SAMPLE_LINE, 0, SAMPLE_LINE.length);
    if (at < 0 || at + key.length > block.length) return -1;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c > 0x7e) return -2;
      if (block[at + i] !== c) return -1;
    }
    // ` · ${count}`: the count as the ids are.
    at = expectId(block, expect(block, at + key.length, DOT, 0, DOT.length), count);
    if (at < 0) return -1;
    if (!this.tail || this.tail.location !== location) {
      const after = `${location === undefined ? '' : ` · ${headerValue(location)}`}\ntext: `;
      this.tail = { location, one: utf8.encode(` token${after}`), many: utf8.encode(` tokens${after}`) };
    }
    const tail = count === 1 ? this.tail.one : this.tail.many;
    return expect(block, at, tail, 0, tail.length);
  }

  /**
   * The offset after the text's literal and its line end when `block` holds them at `at`, -1
   * when not, or ESCAPED when the text holds a character escapeText escapes (it is compared as a
   * whole then). A character written as itself is compared as its UTF-8 bytes; `"` and `\\` as
   * JSON writes them.
   */
  private text(block: Uint8Array, at: number, text: string): number {
    if (block[at++] !== QUOTE) return -1;
    const n = text.length;
    if (at + n + 2 > block.length) return -1;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f) {
        if (c === QUOTE || c === BACKSLASH) {
          if (block[at++] !== BACKSLASH) return -1;
        }
        if (block[at++] !== c) return -1;
        continue;
      }
      // Controls, DEL, surrogates (JSON and the invisible set escape them) and what escapeText escapes.
      if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff) || this.escapes(c)) return ESCAPED;
      if (c < 0x800) {
        if (block[at] !== (0xc0 | (c >> 6)) || block[at + 1] !== (0x80 | (c & 0x3f))) return -1;
        at += 2;
      } else {
        if (
          block[at] !== (0xe0 | (c >> 12)) ||
          block[at + 1] !== (0x80 | ((c >> 6) & 0x3f)) ||
          block[at + 2] !== (0x80 | (c & 0x3f))
        )
          return -1;
        at += 3;
      }
    }
    return block[at] === QUOTE && block[at + 1] === NL ? at + 2 : -1;
  }

  /** Whether escapeText escapes this BMP character (asked of escapeText itself, once). */
  private escapes(c: number): boolean {
    if (this.plain[c] === 0) {
      const ch = String.fromCharCode(c);
      this.plain[c] = escapeText(ch) === `"${ch}"` ? 1 : 2;
    }
    return this.plain[c] === 2;
  }

  /** Makes the bytes of an id's spelling (` token`) and whether it may end a line; returns its dense index. */
  private make(id: number, inserted: boolean, index: number): number {
    const which = inserted ? 1 : 0;
    const dense = this.dense[which]!;
    if (dense.length <= id) this.dense[which] = grown(dense, new Int32Array(Math.max(id + 1, dense.length * 2)));
    const d = this.made++;
    if (this.info.length < 2 * this.made) this.info = grown(this.info, new Int32Array(this.info.length * 2));
    const token = this.display(id, inserted, index);
    const bytes = Buffer.from(` ${token}`);
    if (this.used + bytes.length > this.arena.length)
      this.arena = grown(this.arena, new Uint8Array(Math.max(this.arena.length * 2, this.used + bytes.length)));
    this.arena.set(bytes, this.used);
    this.info[2 * d] = this.used;
    this.info[2 * d + 1] = bytes.length * 4 + (endsLine(token) ? 2 : 1);
    this.used += bytes.length;
    this.dense[which]![id] = d + 1;
    return d;
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
