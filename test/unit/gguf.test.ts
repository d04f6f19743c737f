// GGUF metadata: the test writer and tokpeek's reader agree; the token model a GGUF vocabulary
// gives (flags from token types); offsets from token bytes; and the metadata checks behind
// `info --against`, on the hand-made fixture tokenizers.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGgufHeader } from '../../src/gguf/read-gguf.js';
import { tokenizerFileHashes } from '../../src/snapshot/file-hashes.js';
import { TOKEN_TYPE } from '../../src/core/gguf-vocabulary.js';
import { ggufTokenizerOf, tokenizerFilesOf } from '../../src/gguf/gguf-tokenizer.js';
import { compareGgufWithHf } from '../../src/gguf/compare.js';
import { alignTokenBytes } from '../../src/engines/byte-offsets.js';
import { Vocabulary } from '../../src/core/vocabulary.js';
import { readTokenizerFiles } from '../../src/tokenizers/load.js';
import { utf8Bytes } from '../../src/core/byte-level.js';
import { ggufBytes, writeGguf } from '../support/gguf-writer.js';
import { writeGgufFromHfFolder } from '../support/gguf-from-hf.js';
import { ROOT } from '../support/paths.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'tokenizers');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-gguf-unit-'));

describe('GGUF metadata reader', () => {
  it('reads back every value type the writer writes', () => {
    const file = path.join(tmp, 'types.gguf');
    writeGguf(file, {
      'general.architecture': { type: 'string', value: 'llama' },
      'a.u32': { type: 'u32', value: 4_000_000_000 },
      'a.i32': { type: 'i32', value: -7 },
      'a.f32': { type: 'f32', value: 0.5 },
      'a.bool': { type: 'bool', value: true },
      'a.strings': { type: 'string[]', value: ['', 'Ġthe', '▁é', '<0xF0>'] },
      'a.ints': { type: 'i32[]', value: [1, 3, 6] },
      'a.floats': { type: 'f32[]', value: [-1.5, 0] },
    });
    const h = readGgufHeader(file);
    expect(h.version).toBe(3);
    expect(h.tensorCount).toBe(0n);
    expect(h.metadataBytes).toBe(fs.statSync(file).size);
    expect(Object.fromEntries(h.metadata)).toEqual({
      'general.architecture': 'llama',
      'a.u32': 4_000_000_000,
      'a.i32': -7,
      'a.f32': 0.5,
      'a.bool': true,
      'a.strings': ['', 'Ġthe', '▁é', '<0xF0>'],
      'a.ints': [1, 3, 6],
      'a.floats': [-1.5, 0],
    });
  });

  it('hashes only the metadata of a GGUF for snapshot headers: weights after it do not count', () => {
    const file = path.join(tmp, 'with-weights.gguf');
    writeGguf(file, { 'tokenizer.ggml.tokens': { type: 'string[]', value: ['a', 'b'] } });
    const before = tokenizerFileHashes(file);
    fs.appendFileSync(file, Buffer.alloc(4096, 7));
    expect(tokenizerFileHashes(file)).toEqual(before);
    expect(before[0]![0]).toBe('gguf-metadata');
    writeGguf(file, { 'tokenizer.ggml.tokens': { type: 'string[]', value: ['a', 'c'] } });
    expect(tokenizerFileHashes(file)).not.toEqual(before);
  });

  it('names the file and the fault for broken files', () => {
    const bytes = ggufBytes({ 'tokenizer.ggml.tokens': { type: 'string[]', value: ['a', 'b', 'c'] } });
    const truncated = path.join(tmp, 'truncated.gguf');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 2));
    expect(() => readGgufHeader(truncated)).toThrow(`${truncated}: GGUF metadata ends early`);
    const notGguf = path.join(tmp, 'not.gguf');
    fs.writeFileSync(notGguf, '{"model": {}}');
    expect(() => readGgufHeader(notGguf)).toThrow(`${notGguf}: not a GGUF file`);
    const huge = Buffer.from(bytes);
    // The array's item count (after key, type and item type) claims 2^62 items.
    huge.writeBigUInt64LE(1n << 62n, 24 + 8 + 'tokenizer.ggml.tokens'.length + 8);
    const corrupt = path.join(tmp, 'corrupt.gguf');
    fs.writeFileSync(corrupt, huge);
    expect(() => readGgufHeader(corrupt)).toThrow(/corrupt GGUF metadata: tokenizer.ggml.tokens claims/);
    const noTokenizer = path.join(tmp, 'weights-only.gguf');
    writeGguf(noTokenizer, { 'general.architecture': { type: 'string', value: 'llama' } });
    expect(() => ggufTokenizerOf(noTokenizer, readGgufHeader(noTokenizer))).toThrow(/has no tokenizer/);
  });
});

describe('GGUF vocabulary as a token model', () => {
  const spm = path.join(tmp, 'sp-bpe-fallback.gguf');
  writeGgufFromHfFolder(path.join(FIXTURES, 'sp-bpe-fallback'), spm);
  const bpe = path.join(tmp, 'byte-bpe.gguf');
  writeGgufFromHfFolder(path.join(FIXTURES, 'byte-bpe'), bpe, { pre: 'gpt-2' });

  it('flags control, byte and unknown tokens from the GGUF token types', () => {
    const files = readTokenizerFiles(spm);
    const g = files.gguf!;
    expect(g.model).toBe('llama');
    const v = new Vocabulary(files.tokenizer);
    const unk = g.types.indexOf(TOKEN_TYPE.unknown);
    const control = g.types.indexOf(TOKEN_TYPE.control);
    const byte = g.tokens.indexOf('<0xF0>');
    expect(g.types[byte]).toBe(TOKEN_TYPE.byte);
    expect(v.describe(unk, g.tokens[unk]!, 0, 0, false).unknown).toBe(true);
    expect(v.describe(control, g.tokens[control]!, 0, 0, false).special).toBe(true);
    expect(v.describe(byte, '<0xF0>', 0, 1, false)).toMatchObject({ byteFallback: true, partial: true });
    const word = g.tokens.findIndex((t, i) => t.startsWith('▁') && t.length > 2 && g.types[i] === TOKEN_TYPE.normal);
    expect(v.describe(word, g.tokens[word]!, 0, 1, false).text).toBe(` ${g.tokens[word]!.slice(1)}`);
  });

  it('spells byte-level GGUF tokens as the HF vocabulary does and keeps the same ids', () => {
    const files = readTokenizerFiles(bpe);
    const hf = readTokenizerFiles(path.join(FIXTURES, 'byte-bpe', 'tokenizer.json'));
    const a = new Vocabulary(files.tokenizer);
    const b = new Vocabulary(hf.tokenizer);
    let compared = 0;
    for (let id = 0; id < files.gguf!.tokens.length; id++) {
      if (b.pieceOf(id) === `<id ${id}>`) continue; // a gap in the HF ids: the converter pads it
      expect(a.pieceOf(id)).toBe(b.pieceOf(id));
      compared++;
    }
    expect(compared).toBeGreaterThan(250);
    expect(files.config?.add_bos_token).toBe(true);
  });

  it('changes its fingerprinted profile with anything llama.cpp reads', () => {
    const g = readTokenizerFiles(bpe).gguf!;
    const base = JSON.stringify(tokenizerFilesOf(g));
    expect(JSON.stringify(tokenizerFilesOf({ ...g, pre: 'llama-bpe' }))).not.toBe(base);
    expect(JSON.stringify(tokenizerFilesOf({ ...g, merges: g.merges!.slice(1) }))).not.toBe(base);
    expect(JSON.stringify(tokenizerFilesOf({ ...g, addBos: !g.addBos }))).not.toBe(base);
  });
});

describe('offsets from token bytes', () => {
  const tok = (
    bytes: string | number[] | undefined,
    extra: { inserted?: boolean; special?: boolean; unknown?: boolean } = {},
  ) => ({
    bytes: bytes === undefined ? undefined : typeof bytes === 'string' ? utf8Bytes(bytes) : Uint8Array.from(bytes),
    inserted: extra.inserted ?? false,
    ...extra,
  });

  it('lays tokens over the text in UTF-16 units, partial bytes taking their whole character', () => {
    const { offsets, firstMismatch } = alignTokenBytes('a🤗b', [
      tok('a'),
      tok([0xf0, 0x9f]),
      tok([0xa4, 0x97]),
      tok('b'),
    ]);
    expect(offsets).toEqual([
      [0, 1],
      [1, 3],
      [1, 3],
      [3, 4],
    ]);
    expect(firstMismatch).toBe(-1);
  });

  it('gives inserted tokens an empty span and lays SentencePiece prefix spaces as HF does', () => {
    const hi = alignTokenBytes('Hi there', [tok(undefined, { inserted: true }), tok(' Hi'), tok(' there')], true);
    expect(hi.offsets).toEqual([
      [0, 0],
      [0, 2],
      [2, 8],
    ]);
    // The added space joins the text's own spaces in one token: it covers one space fewer.
    expect(alignTokenBytes('   "A', [tok('    '), tok('"'), tok('A')], true).offsets).toEqual([
      [0, 3],
      [3, 4],
      [4, 5],
    ]);
    // A lone added space sits on the character it precedes; after a special token the text gets one again.
    expect(
      alignTokenBytes('ด</s>ด', [tok(' '), tok('ด'), tok('</s>', { special: true }), tok(' '), tok('ด')], true).offsets,
    ).toEqual([
      [0, 1],
      [0, 1],
      [1, 5],
      [5, 6],
      [5, 6],
    ]);
  });

  it('spans a literal unknown token as written, an emitted one as one character', () => {
    const unk = { unknown: true, special: true };
    expect(alignTokenBytes('<unk>x', [tok('<unk>', unk), tok('x')]).offsets).toEqual([
      [0, 5],
      [5, 6],
    ]);
    expect(alignTokenBytes('漢x', [tok('<unk>', unk), tok('x')]).offsets).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('reports where token bytes stop matching the text', () => {
    const { firstMismatch } = alignTokenBytes('abc', [tok('a'), tok('x'), tok('c')]);
    expect(firstMismatch).toBe(1);
  });
});

describe('GGUF against its HF source (info --against)', () => {
  const hfFolder = path.join(FIXTURES, 'byte-bpe');
  const hf = readTokenizerFiles(path.join(hfFolder, 'tokenizer.json'));
  const gguf = (name: string, options = {}, edit?: Parameters<typeof writeGgufFromHfFolder>[3]) =>
    readTokenizerFiles(writeGgufFromHfFolder(hfFolder, path.join(tmp, name), options, edit)).gguf!;

  it('finds nothing to say about a faithful conversion', () => {
    expect(compareGgufWithHf(gguf('same.gguf', { pre: 'gpt-2' }), hf)).toEqual([]);
  });

  it('names each deliberate fault', () => {
    const codes = (g: ReturnType<typeof gguf>) => compareGgufWithHf(g, hf).map((w) => w.code);
    expect(codes(gguf('bos.gguf', { pre: 'gpt-2', addBos: false }))).toEqual(['bos']);
    expect(codes(gguf('merges.gguf', { pre: 'gpt-2', dropMerges: 3 }))).toEqual(['merges']);
    expect(codes(gguf('nopre.gguf'))).toEqual(['pre-missing']);
    expect(codes(gguf('pre.gguf', { pre: 'llama-bpe' }))).toEqual(['pre-mismatch']);
    const renamed = gguf('tokens.gguf', { pre: 'gpt-2' }, (e) => {
      const tokens = e['tokenizer.ggml.tokens']!.value as string[];
      tokens[5] = 'zzz';
      e['tokenizer.chat_template'] = { type: 'string', value: '{{ messages }}' };
    });
    expect(codes(renamed)).toEqual(['token-strings', 'chat-template']);
  });
});
