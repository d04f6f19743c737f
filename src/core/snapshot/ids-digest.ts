// A 64-bit digest of a sample's ids, taken of a snapshot block's `ids:` lines while the file is
// scanned (block-ids.ts) and of the live encoding in a pool worker: `check` compares the two
// instead of reading the block again, when the snapshot was written by this tokpeek from the same
// tokenizer files and engine (see check-subject.ts: the block's other lines follow from its
// ids and key then). Reading every block in the workers cost check ~1.5 s of CPU on a 146 MB
// snapshot: its bytes went through the caches the encoder lives in.
//
// Two 32-bit hashes (MurmurHash3's mixing, two seeds) over the ids and their count: two
// different id sequences share a digest with a chance of about 2^-64 (two that differ in one id
// never do: each step of the mixing is invertible). (0, 0) means "no digest": a block that does
// not pass parseBlock's checks as block-ids.ts reads it gets none, and is compared the full way
// (and its damage reported) as before.

const SEED_A = 0x9747b28c;
const SEED_B = 0x6a09e667;

function mix(h: number, id: number): number {
  let k = Math.imul(id, 0xcc9e2d51);
  k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, count: number): number {
  h ^= count;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Writes the digest of `ids` at `out[2 * at]`, `out[2 * at + 1]`, never (0, 0). */
export function idsDigest(ids: ArrayLike<number>, out: Uint32Array, at: number): void {
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < ids.length; i++) {
    a = mix(a, ids[i]!);
    b = mix(b, ~ids[i]!);
  }
  store(out, at, finish(a, ids.length), finish(b, ids.length));
}

/** Whether `ids` has the digest at `digests[2 * at]` (`scratch`: 2 words). */
export function matchesDigest(ids: ArrayLike<number>, digests: Uint32Array, at: number, scratch: Uint32Array): boolean {
  idsDigest(ids, scratch, 0);
  return scratch[0] === digests[2 * at] && scratch[1] === digests[2 * at + 1];
}

function store(out: Uint32Array, at: number, a: number, b: number): void {
  out[2 * at] = a;
  out[2 * at + 1] = a === 0 && b === 0 ? 1 : b;
}
