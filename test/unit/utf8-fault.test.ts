// Bad UTF-8 is one message, worded in one place (core/utf8-fault.ts), naming the line and the
// byte of that line wherever it is found: a whole file, a stream cut inside a character, a JSON
// element that spans lines, a snapshot block.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { utf8Fault } from '../../src/core/utf8-fault.js';
import { checkedUtf8, decodeUtf8 } from '../../src/decode-utf8.js';
import { readSamples } from '../../src/corpus/read-corpus.js';
import { InputError } from '../../src/errors.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-utf8-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const b = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** The error as printed, its file's folder left out. */
const shown = (e: InputError) => e.message.replace(/^.*\//, '');

async function failure(run: () => Promise<unknown>): Promise<InputError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an error');
}

describe('utf8Fault', () => {
  it('names the line and the byte of the line of the first bad sequence', () => {
    expect(utf8Fault(b('ok\ncaf', [0xe9], '\n'))).toEqual({
      linesBefore: 1,
      column: 4,
      message: 'invalid UTF-8 at byte 4 of the line',
    });
    expect(utf8Fault(b('€ ', [0xc3, 0x28]))).toMatchObject({ linesBefore: 0, column: 5 });
    // A character cut at the end is a fault where it starts; column0 counts the line's earlier bytes.
    expect(utf8Fault(b('ab', [0xe2, 0x82]), 10)).toMatchObject({ linesBefore: 0, column: 13 });
  });
});

describe('every reader words it the same', () => {
  it('a whole file', () => {
    expect(() => decodeUtf8(b('{\n  "a": "', [0xff], '"\n}'), 'x.json')).toThrow(
      /^x\.json:2: invalid UTF-8 at byte 9 of the line$/,
    );
  });

  it('a stream, also when a chunk ends inside the bad sequence or the file inside a character', async () => {
    const drain = async (chunks: Buffer[]) => {
      for await (const _ of checkedUtf8(
        (async function* () {
          yield* chunks;
        })(),
        's.csv',
      ));
    };
    // "line two é(" with é's first byte at the end of a chunk and a bad second byte after it.
    const e = await failure(() => drain([b('one\nline two '), b([0xc3]), b([0x28], ' x\n')]));
    expect(shown(e)).toBe(`s.csv:2: invalid UTF-8 at byte 10 of the line`);
    const cut = await failure(() => drain([b('one\ntwo\nab'), b([0xe2, 0x82])]));
    expect(shown(cut)).toBe(`s.csv:3: invalid UTF-8 at byte 3 of the line`);
  });

  it('a JSONL line, a JSON array element spanning lines, a CSV row', async () => {
    const read = async (name: string, bytes: Buffer) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, bytes);
      for await (const _ of readSamples(file, {}));
    };
    const jsonl = await failure(() => read('a.jsonl', b('{"text": "ok"}\n{"text": "', [0xff], '"}\n')));
    expect(shown(jsonl)).toBe(`a.jsonl:2: invalid UTF-8 at byte 11 of the line`);
    const json = await failure(() => read('a.json', b('[{"text": "ok"},\n  {"text":\n "x', [0xff], '"}]\n')));
    expect(shown(json)).toBe(`a.json:3: invalid UTF-8 at byte 4 of the line`);
    const sameLine = await failure(() => read('b.json', b('[{"text": "ok"}, {"text": "', [0xff], '"}]\n')));
    expect(shown(sameLine)).toBe(`b.json:1: invalid UTF-8 at byte 28 of the line`);
    const csv = await failure(() => read('a.csv', b('text\nok\nab', [0xff], '\n')));
    expect(shown(csv)).toBe(`a.csv:3: invalid UTF-8 at byte 3 of the line`);
  });

  it('is spelled in core/utf8-fault.ts only', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const spelled = fs
      .readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => /['`"][^'`"\n]*\b(invalid|not valid) UTF-8/i.test(fs.readFileSync(path.join(src, f), 'utf8')));
    expect(spelled).toEqual([path.join('core', 'utf8-fault.ts')]);
  });
});
