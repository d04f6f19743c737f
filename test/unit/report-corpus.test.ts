// Corpus readers for report: JSON arrays (streamed), CSV/TSV, Parquet, folders and globs,
// chat record shapes, and errors that name file and line (or row).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sample, readSamples } from '../../src/corpus/read-corpus.js';
import { expandInputs } from '../../src/corpus/files.js';
import { readJsonArray } from '../../src/corpus/json-array.js';
import { writeParquet } from '../tools/write-parquet.mjs';

let dir: string;
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};
async function all(file: string, options = {}): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const s of readSamples(file, { chat: true, ...options })) out.push(s);
  return out;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-corpus-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('JSON arrays', () => {
  it('streams records with the line each starts on', async () => {
    const file = write(
      'a.json',
      '[\n  {"text": "one"},\n  {"text": "two [with] {braces} and \\"quotes\\""},\n\n  {"text":\n "three"}\n]\n',
    );
    const got = await all(file);
    expect(got.map((s) => [s.text, s.line])).toEqual([
      ['one', 2],
      ['two [with] {braces} and "quotes"', 3],
      ['three', 5],
    ]);
  });

  it('reads the array inside a top-level object, and arrays of strings', async () => {
    expect(
      (await all(write('b.json', '{"version": 2, "meta": {"x": [1]}, "data": [{"text": "a"}, {"text": "b"}]}'))).map(
        (s) => s.text,
      ),
    ).toEqual(['a', 'b']);
    expect((await all(write('c.json', '["x", "y\\nz"]'))).map((s) => s.text)).toEqual(['x', 'y\nz']);
  });

  it('follows a dotted --records path into nested objects, past arrays and objects of other keys', async () => {
    const doc = write(
      'nested.json',
      '{"meta": {"train": [0]}, "data": {"info": {"train": [9]}, "test": [{"text": "t"}], "train": [{"text": "a"}, {"text": "b"}]}, "tags": ["x"]}',
    );
    const read = async (records: string) => {
      const out: unknown[] = [];
      for await (const e of readJsonArray(doc, 1 << 20, { recordsKey: records })) out.push(e.value);
      return out;
    };
    expect(await read('data.train')).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(await read('data.test')).toEqual([{ text: 't' }]);
    expect(await read('tags')).toEqual(['x']);
    await expect(read('data.dev')).rejects.toThrow(/the document has no array at "data\.dev"/);
    await expect(read('data')).rejects.toThrow(/the top-level object has no array "data"/);
  });

  it('holds one record at a time across read chunks (a 3 MB file)', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ text: `record ${i} ${'x'.repeat(1000)}` }));
    const file = write('big.json', `[${records.join(',\n')}]`);
    let n = 0;
    for await (const e of readJsonArray(file, 1 << 20)) {
      expect((e.value as { text: string }).text.startsWith(`record ${n} `)).toBe(true);
      expect(e.line).toBe(n + 1);
      n++;
    }
    expect(n).toBe(3000);
  });

  it('names file and line on bad input', async () => {
    await expect(all(write('bad1.json', '[{"text": "a"},\n {"text": }]'))).rejects.toThrow(
      /bad1\.json:2: invalid JSON/,
    );
    await expect(all(write('bad2.json', '{"text": "a"}'))).rejects.toThrow(
      /bad2\.json: the top-level object holds no array/,
    );
    await expect(all(write('bad3.json', '[{"text": "a"},\n{"text": "b"'))).rejects.toThrow(
      /bad3\.json:2: the file ends inside a record/,
    );
    await expect(all(write('bad4.json', '[{"body": "a"}]'))).rejects.toThrow(
      /bad4\.json:1: no field "text".* in the record.*it has: body/,
    );
  });
});

describe('CSV and TSV', () => {
  it('reads a column, with quoted multi-line fields and the line each row starts on', async () => {
    const file = write('a.csv', 'id,text\n1,plain\n2,"quoted, with comma"\n3,"two\nlines"\n4,after\n');
    expect((await all(file)).map((s) => [s.text, s.line])).toEqual([
      ['plain', 2],
      ['quoted, with comma', 3],
      ['two\nlines', 4],
      ['after', 6],
    ]);
    expect((await all(file, { field: 'id' })).map((s) => s.text)).toEqual(['1', '2', '3', '4']);
  });

  it('TSV does not treat quotes specially; prompt/completion columns are chat pairs', async () => {
    const file = write('a.tsv', 'prompt\tcompletion\nSay "hi"\t"hi"\n');
    const [s] = await all(file);
    expect(s!.chat).toEqual({ kind: 'prompt-completion', prompt: 'Say "hi"', completion: '"hi"' });
  });

  it('names file and line on a bad row', async () => {
    await expect(all(write('bad.csv', 'text,id\nok,1\nbad,2,3\n'))).rejects.toThrow(/bad\.csv:3: invalid CSV/);
    await expect(all(write('nocol.csv', 'body\nx\n'))).rejects.toThrow(/nocol\.csv:2: no field "text"/);
  });
});

describe('Parquet', () => {
  it('reads rows across row groups, numbered from 1', async () => {
    const file = path.join(dir, 'a.parquet');
    writeParquet(file, {
      columns: ['id', 'text'],
      rows: Array.from({ length: 10 }, (_, i) => ({ id: String(i), text: `row ${i} 🐋` })),
      rowGroupSize: 4,
    });
    const got = await all(file);
    expect(got.map((s) => s.text)).toEqual(Array.from({ length: 10 }, (_, i) => `row ${i} 🐋`));
    expect(got.map((s) => s.line)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(got.every((s) => s.unit === 'row')).toBe(true);
  });

  it('errors name the row; a file that is not Parquet is refused', async () => {
    const file = path.join(dir, 'b.parquet');
    writeParquet(file, { columns: ['body'], rows: [{ body: 'x' }] });
    await expect(all(file)).rejects.toThrow(/b\.parquet row 1: no field "text"/);
    await expect(all(write('not.parquet', 'hello'))).rejects.toThrow(/not\.parquet: not a readable Parquet file/);
  });
});

describe('chat records', () => {
  it('messages, ShareGPT conversations, prompt/completion (strings and messages), content parts', async () => {
    const file = write(
      'chat.jsonl',
      [
        JSON.stringify({
          messages: [
            { role: 'user', content: 'a' },
            {
              role: 'assistant',
              content: [
                { type: 'text', text: 'b' },
                { type: 'text', text: 'c' },
              ],
            },
          ],
        }),
        JSON.stringify({
          conversations: [
            { from: 'human', value: 'q' },
            { from: 'gpt', value: 'r' },
          ],
        }),
        JSON.stringify({ prompt: 'p', completion: 'c' }),
        JSON.stringify({ prompt: [{ role: 'user', content: 'p' }], completion: [{ role: 'assistant', content: 'c' }] }),
        JSON.stringify({ text: 'plain' }),
      ].join('\n'),
    );
    const got = await all(file);
    expect(got[0]!.chat).toEqual({
      kind: 'messages',
      messages: [
        { role: 'user', content: 'a' },
        {
          role: 'assistant',
          content: 'bc',
          // The parts themselves reach the template, as apply_chat_template passes them.
          extra: {
            content: [
              { type: 'text', text: 'b' },
              { type: 'text', text: 'c' },
            ],
          },
        },
      ],
    });
    expect(got[1]!.chat).toEqual({
      kind: 'messages',
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'r' },
      ],
    });
    expect(got[2]!.chat!.kind).toBe('prompt-completion');
    expect(got[3]!.chat!.kind).toBe('prompt-completion-messages');
    expect(got[4]).toMatchObject({ text: 'plain', line: 5 });
    expect(got[4]!.chat).toBeUndefined();
  });

  it('a malformed message names the record', async () => {
    await expect(all(write('badchat.jsonl', '{"messages": [{"role": "user", "content": 3}]}\n'))).rejects.toThrow(
      /badchat\.jsonl:1: "messages" is not a list|content is number/,
    );
  });
});

describe('folders and globs', () => {
  it('expands folders (recursively, sorted) and globs; a missing file is an error', async () => {
    write('tree/b.txt', 'b\n');
    write('tree/a/x.jsonl', '{"text":"x"}\n');
    write('tree/skip.md', 'no\n');
    expect(await expandInputs(['tree'], dir)).toEqual(['tree/a/x.jsonl', 'tree/b.txt']);
    expect(await expandInputs(['tree/**/*.txt'], dir)).toEqual(['tree/b.txt']);
    await expect(expandInputs(['nope.txt'], dir)).rejects.toThrow(/nope\.txt: no such file/);
    await expect(expandInputs(['tree/**/*.csv'], dir)).rejects.toThrow(/matches no files/);
  });
});
