import { describe, expect, it } from 'vitest';
import type { RawEncoding } from '../../src/core/token-model.js';
import { packEncodings, unpackEncodings } from '../../src/tokenizers/pool-protocol.js';

const pieceOf = (id: number) => `p${id}`;

describe('pool messages', () => {
  const withOffsets: RawEncoding[] = [
    {
      ids: [1, 2, 3],
      pieces: [],
      inserted: [true, false, false],
      offsets: [
        [0, 0],
        [0, 2],
        [2, 5],
      ],
    },
    { ids: [], pieces: [], inserted: [], offsets: [] },
    { ids: [9], pieces: [], inserted: [false], offsets: [[0, 1]] },
  ];

  it('round-trips ids, inserted flags and offsets, empty encodings included', () => {
    const back = unpackEncodings(packEncodings(withOffsets), pieceOf, true);
    expect(back.map((e) => ({ ids: e.ids, inserted: e.inserted, offsets: e.offsets }))).toEqual(
      withOffsets.map((e) => ({ ids: e.ids, inserted: e.inserted, offsets: e.offsets })),
    );
    expect(back[0]!.pieces).toEqual(['p1', 'p2', 'p3']);
  });

  it('sends no offsets when no encoding has them', () => {
    const bare = withOffsets.map(({ ids, pieces, inserted }) => ({ ids, pieces, inserted }));
    const packed = packEncodings(bare);
    expect(packed.offsets.length).toBe(0);
    const back = unpackEncodings(packed, pieceOf, false);
    expect(back.map((e) => [e.ids, e.inserted, e.offsets])).toEqual(bare.map((e) => [e.ids, e.inserted, undefined]));
  });

  it('leaves out the ids of encodings that matched their snapshot block, and marks them so', () => {
    const bare = withOffsets.map(({ ids, pieces, inserted }) => ({ ids, pieces, inserted }));
    const packed = packEncodings(bare, Uint8Array.from([1, 0, 0]));
    expect([...packed.lengths]).toEqual([0, 0, 1]);
    expect([...packed.ids]).toEqual([9]);
    const back = unpackEncodings(packed, pieceOf, false);
    expect(back.map((e) => [e.matched ?? false, e.ids, e.inserted])).toEqual([
      [true, [], []],
      [false, [], []],
      [false, [9], [false]],
    ]);
  });
});
