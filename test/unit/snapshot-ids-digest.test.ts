// check's ids digests (ids-digest.ts): taken of a snapshot's `ids:` lines as the file is scanned,
// on a thread of its own for a large file (readSnapshotIndexAhead), and compared in the workers
// with the live ids' digest instead of reading the block.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { header } from '../support/snapshot-header.js';
import { serializeSnapshot } from '../../src/core/snapshot/serialize.js';
import { bytesSource, indexSnapshot } from '../../src/core/snapshot/snapshot-index.js';
import { scanSnapshot } from '../../src/core/snapshot/snapshot-scan.js';
import { idsDigest } from '../../src/core/snapshot/ids-digest.js';
import { sampleKey } from '../../src/core/snapshot/sample-key.js';
import { tokenDisplay } from '../../src/core/snapshot/text-escape.js';
import { readSnapshotIndex, readSnapshotIndexAhead } from '../../src/snapshot/snapshot-file.js';
import { InputError } from '../../src/errors.js';

function entry(text: string, ids: number[], record?: string) {
  const tokens = ids.map((id) => tokenDisplay({ text: `t${id}`, special: false, inserted: false, unknown: false }));
  return { key: sampleKey(record ?? text), location: 'a.txt', ...(record ? { record } : {}), text, tokens, ids };
}

const digestOf = (ids: number[]) => {
  const out = new Uint32Array(2);
  idsDigest(ids, out, 0);
  return [...out];
};

const entries = [
  entry('plain', [1, 2, 3]),
  entry('empty', []),
  entry('zero', [0, 10, 2147483647]),
  entry(
    'long',
    Array.from({ length: 130 }, (_, i) => (i * 7919) % 100_000),
  ),
  entry('quote "in" it, and ünïcödé', [5, 5, 5]),
  entry('chat', [9, 8], '{"messages":[]}'),
];
const text = serializeSnapshot({ header: header(), entries });
/** The block of `key` in a serialized snapshot (up to the blank line before the next, or the end). */
const blockOf = (t: string, key: string) => {
  const at = t.indexOf(`\n== ${key}`);
  const next = t.indexOf('\n\n== ', at + 1);
  return t.slice(at, next === -1 ? t.length : next);
};
const digests = (content: string) => {
  const scan = scanSnapshot(bytesSource(Buffer.from(content, 'utf8')), { digests: true });
  const index = indexSnapshot(content);
  return new Map(index.keys.map((k, i) => [k, scan.digests ? [scan.digests[2 * i]!, scan.digests[2 * i + 1]!] : []]));
};

describe('ids digests of a snapshot', () => {
  it('are those of each block’s ids, and differ when one id, the order or the count does', () => {
    const found = digests(text);
    for (const e of entries) expect(found.get(e.key), e.text).toEqual(digestOf(e.ids));
    const seen = new Set(entries.map((e) => digestOf(e.ids).join()));
    expect(seen.size).toBe(entries.length);
    expect(digestOf([1, 2, 3])).not.toEqual(digestOf([1, 3, 2]));
    expect(digestOf([1, 2, 3])).not.toEqual(digestOf([1, 2, 4]));
    expect(digestOf([0])).not.toEqual(digestOf([0, 0]));
    expect(digestOf([])).not.toEqual([0, 0]);
  });

  it('are left out of a block without the shape serializeEntry writes, which is then read and compared', () => {
    const key = entries[0]!.key;
    const original = blockOf(text, key);
    const edits: Array<[string, (b: string) => string]> = [
      ['a line a merge left', (b) => b.replace('\ntokens:', '\n<<<<<<< HEAD\ntokens:')],
      ['an id with a leading zero', (b) => b.replace(/\nids: (\d+)/, '\nids: 0$1')],
      ['a word among the ids', (b) => b.replace(/\nids: (\d+)/, '\nids: $1x')],
      ['two spaces', (b) => b.replace(/\nids: (\d+)/, '\nids:  $1')],
      ['an id of 2^31', (b) => b.replace(/\nids: (\d+)/, '\nids: 2147483648')],
      ['a text without its closing quote', (b) => b.replace(/"\ntokens:/, '\ntokens:')],
      ['a text whose last quote is escaped', (b) => b.replace(/"\ntokens:/, '\\"\ntokens:')],
      ['an ids line without its tokens line', (b) => b.replace(/\ntokens: [^\n]*/, '')],
      ['a text edited (no longer its key’s)', (b) => b.replace('text: "plain"', 'text: "plane"')],
      ['one token more than ids', (b) => b.replace(/\ntokens: ([^\n]*)/, '\ntokens: $1 x')],
      ['another count on the sample line', (b) => b.replace(' · 3 tokens', ' · 4 tokens')],
      ['no count on the sample line', (b) => b.replace(' · 3 tokens', ' · tokens')],
      ['a sample line damaged after its count', (b) => b.replace(' · 3 tokens', ' · 3 tokns')],
      ['a blank line after it (tolerated, but not what serializeEntry writes)', (b) => `${b}\n`],
    ];
    for (const [what, edit] of edits) {
      const damaged = text.replace(original, edit(original));
      expect(damaged, what).not.toBe(text);
      const found = digests(damaged);
      expect(found.get(key), what).toEqual([0, 0]);
      expect(found.get(entries[2]!.key), what).toEqual(digestOf(entries[2]!.ids));
    }
    // A chat sample is keyed by its record: an edited record gets none, an edited text still does.
    const chat = entries[5]!;
    const chatBlock = blockOf(text, chat.key);
    expect(digests(text.replace(chatBlock, chatBlock.replace('messages', 'messagez'))).get(chat.key)).toEqual([0, 0]);
    expect(digests(text.replace(chatBlock, chatBlock.replace('text: "chat"', 'text: "chap"'))).get(chat.key)).toEqual(
      digestOf(chat.ids),
    );
    // A text with escapes is unescaped before it is hashed.
    expect(digests(text).get(entries[4]!.key)).toEqual(digestOf(entries[4]!.ids));
    // Invalid UTF-8 anywhere in a window: none of its blocks gets a digest.
    const bytes = Buffer.from(text, 'utf8');
    bytes[bytes.indexOf('ünïcödé') + 1] = 0xff;
    const scan = scanSnapshot(bytesSource(bytes), { digests: true });
    expect([...scan.digests!].every((d) => d === 0)).toBe(true);
    // A CRLF checkout has none at all.
    expect(scanSnapshot(bytesSource(Buffer.from(text.replaceAll('\n', '\r\n'))), { digests: true }).digests).toBe(
      undefined,
    );
  });
});

describe('a large snapshot scanned on a thread of its own', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-scan-ahead-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Past readSnapshotIndexAhead's 8 MiB: about 30,000 blocks.
  const big = Array.from({ length: 30_000 }, (_, i) =>
    entry(
      `sample ${i} ${'words '.repeat(30)}`,
      Array.from({ length: 20 + (i % 13) }, (_, k) => (i * 31 + k) % 200_000),
    ),
  );
  const bigText = serializeSnapshot({ header: header(), entries: big });
  const file = path.join(dir, 'big.snap');
  fs.writeFileSync(file, bigText);

  it('gives the index the main thread makes, with every block’s digest', async () => {
    expect(fs.statSync(file).size).toBeGreaterThan(8 << 20);
    // The thread's answer, seen as it comes (a thread that fails leaves the scan to this one).
    const answers: unknown[] = [];
    const onWorker = (w: Worker) => w.once('message', (m: unknown) => answers.push(m));
    process.on('worker', onWorker);
    const ahead = await readSnapshotIndexAhead(file, 'big.snap').finally(() => process.off('worker', onWorker));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toHaveProperty('scan.count', 30_000);
    const here = readSnapshotIndex(file, 'big.snap');
    try {
      expect(ahead.keys).toEqual(here.keys);
      expect(ahead.header).toEqual(here.header);
      for (const i of [0, 1, 777, 29_999]) {
        const key = here.keys[i]!;
        expect(ahead.spanAt(i)).toEqual(here.spanAt(i));
        expect(ahead.entry(key)).toEqual(here.entry(key));
        const e = big.find((x) => x.key === key)!;
        expect([ahead.idsDigests![2 * i], ahead.idsDigests![2 * i + 1]]).toEqual(digestOf(e.ids));
      }
    } finally {
      ahead.close();
      here.close();
    }
  });

  it('reports a damaged file as the main thread does: an InputError naming the file and line', async () => {
    const keys = indexSnapshot(bigText).keys;
    const damaged = path.join(dir, 'damaged.snap');
    // Two blocks swapped: out of key order.
    const [a, b] = [bigText.indexOf(`\n== ${keys[100]}`), bigText.indexOf(`\n== ${keys[101]}`)];
    const c = bigText.indexOf(`\n== ${keys[102]}`);
    fs.writeFileSync(damaged, bigText.slice(0, a) + bigText.slice(b, c) + bigText.slice(a, b) + bigText.slice(c));
    const here = (() => {
      try {
        readSnapshotIndex(damaged, 'damaged.snap');
      } catch (e) {
        return e;
      }
    })();
    expect(here).toBeInstanceOf(InputError);
    const answers: unknown[] = [];
    const onWorker = (w: Worker) => w.once('message', (m: unknown) => answers.push(m));
    process.on('worker', onWorker);
    const ahead = await readSnapshotIndexAhead(damaged, 'damaged.snap')
      .then(
        () => undefined,
        (e: unknown) => e,
      )
      .finally(() => process.off('worker', onWorker));
    // The thread found it (the same message the scan here gives comes from its answer).
    expect(answers).toEqual([{ format: { message: expect.stringMatching(/out of order/), line: expect.any(Number) } }]);
    expect(ahead).toBeInstanceOf(InputError);
    expect((ahead as InputError).message).toBe((here as InputError).message);
    expect((ahead as InputError).message).toMatch(/^damaged\.snap:\d+: sample [0-9a-f]{16} is out of order/);
    await expect(readSnapshotIndexAhead(path.join(dir, 'missing.snap'), 'missing.snap')).rejects.toThrow(
      /missing\.snap/,
    );
  });
});
