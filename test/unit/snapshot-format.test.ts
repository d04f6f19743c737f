import { describe, expect, it } from 'vitest';
import { header } from '../support/snapshot-header.js';
import type { Snapshot } from '../../src/core/snapshot/format.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SortedRuns } from '../../src/snapshot/sorted-runs.js';
import { TEMP_FILE } from '../../src/write-file-atomic.js';
import { serializeEntry, serializeSnapshot, tokenLineBreaks } from '../../src/core/snapshot/serialize.js';
import {
  type ByteSource,
  blocksInMemory,
  bytesSource,
  indexSnapshot,
  mergedSnapshot,
  parseSnapshot,
} from '../../src/core/snapshot/snapshot-index.js';
import { escapeText, tokenDisplay, tokenMark, unescapeText } from '../../src/core/snapshot/text-escape.js';
import { sampleKey } from '../../src/core/snapshot/sample-key.js';

const tricky = [
  'plain',
  'tab\there\nnewline\r',
  'zero\u200bwidth \u202ebidi\u202c',
  'esc \u001b[31m bell \u0007',
  'lone \ud800 surrogate',
  'emoji 👨‍👩‍👧 flag 🏳️‍🌈',
  '"quotes" and \\backslash',
  '⟦brackets⟧ · dots',
];

function entry(text: string, n = 3) {
  const tokens = Array.from({ length: n }, (_, i) =>
    tokenDisplay({
      text: i === 0 ? '<s>' : `${text.slice(0, 3)}${i}`,
      special: i === 0,
      inserted: i === 0,
      unknown: false,
    }),
  );
  return { key: sampleKey(text), location: 'corpora/a.txt', text, tokens, ids: tokens.map((_, i) => i * 7) };
}

describe('snapshot text escaping', () => {
  it('round-trips every string and writes no invisible or control character', () => {
    for (const t of tricky) {
      const lit = escapeText(t);
      expect(unescapeText(lit)).toBe(t);
      expect(lit).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b\u202e\u202c]/);
    }
  });
  it('keeps plain spaces and escapes every other space-like or invisible character, on the ASCII fast path and off it', () => {
    expect(escapeText('a "b" c\\')).toBe('"a \\"b\\" c\\\\"');
    expect(escapeText('a\u00a0b c\u3000d\u00ade\u0085')).toBe('"a\\u00a0b c\\u3000d\\u00ade\\u0085"');
    expect(escapeText('caf\u00e9 \ufe0f ok')).toBe('"caf\u00e9 \ufe0f ok"');
  });
  it('writes printable ASCII as JSON.stringify does, quotes and backslashes included', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    for (const t of ['', ' ', 'plain text', 'a "quote"', 'back\\slash', ascii, ascii.repeat(3)])
      expect(escapeText(t)).toBe(JSON.stringify(t));
  });

  it('marks special, inserted and unknown tokens and escapes literal brackets', () => {
    expect(tokenDisplay({ text: '<s>', special: true, inserted: true, unknown: false })).toBe('⟦+<s>⟧');
    expect(tokenDisplay({ text: '[UNK]', special: true, inserted: false, unknown: true })).toBe('⟦?[UNK]⟧');
    expect(tokenDisplay({ text: ' the', special: false, inserted: false, unknown: false })).toBe('·the');
    const literal = tokenDisplay({ text: '⟦x⟧', special: false, inserted: false, unknown: false });
    expect(tokenMark(literal)).toBe('normal');
    expect(tokenDisplay({ text: '', special: false, inserted: false, unknown: false })).toBe('∅');
  });
});

describe('snapshot file', () => {
  const snapshot: Snapshot = { header: header(), entries: tricky.map((t, i) => entry(t, i === 0 ? 0 : 40 + i)) };

  it('round-trips and is byte-deterministic whatever the entry order', () => {
    const a = serializeSnapshot(snapshot);
    const b = serializeSnapshot({ ...snapshot, entries: [...snapshot.entries].reverse() });
    expect(b).toBe(a);
    const parsed = parseSnapshot(a);
    expect(serializeSnapshot(parsed)).toBe(a);
    expect(parsed.entries.map((e) => e.text).sort()).toEqual([...tricky].sort());
    expect(parsed.header).toEqual(header());
  });

  it("records a suite's chat template choice on the options line, and reads it back", () => {
    for (const chatTemplate of ['tool_use', 'templates/my%20trainer.jinja#0123456789ab']) {
      const h = header({ options: { addSpecialTokens: true, truncationSide: 'right', chatTemplate } });
      const text = serializeSnapshot({ header: h, entries: snapshot.entries });
      expect(text).toContain(`truncation_side=right chat_template=${chatTemplate}\n`);
      expect(parseSnapshot(text).header).toEqual(h);
    }
  });

  it('a chat sample keeps its record, whose hash is its key; the rendered text may change under it', () => {
    const record = '{"kind":"messages","messages":[{"content":"Hi","role":"user"}]}';
    const chat = { ...entry('<|im_start|>user\nHi<|im_end|>\n'), key: sampleKey(record), record };
    const text = serializeSnapshot({ header: header(), entries: [chat] });
    expect(text).toContain(`record: ${escapeText(record)}\ntext: `);
    expect(parseSnapshot(text).entries).toEqual([chat]);
    // An edited record no longer matches its key.
    expect(() => parseSnapshot(text.replace('record: "{\\"kind', 'record: "{\\"kinds'))).toThrow(
      /the record no longer matches its key/,
    );
  });

  it('an index finds each block by key: equal to its serializeEntry, parsed only when asked for', () => {
    const text = serializeSnapshot(snapshot);
    const index = indexSnapshot(text);
    expect(index.keys).toEqual(snapshot.entries.map((e) => e.key).sort());
    for (const e of snapshot.entries) {
      expect(index.holds(e.key, serializeEntry(e))).toBe(true);
      expect(index.holds(e.key, serializeEntry({ ...e, tokens: [...e.tokens, 'x'], ids: [...e.ids, 1] }))).toBe(false);
      expect(index.entry(e.key)).toEqual(parseSnapshot(text).entries.find((p) => p.key === e.key));
    }
    expect(index.holds('0000000000000000', serializeEntry(snapshot.entries[0]!))).toBe(false);
    expect(index.entry('0000000000000000')).toBeUndefined();
    // A blank line added by hand between samples or before the first is read past.
    const loose = text.replace('---\n\n== ', '---\n\n\n== ').replaceAll('\n\n== ', '\n\n\n== ');
    expect(parseSnapshot(loose)).toEqual(parseSnapshot(text));
    // A damaged block in the middle is found when it is read, with its line.
    const lines = text.split('\n');
    const ids = lines.findIndex((l, i) => i > 20 && l.startsWith('ids: '));
    const bad = [...lines];
    bad[ids] = bad[ids]!.replace(/ \d+/, ' x');
    const damaged = indexSnapshot(bad.join('\n'));
    expect(() => [...damaged.entries()]).toThrow(/is not a token id/);
    try {
      [...damaged.entries()];
    } catch (e) {
      expect((e as { line: number }).line).toBe(ids + 1);
    }
  });

  it('sorts streamed blocks into the same bytes as serializeSnapshot, in memory or in runs on disk, keys sharing a prefix included', () => {
    const keys = [
      'aaaaaaaa00000002',
      'ffffffffffffffff',
      'aaaaaaaa00000001',
      '0000000000000000',
      'aaaaaaab00000000',
      'aaaaaaa9ffffffff',
    ];
    const entries = keys.map((key, i) => ({ ...entry(tricky[i % tricky.length]!, 3), key }));
    const expected = serializeSnapshot({ header: header(), entries });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-runs-'));
    try {
      // In a folder not made yet, as a tokenizer's first snapshot is.
      const target = path.join(dir, 'new-tokenizer', 'c.snap');
      // A budget of one byte: each block is a run of its own; a large one: all held in memory.
      for (const budget of [1, 300, 1 << 20]) {
        const runs = new SortedRuns(target, budget);
        for (const e of entries) runs.add(e.key, Buffer.from(serializeEntry(e)));
        const spilled = fs.existsSync(path.dirname(target)) ? fs.readdirSync(path.dirname(target)) : [];
        if (budget === 1) expect(spilled.length).toBe(entries.length);
        else if (budget === 300) expect(spilled.length).toBeGreaterThan(1);
        else expect(spilled).toEqual([]);
        for (const f of spilled) expect(f).toMatch(TEMP_FILE);
        // Read twice (compared with the file on disk, then written): the same bytes each time.
        for (let pass = 0; pass < 2; pass++)
          expect(Buffer.concat([...mergedSnapshot(header(), undefined, runs)]).toString('utf8')).toBe(expected);
        runs.close();
        expect(fs.existsSync(path.dirname(target)) ? fs.readdirSync(path.dirname(target)) : []).toEqual([]);
      }
      const twice = new SortedRuns(target, 1);
      for (const e of [...entries, entries[2]!]) twice.add(e.key, Buffer.from(serializeEntry(e)));
      expect(() => twice.keys).toThrow(/duplicate sample key aaaaaaaa00000001/);
      twice.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('breaks long token lines after sentence ends so later lines re-synchronize', () => {
    const tokens = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? '.' : `·w${i}`));
    const breaks = tokenLineBreaks(tokens);
    expect(breaks[0]).toEqual([0, 10]);
    expect(breaks.flat().at(-1)).toBe(100);
  });

  it('names the line of a truncated or damaged file', () => {
    const text = serializeSnapshot(snapshot);
    const lines = text.split('\n');
    // Cut in the middle of a line: no final newline.
    expect(() => parseSnapshot(text.slice(0, text.length - 10))).toThrow(/truncated/);
    try {
      parseSnapshot(text.slice(0, text.length - 10));
    } catch (e) {
      expect((e as { line: number }).line).toBe(lines.length - 1);
    }
    // Cut at a line end after a tokens: line.
    const at = lines.findIndex((l) => l.startsWith('tokens:'));
    expect(() => parseSnapshot(lines.slice(0, at + 1).join('\n') + '\n')).toThrow(/without its "ids:" line/);
    // Cut between samples: fewer samples than the header says.
    const lastBlock = lines.lastIndexOf('');
    const cut =
      lines
        .slice(
          0,
          lines.findIndex((l, i) => i > 20 && l === ''),
        )
        .join('\n') + '\n';
    expect(lastBlock).toBeGreaterThan(0);
    expect(() => parseSnapshot(cut)).toThrow(/header counts \d+ samples but the file holds \d+ \(file is truncated\)/);
    // A damaged id.
    const ids = lines.findIndex((l) => l.startsWith('ids: '));
    const bad = [...lines];
    bad[ids] = bad[ids]!.replace(/\d+$/, 'x1');
    try {
      parseSnapshot(bad.join('\n'));
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/is not a token id/);
      expect((e as { line: number }).line).toBe(ids + 1);
    }
  });
});

describe('damage that would otherwise read as data', () => {
  const text = serializeSnapshot({ header: header(), entries: [entry('some text', 3)] });
  it('refuses options tokpeek never writes and ids past 32 bits, naming the line', () => {
    const lines = text.split('\n');
    const options = lines.findIndex((l) => l.startsWith('options: '));
    for (const bad of ['max_length=abc', 'max_length=-5', 'truncation_side=up', 'add_special_tokens=yes', 'x=1']) {
      const damaged = [...lines];
      damaged[options] = `options: ${bad}`;
      try {
        parseSnapshot(damaged.join('\n'));
        expect.unreachable(bad);
      } catch (e) {
        expect((e as Error).message).toMatch(/"options:" holds .* which tokpeek never writes/);
        expect((e as { line: number }).line).toBe(options + 1);
      }
    }
    const ids = lines.findIndex((l) => l.startsWith('ids: '));
    for (const id of ['99999999999999999999', '4294967296']) {
      const damaged = [...lines];
      damaged[ids] = damaged[ids]!.replace(/\d+$/, id);
      expect(() => parseSnapshot(damaged.join('\n'))).toThrow(/is not a token id/);
    }
  });
});

describe('finding blocks by key', () => {
  it("gives each key its position and its block's span, and none to a key the file does not hold", () => {
    const entries = Array.from({ length: 500 }, (_, i) => entry(`text ${i}`));
    const text = serializeSnapshot({ header: header(), entries });
    const index = indexSnapshot(text);
    const bytes = Buffer.from(text, 'utf8');
    index.keys.forEach((key, i) => {
      expect(index.position(key)).toBe(i);
      const [at, length] = index.spanAt(index.position(key))!;
      expect(bytes.subarray(at, at + length).toString('utf8')).toBe(
        serializeEntry(entries.find((e) => e.key === key)!),
      );
    });
    for (const missing of ['0000000000000001', 'fffffffffffffffe', '7fffffffffffffff', 'FFFFFFFFFFFFFFFF', 'x', ''])
      expect([index.position(missing), index.spanAt(index.position(missing)), index.has(missing)]).toEqual([
        -1,
        undefined,
        false,
      ]);
    // A CRLF checkout's blocks are read as \n text: no span to compare bytes in place.
    const crlf = indexSnapshot(text.replaceAll('\n', '\r\n'));
    expect(crlf.position(index.keys[3]!)).toBe(3);
    expect(crlf.spanAt(3)).toBeUndefined();
  });
});

describe('line endings', () => {
  it('reads a snapshot checked out with CRLF line endings', () => {
    const s: Snapshot = { header: header(), entries: [entry('carriage\r return', 3)] };
    const text = serializeSnapshot(s);
    expect(parseSnapshot(text.replaceAll('\n', '\r\n'))).toEqual(parseSnapshot(text));
  });
});

describe('a snapshot indexed over a byte source', () => {
  // Long samples, so that blocks straddle the 4 MiB read chunks of the index.
  const long = (i: number) => `sample ${i} `.repeat(2000 + i * 37);
  const snapshot: Snapshot = { header: header(), entries: Array.from({ length: 400 }, (_, i) => entry(long(i), 50)) };
  const text = serializeSnapshot(snapshot);
  const bytes = Buffer.from(text, 'utf8');
  /** A source that, like a file, returns fresh bytes on each read and counts what was read. */
  const counted = (b: Uint8Array) => {
    const read = { bytes: 0, calls: 0 };
    const source: ByteSource = {
      size: b.length,
      read(at, length) {
        read.calls++;
        read.bytes += Math.min(length, b.length - at);
        return Buffer.from(b.subarray(at, at + length));
      },
    };
    return { source, read };
  };

  it('finds every block across read chunks, and reads the file once to index it', () => {
    expect(bytes.length).toBeGreaterThan(3 * 2 ** 22);
    const { source, read } = counted(bytes);
    const index = indexSnapshot(source);
    expect(index.keys).toEqual(snapshot.entries.map((e) => e.key).sort());
    // Header, body in chunks and the last block: about one pass over the file, not more.
    expect(read.bytes).toBeLessThan(bytes.length * 1.1);
    for (const e of snapshot.entries.slice(0, 50)) {
      expect(index.holds(e.key, serializeEntry(e))).toBe(true);
      expect(index.holds(e.key, serializeEntry({ ...e, ids: e.ids.map((x) => x + 1) }))).toBe(false);
      expect(Buffer.from(index.block(e.key)!).toString('utf8')).toBe(serializeEntry(e));
    }
    expect([...index.entries()].map((e) => e.text)).toEqual(parseSnapshot(text).entries.map((e) => e.text));
  });

  it('merges changed blocks into the old file as chunks equal to serializeSnapshot', () => {
    const index = indexSnapshot(bytesSource(bytes));
    const [a, b, c] = snapshot.entries;
    const changedA = { ...a!, ids: a!.ids.map((x) => x + 1) };
    const added = entry('a sample the old file lacks', 4);
    const changed = new Map([
      [changedA.key, Buffer.from(serializeEntry(changedA))],
      [added.key, Buffer.from(serializeEntry(added))],
    ]);
    const drop = new Set([b!.key, c!.key]);
    const merged = Buffer.concat([
      ...mergedSnapshot(header(), index, blocksInMemory(changed), (k) => drop.has(k)),
    ]).toString('utf8');
    const expected = serializeSnapshot({
      header: header(),
      entries: [...snapshot.entries.filter((e) => !drop.has(e.key) && e.key !== a!.key), changedA, added],
    });
    expect(merged).toBe(expected);
  });

  it('reads past a byte-order mark, and names the line of bad UTF-8 in a block', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(indexSnapshot(bytesSource(withBom)).keys.length).toBe(400);
    const lines = text.split('\n');
    const at = lines.findIndex((l, i) => i > 40 && l.startsWith('text: '));
    const bad = Buffer.from(lines.slice(0, at).join('\n') + '\n');
    const rest = Buffer.from(lines.slice(at).join('\n'));
    const damaged = Buffer.concat([bad, Buffer.from('text: "\xff'.slice(0, 7)), Buffer.from([0xff]), rest.subarray(7)]);
    const index = indexSnapshot(bytesSource(damaged));
    try {
      [...index.entries()];
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/: invalid UTF-8 at byte 8 of the line \(file damaged\)$/);
      expect((e as { line: number }).line).toBe(at + 1);
    }
  });

  it('refuses a file that is not a snapshot after its first line, and a header that never closes', () => {
    expect(() => indexSnapshot(bytesSource(Buffer.from('PK\u0003\u0004 zip\n')))).toThrow(/first line is not "---"/);
    const open = Buffer.from('---\n' + 'tokpeek: x\n'.repeat(2 ** 17));
    expect(() => indexSnapshot(bytesSource(open))).toThrow(/no closing "---"/);
  });
});
