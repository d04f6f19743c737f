import { describe, expect, it } from 'vitest';
import { BlockMatcher } from '../../src/core/snapshot/block-match.js';
import type { SnapshotEntry } from '../../src/core/snapshot/format.js';
import { serializeEntry } from '../../src/core/snapshot/serialize.js';
import { mulberry32 } from '../../src/core/random.js';

// Spellings as a tokenizer's display gives them: some end a line (sentence ends, ⏎), some are
// multi-byte, one is empty; inserted tokens are spelled apart.
const SPELLINGS = ['·the', 'cat', '.', '⏎', '·日本', '🤗', '!', '', '·a', '?', 'x'.repeat(40), '·…'];
const display = (id: number, inserted: boolean) =>
  inserted ? `⟦+${id}⟧` : (SPELLINGS[id % SPELLINGS.length] ?? '') + (id >= SPELLINGS.length ? String(id) : '');

// Texts the matcher compares character by character (printable ASCII, quotes and backslashes,
// non-ASCII characters escapeText writes as themselves) and texts it escapes as a whole
// (controls, DEL, C1, invisible characters, surrogates).
const TEXTS: Array<(n: number) => string> = [
  (n) => `plain text ${n}`,
  (n) => `say "hi" \\ there ${n}`,
  (n) => `naïve café — “quoted” ’s 日本語 ${n} ¼`,
  (n) => `tab\there\u00a0nbsp "quoted" \\ back ${'🤗'.repeat(n % 3)}`,
  (n) => `zero\u200bwidth ${n} \u007f del \u0085 c1`,
  (n) => `lone \ud800 surrogate ${n} é`,
  () => '',
];

function entryOf(
  random: () => number,
  count: number,
  text = TEXTS[Math.floor(random() * TEXTS.length)]!,
): { e: SnapshotEntry; ids: number[]; inserted: boolean[] } {
  const ids: number[] = [];
  const inserted: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const pick = random();
    ids.push(pick < 0.5 ? Math.floor(random() * SPELLINGS.length) : Math.floor(random() * 300_000));
    inserted.push((i === 0 || i === count - 1) && random() < 0.3);
  }
  const e: SnapshotEntry = {
    key: Math.floor(random() * 2 ** 32)
      .toString(16)
      .padStart(16, '0'),
    ...(random() < 0.5
      ? { location: random() < 0.5 ? `corpus dir/file ${count}.txt` : `données/fïle ${count}.txt` }
      : {}),
    ...(random() < 0.2 ? { record: `{"a": ${count}}` } : {}),
    text: text(count),
    tokens: ids.map((id, i) => display(id, inserted[i]!)),
    ids,
  };
  return { e, ids, inserted };
}

describe('BlockMatcher', () => {
  it("says true for serializeEntry's own block, whatever the token count and line breaks", () => {
    const random = mulberry32(7);
    const m = new BlockMatcher(display);
    for (const count of [0, 1, 7, 8, 9, 31, 32, 33, 64, 65, 200]) {
      for (let k = 0; k < 5; k++) {
        const { e, ids, inserted } = entryOf(random, count);
        expect(m.matches(Buffer.from(serializeEntry(e)), e, ids, inserted)).toBe(true);
      }
    }
  });

  it('leaves an id past any real vocabulary (a hostile tokenizer.json) to the full comparison, allocating nothing for it', () => {
    const m = new BlockMatcher(display);
    for (const id of [2 ** 21, 2 ** 30, 2 ** 31 - 1]) {
      const ids = [1, id];
      const inserted = [false, false];
      const e: SnapshotEntry = { key: '00000000000000ab', text: 'x', tokens: ids.map((i) => display(i, false)), ids };
      expect(m.matches(Buffer.from(serializeEntry(e)), e, ids, inserted)).toBe(false);
    }
    expect(
      m.matches(
        Buffer.from(
          serializeEntry({
            key: '00000000000000ab',
            text: 'x',
            tokens: [display(2 ** 21 - 1, false)],
            ids: [2 ** 21 - 1],
          }),
        ),
        { key: '00000000000000ab', text: 'x' },
        [2 ** 21 - 1],
        [false],
      ),
    ).toBe(true);
  });

  it('says false when any byte of the block differs, or it is cut or longer', () => {
    const random = mulberry32(8);
    const m = new BlockMatcher(display);
    for (const [count, text] of [0, 3, 40].flatMap((n) => TEXTS.map((t) => [n, t] as const))) {
      const { e, ids, inserted } = entryOf(random, count, text);
      const block = Buffer.from(serializeEntry(e));
      for (let at = 0; at < block.length; at++) {
        const changed = Buffer.from(block);
        changed[at] = changed[at] === 0x31 ? 0x32 : 0x31;
        expect(m.matches(changed, e, ids, inserted), `byte ${at}`).toBe(false);
      }
      expect(m.matches(block.subarray(0, block.length - 1), e, ids, inserted)).toBe(false);
      expect(m.matches(Buffer.concat([block, Buffer.from('\n')]), e, ids, inserted)).toBe(false);
    }
  });

  it('says false for other ids, other spellings, or ids written with a leading zero', () => {
    const m = new BlockMatcher(display);
    const ids = [12, 5, 300];
    const inserted = [false, false, false];
    const e: SnapshotEntry = { key: '0123456789abcdef', text: 'x', tokens: ids.map((id) => display(id, false)), ids };
    const block = serializeEntry(e);
    expect(m.matches(Buffer.from(block), e, ids, inserted)).toBe(true);
    expect(m.matches(Buffer.from(block), e, [12, 5, 301], inserted)).toBe(false);
    expect(m.matches(Buffer.from(block), e, ids, [true, false, false])).toBe(false);
    expect(m.matches(Buffer.from(block.replace('ids: 12 5 300', 'ids: 12 05 300')), e, ids, inserted)).toBe(false);
    expect(m.matches(Buffer.from(block), { ...e, text: 'y' }, ids, inserted)).toBe(false);
    expect(m.matches(Buffer.from(block), e, [12, 5, 300.5], inserted)).toBe(false);
  });
});
