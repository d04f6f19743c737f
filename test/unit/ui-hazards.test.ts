// Per-sample hazard bits for the browse list (filters, counts, markers), on hand-made encodings.
import { describe, expect, it } from 'vitest';
import { BYTE_FALLBACK, SPECIAL, UNKNOWN } from '../../src/core/report/token-flags.js';
import type { RawEncoding } from '../../src/core/token-model.js';
import {
  COUNTED,
  DRIFT,
  HAS_BYTE_FALLBACK,
  HAS_UNKNOWN,
  INVISIBLE,
  LITERAL_SPECIAL,
  PARTIAL,
  ROUND_TRIP,
  encodingHazards,
} from '../../src/ui/browse/hazards.js';
import { filterCounts, passes } from '../../src/ui/sample-list/filter.js';
import { markerColumns } from '../../src/ui/sample-list/sample-list.js';

// ids 0..9: 1 unknown, 2 byte fallback, 3 special.
const ids = new Uint8Array(10);
ids[1] = UNKNOWN;
ids[4] = UNKNOWN | SPECIAL; // [UNK], an added special token
ids[2] = BYTE_FALLBACK;
ids[3] = SPECIAL;
const table = { of: (id: number) => ids[id] ?? 0 };

const enc = (ids: number[], pieces: string[], inserted: boolean[] = ids.map(() => false), roundTripAt?: number) =>
  ({ ids, pieces, inserted, ...(roundTripAt !== undefined ? { roundTripAt } : {}) }) as RawEncoding;

describe('hazards of a sample', () => {
  it('flags unknown, byte-fallback and literal special tokens, not an inserted special', () => {
    expect(encodingHazards('a', enc([0], ['a']), table, false)).toBe(COUNTED);
    expect(encodingHazards('a', enc([1], ['<unk>']), table, false) & HAS_UNKNOWN).toBeTruthy();
    expect(encodingHazards('a', enc([2], ['<0x41>']), table, false) & HAS_BYTE_FALLBACK).toBeTruthy();
    expect(encodingHazards('x', enc([3, 0], ['<s>', 'x'], [true, false]), table, false) & LITERAL_SPECIAL).toBe(0);
    expect(encodingHazards('<s>x', enc([3, 0], ['<s>', 'x']), table, false) & LITERAL_SPECIAL).toBeTruthy();
    expect(encodingHazards('日', enc([4], ['[UNK]']), table, false) & LITERAL_SPECIAL).toBe(0);
  });

  it('flags a token boundary inside a character: byte-level pieces and <0xNN> pieces', () => {
    // "é" = C3 A9; in byte-level spelling Ã (C3) and © (A9).
    expect(encodingHazards('é', enc([0], ['Ã©']), table, true) & PARTIAL).toBe(0);
    expect(encodingHazards('é', enc([0, 0], ['Ã', '©']), table, true) & PARTIAL).toBeTruthy();
    expect(encodingHazards('é', enc([2, 2], ['<0xC3>', '<0xA9>']), table, false) & PARTIAL).toBeTruthy();
  });

  it('flags invisible or bidi characters in the text and round-trip failures', () => {
    expect(encodingHazards('a\u200bb', enc([0], ['a']), table, false) & INVISIBLE).toBeTruthy();
    expect(encodingHazards('a\u202eb', enc([0], ['a']), table, false) & INVISIBLE).toBeTruthy();
    expect(encodingHazards('ab', enc([0], ['a'], [false], 1), table, false) & ROUND_TRIP).toBeTruthy();
    expect(encodingHazards('ab', enc([0], ['a'], [false], -1), table, false) & ROUND_TRIP).toBe(0);
  });
});

describe('filters and markers', () => {
  it('counts each filter and passes samples by their bits', () => {
    const flags = [COUNTED, COUNTED | HAS_UNKNOWN | PARTIAL, COUNTED | LITERAL_SPECIAL | DRIFT, COUNTED | INVISIBLE];
    const counts = filterCounts(
      flags.length,
      (i) => flags[i]!,
      (i) => i === 0,
    );
    expect(counts).toEqual({
      special: 1,
      unknown: 1,
      'byte-fallback': 0,
      partial: 1,
      invisible: 1,
      'round-trip': 0,
      truncated: 1,
      drift: 1,
    });
    expect(passes('all', 0, false)).toBe(true);
    expect(passes('truncated', 0, true)).toBe(true);
    expect(passes('special', COUNTED | LITERAL_SPECIAL, false)).toBe(true);
    expect(passes('special', COUNTED | HAS_UNKNOWN, false)).toBe(false);
  });

  it('shows one marker column per group, in a fixed width', () => {
    const cols = (flags: number, truncated = false) =>
      markerColumns({ flags, truncated })
        .map((c) => c?.ch ?? ' ')
        .join('');
    expect(cols(COUNTED)).toBe('     ');
    expect(cols(COUNTED | HAS_UNKNOWN | PARTIAL | LITERAL_SPECIAL | ROUND_TRIP | DRIFT, true)).toBe('?⟦↺✂Δ');
    expect(cols(COUNTED | PARTIAL | INVISIBLE)).toBe('~ ␣  ');
    expect(cols(COUNTED | HAS_BYTE_FALLBACK)).toBe('#    ');
  });
});
