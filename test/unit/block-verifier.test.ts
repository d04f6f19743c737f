// A pool worker's side of check (tokenizers/block-verifier.ts): it reads each sample's block
// from the snapshot file through the descriptor it is given, spells tokens as the main thread
// does (the pool's vocabulary profile, the encoding's pieces) and says which blocks are exactly
// what serializeEntry writes. Anything it cannot read or that differs is left to the main thread.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawEncoding } from '../../src/core/token-model.js';
import { serializeEntry } from '../../src/core/snapshot/serialize.js';
import { tokenDisplay } from '../../src/core/snapshot/text-escape.js';
import { sampleKey } from '../../src/core/snapshot/sample-key.js';
import { Vocabulary, vocabularyProfile } from '../../src/core/vocabulary.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { BlockVerifier } from '../../src/tokenizers/block-verifier.js';
import type { ExpectedBlocks } from '../../src/tokenizers/pool-protocol.js';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'tokenizers');
const TEXTS = [
  'The cat sat on the mat. It was happy! Was it? Yes.',
  'plain ascii without anything special',
  'tab\there, "quotes" and \\ backslash',
  'non-ASCII: café, 日本語, 🤗, and a bidi \u202e mark',
  '',
  'A long line. '.repeat(30),
];
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The blocks the main thread would write for these encodings, in one file; where each one is. */
async function snapshotOf(fixture: string) {
  const tok = await loadTokenizer(path.join(FIXTURES, fixture), 'js');
  const encodings = await tok.engine.encodeBatch(TEXTS, true);
  const profile = vocabularyProfile(tok.files.tokenizer);
  const vocabulary = new Vocabulary(profile);
  const blocks = TEXTS.map((text, i) => {
    const e = encodings[i]!;
    const tokens = e.ids.map((id, t) => tokenDisplay(vocabulary.describe(id, e.pieces[t]!, 0, 0, e.inserted[t]!)));
    const record = i === 1 ? '{"text": "plain"}' : undefined;
    const entry = { key: sampleKey(text), location: 'corpus dir/a.txt', ...(record ? { record } : {}), text };
    return { entry, bytes: Buffer.from(serializeEntry({ ...entry, tokens, ids: e.ids })) };
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-verifier-'));
  dirs.push(dir);
  const write = (edit?: (b: Buffer, i: number) => Buffer) => {
    const file = path.join(dir, `blocks-${Math.random()}`);
    const parts = blocks.map(({ bytes }, i) => (edit ? edit(Buffer.from(bytes), i) : bytes));
    fs.writeFileSync(file, Buffer.concat([Buffer.from('header\n'), ...parts]));
    const spans = new Float64Array(2 * parts.length);
    let at = 'header\n'.length;
    parts.forEach((p, i) => {
      spans[2 * i] = at;
      spans[2 * i + 1] = p.length;
      at += p.length;
    });
    const expect: ExpectedBlocks = {
      fd: fs.openSync(file, 'r'),
      spans,
      keys: blocks.map((b) => b.entry.key),
      locations: blocks.map((b) => b.entry.location),
      records: blocks.map((b) => b.entry.record),
    };
    return expect;
  };
  return { profile, encodings: encodings as RawEncoding[], write };
}

describe('BlockVerifier', () => {
  for (const fixture of ['byte-bpe', 'sp-bpe-fallback', 'wordpiece']) {
    it(`${fixture}: matches every block the snapshot writer wrote, read through the descriptor`, async () => {
      const { profile, encodings, write } = await snapshotOf(fixture);
      const expected = write();
      try {
        expect([...new BlockVerifier(profile).verify(expected, TEXTS, encodings)]).toEqual(TEXTS.map(() => 1));
      } finally {
        fs.closeSync(expected.fd);
      }
    });
  }

  it('says 0 for a block that differs in any part, one it has no span for, or cannot read', async () => {
    const { profile, encodings, write } = await snapshotOf('byte-bpe');
    // A token spelled otherwise (ids kept), an id changed, the location, the text, the count.
    const edits: Record<number, (b: Buffer) => Buffer> = {
      0: (b) => Buffer.from(b.toString().replace('tokens: ', 'tokens: x')),
      2: (b) => Buffer.from(b.toString().replace(/ids: (\d)/, (_, d) => `ids: ${(Number(d) + 1) % 10}`)),
      3: (b) => Buffer.from(b.toString().replace('corpus dir/a.txt', 'corpus dir/b.txt')),
      5: (b) => b.subarray(0, b.length - 1),
    };
    const expected = write((b, i) => edits[i]?.(b) ?? b);
    const verifier = new BlockVerifier(profile);
    try {
      expect([...verifier.verify(expected, TEXTS, encodings)]).toEqual([0, 1, 0, 0, 1, 0]);
      // No span (-1), a span past the end of the file, another sample's text.
      const spans = Float64Array.from(expected.spans);
      spans[3] = -1;
      spans[8] = 1e9;
      const texts = [...TEXTS];
      texts[1] = 'plain ascii without anything specia1';
      expect([...verifier.verify({ ...expected, spans }, texts, encodings)]).toEqual([0, 0, 0, 0, 0, 0]);
      // A block longer than any buffer (a hand-edited file): 0, not an error that fails the batch.
      const huge = Float64Array.from(expected.spans);
      huge[1] = 2 ** 40;
      expect([...verifier.verify({ ...expected, spans: huge }, TEXTS, encodings)]).toEqual([0, 1, 0, 0, 1, 0]);
    } finally {
      fs.closeSync(expected.fd);
    }
    // A closed descriptor: nothing can be read, nothing matches (the main thread compares them all).
    expect([...verifier.verify(expected, TEXTS, encodings)]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
