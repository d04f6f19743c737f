// Whether a snapshot block is byte for byte the block serializeEntry would write for a sample,
// without writing it. Most samples of a check are unchanged: building each one's block as a
// string, encoding it and comparing cost most of check's main thread. Here the sample line
// and text are written as serializeEntry writes them (blockHead), and the token lines are
// compared in place with each token's and id's bytes, made once per id.
//
// Only a `true` is relied on: a block this says differs is compared again the full way.

import { MAX_PER_LINE, MIN_PER_LINE, blockHead, endsLine } from './serialize.js';
import type { SnapshotEntry } from './format.js';

const TOKENS = Buffer.from('tokens:');
const IDS = Buffer.from('ids:');
const NL = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
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

  constructor(private readonly display: (id: number, inserted: boolean) => string) {}

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
    const head = blockHead(e, ids.length);
    if (this.scratch.length < head.length * 3) this.scratch = Buffer.allocUnsafe(head.length * 3);
    const n = this.scratch.write(head, 0);
    if (block.length < n || this.scratch.compare(block, 0, n, 0, n) !== 0) return false;
    const count = ids.length;
    let at = n;
    let from = 0;
    // The line pairs of tokenLineBreaks: at most MAX_PER_LINE tokens, or a sentence end after MIN_PER_LINE.
    do {
      let to = from;
      while (to < count) {
        const i = to++;
        const id = ids[i]!;
        // Anything but a plain index is compared the full way; so are ids past any real vocabulary
        // (a tokenizer.json may hold id 2^30: `info` is indexed by id and would need 16 GB).
        if (!Number.isInteger(id) || id < 0 || id >= MAX_ID) return false;
        const slot = 4 * id + (inserted[i] ? 2 : 0);
        if (slot >= this.info.length || this.info[slot] === 0) this.make(id, Boolean(inserted[i]), slot);
        const k = to - from;
        if (k >= MAX_PER_LINE || (k >= MIN_PER_LINE && (this.info[slot + 1]! & 3) === 2)) break;
      }
      const info = this.info;
      const arena = this.arena;
      at = expect(block, at, TOKENS, 0, TOKENS.length);
      for (let i = from; i < to && at >= 0; i++) {
        const slot = 4 * ids[i]! + (inserted[i] ? 2 : 0);
        at = expect(block, at, arena, info[slot]! - 1, info[slot + 1]! >> 2);
      }
      if (at < 0 || block[at++] !== NL) return false;
      at = expect(block, at, IDS, 0, IDS.length);
      for (let i = from; i < to && at >= 0; i++) at = expectId(block, at, ids[i]!);
      if (at < 0 || block[at++] !== NL) return false;
      from = to;
    } while (from < count);
    return at === block.length;
  }

  /** Makes the bytes of an id's spelling (` token`) and whether it may end a line. */
  private make(id: number, inserted: boolean, slot: number): void {
    if (this.info.length <= slot + 1)
      this.info = grown(this.info, new Int32Array(Math.max(slot + 4, this.info.length * 2)));
    const token = this.display(id, inserted);
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
