// A pool worker's side of `check`: each encoding compared with the block its sample has in the
// snapshot file, by its ids digest where the batch carries one (ids-digest.ts), else read here
// through the descriptor the main thread opened and compared as BlockMatcher compares it
// there. Tokens are spelled as the main thread spells them (open-tokenizer.ts
// `display`): the vocabulary profile the pool's Vocabulary is made of, and the encoding's pieces.
//
// Only a `true` is relied on: any other sample goes back with its ids and is compared the full
// way on the main thread (as is every sample of a read that fails here).

import fs from 'node:fs';
import type { RawEncoding } from '../core/token-model.js';
import type { TokenizerJson } from '../core/tokenizer-files.js';
import { Vocabulary } from '../core/vocabulary.js';
import { BlockMatcher } from '../core/snapshot/block-match.js';
import { matchesDigest } from '../core/snapshot/ids-digest.js';
import { tokenDisplay } from '../core/snapshot/text-escape.js';
import type { ExpectedBlocks } from './pool-protocol.js';

export class BlockVerifier {
  private readonly matcher: BlockMatcher;
  /** The encoding being matched: `display` reads a new id's piece from it. */
  private current: RawEncoding | undefined;
  private scratch = Buffer.allocUnsafe(1 << 16);
  private readonly digest = new Uint32Array(2);

  constructor(profile: TokenizerJson) {
    const vocabulary = new Vocabulary(profile);
    this.matcher = new BlockMatcher((id, inserted, index) => {
      // The table path's encodings give one piece without spelling the whole encoding.
      const e = this.current as RawEncoding & { pieceAt?(index: number): string };
      const piece = e.pieceAt ? e.pieceAt(index) : e.pieces[index]!;
      return tokenDisplay(vocabulary.describe(id, piece, 0, 0, inserted));
    });
  }

  /** 1 for each encoding that gives exactly its expected block. */
  verify(expect: ExpectedBlocks, texts: readonly string[], encodings: readonly RawEncoding[]): Uint8Array {
    const matched = new Uint8Array(encodings.length);
    for (let i = 0; i < encodings.length; i++) if (this.matches(expect, i, texts[i]!, encodings[i]!)) matched[i] = 1;
    return matched;
  }

  /** Whether the encoding of the batch's text `i` gives exactly its expected block. */
  matches(expect: ExpectedBlocks, i: number, text: string, e: RawEncoding): boolean {
    const length = expect.spans[2 * i + 1]!;
    if (!(length >= 0)) return false;
    // A block with an ids digest is not read: see ids-digest.ts. (0, 0): it has none.
    const { digests } = expect;
    if (digests && (digests[2 * i] !== 0 || digests[2 * i + 1] !== 0))
      return matchesDigest(e.ids, digests, i, this.digest);
    try {
      const block = this.read(expect.fd, expect.spans[2 * i]!, length);
      if (!block) return false;
      this.current = e;
      const record = expect.records?.[i];
      const sample = { key: expect.keys[i]!, location: expect.locations[i]!, record, text };
      return this.matcher.matches(block, sample, e.ids, e.inserted);
    } catch {
      // Whatever a hand-edited file does here, the main thread compares the sample the full way.
      return false;
    } finally {
      this.current = undefined;
    }
  }

  /** `length` bytes at `at` (valid until the next read), or undefined when they cannot be read. */
  private read(fd: number, at: number, length: number): Uint8Array | undefined {
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(Math.max(length, this.scratch.length * 2));
    try {
      for (let n = 0, got: number; n < length; n += got)
        if ((got = fs.readSync(fd, this.scratch, n, length - n, at + n)) === 0) return undefined;
    } catch {
      return undefined;
    }
    return this.scratch.subarray(0, length);
  }
}
