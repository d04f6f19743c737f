// Compressed corpora: .bz2 and .zst decompress on a worker thread (src/corpus/decompress-in-worker.ts).
// The same lines as the plain file, several bzip2 streams in one file, every cut or damaged
// archive one error naming the file (exit 2), and memory bounded while the reader is slower than
// the decompressor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput } from '../../src/corpus/open-input.js';
import { readSamples } from '../../src/corpus/read-corpus.js';
import { InputError } from '../../src/errors.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'compressed');
const plain = fs.readFileSync(path.join(FIXTURES, 'messages.jsonl'));
const bz2 = fs.readFileSync(path.join(FIXTURES, 'messages.jsonl.bz2'));
const zst = fs.readFileSync(path.join(FIXTURES, 'messages.jsonl.zst'));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-compressed-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, bytes: Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
async function bytesOf(file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const opened = openInput(file);
  for await (const chunk of opened.stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
async function texts(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const s of readSamples(file, { chat: true })) out.push(s.text);
  return out;
}

describe('compressed input on a worker thread', () => {
  it('.bz2 and .zst give the bytes and samples of the plain file', async () => {
    expect((await bytesOf(write('a.jsonl.bz2', bz2))).equals(plain)).toBe(true);
    expect((await bytesOf(write('a.jsonl.zst', zst))).equals(plain)).toBe(true);
    const want = await texts(write('a.jsonl', plain));
    expect(want).toHaveLength(40);
    expect(await texts(write('b.jsonl.bz2', bz2))).toEqual(want);
    expect(await texts(write('b.jsonl.zst', zst))).toEqual(want);
  });

  it('reads every stream of a multi-stream .bz2 (pbzip2, concatenated files)', async () => {
    const file = write('twice.jsonl.bz2', Buffer.concat([bz2, bz2]));
    expect((await bytesOf(file)).equals(Buffer.concat([plain, plain]))).toBe(true);
  });

  it('a cut, damaged or empty archive is one error naming the file, exit 2', async () => {
    const cases: [string, Buffer, RegExp][] = [
      [
        'empty.jsonl.bz2',
        Buffer.alloc(0),
        /not a readable bzip2 file \(the file ends before the compressed data does\)/,
      ],
      ['magic.jsonl.bz2', Buffer.from('BZh9 but not bzip2 at all'), /not a readable bzip2 file/],
      ['text.jsonl.bz2', plain, /not a readable bzip2 file \(Not bzip data/],
      ['trailing.jsonl.bz2', Buffer.concat([bz2, Buffer.from('junk')]), /not a readable bzip2 file/],
      ['empty.jsonl.zst', Buffer.alloc(0), /not a readable zstd file/],
      ['text.jsonl.zst', plain, /not a readable zstd file/],
    ];
    // Cut anywhere: in the header, inside the first block, just before and inside the trailer.
    for (const at of [3, 10, 100, bz2.length >> 1, bz2.length - 11, bz2.length - 4, bz2.length - 1])
      cases.push([`cut-${at}.jsonl.bz2`, bz2.subarray(0, at), /not a readable bzip2 file/]);
    for (const at of [4, zst.length >> 1, zst.length - 1])
      cases.push([`cut-${at}.jsonl.zst`, zst.subarray(0, at), /not a readable zstd file/]);
    // A flipped byte is caught by a block's checksum if not sooner.
    for (const at of [20, 200, bz2.length >> 1, bz2.length - 20]) {
      const damaged = Buffer.from(bz2);
      damaged[at]! ^= 0x55;
      cases.push([`flip-${at}.jsonl.bz2`, damaged, /not a readable bzip2 file/]);
    }
    for (const [name, bytes, message] of cases) {
      const file = write(name, bytes);
      const error = await texts(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(InputError);
      const e = error as InputError;
      expect(e.exitCode, name).toBe(2);
      expect(e.message, name).toContain(name);
      expect(e.message, name).toMatch(message);
      expect(e.message, name).not.toContain('\n');
    }
  });

  it('a missing file or a folder fails where it is opened, as plain files do', () => {
    expect(() => openInput(path.join(dir, 'missing.jsonl.bz2'))).toThrow(/missing\.jsonl\.bz2: no such file/);
    const folder = path.join(dir, 'folder.jsonl.zst');
    fs.mkdirSync(folder);
    expect(() => openInput(folder)).toThrow(/folder\.jsonl\.zst: is a folder/);
  });

  it('keeps memory bounded while the reader lags, and lets the reader stop early', async () => {
    // 400 MiB of one repeated line in 35 KB: unbounded, the decompressor would fill memory in a blink.
    const file = path.join(FIXTURES, 'jack-400mib.txt.zst');
    const before = process.memoryUsage.rss();
    let lines = 0;
    for await (const s of readSamples(file, {})) {
      expect(s.text).toBe('All work and no play makes Jack a dull boy.');
      if (++lines === 3) {
        await new Promise((r) => setTimeout(r, 600));
        // Four 1 MiB chunks in flight, the one being read and the worker itself (about 40 MiB
        // here), not the 400 MiB (transferred chunks live outside the heap: the resident size shows them).
        expect(process.memoryUsage.rss() - before).toBeLessThan(128 * 2 ** 20);
        break;
      }
    }
    expect(lines).toBe(3);
  });
});
