// The token model as a stream (`tokpeek tokenize`) and offsets in the reader's unit, through
// the real binary on real tokenizers and real text: every line validates against
// show.schema.json, the ids are the Rust reference's, code-point offsets are the Rust
// binding's own (what Python's offset_mapping gives), byte offsets are the UTF-8 length of the
// code-point prefix, and output starts before the input ends.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Tokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, shapeRecords } from '../support/dataset-shapes.js';
import { lines, valid } from '../support/json-schema.js';
import { multilingualSamples } from '../support/multilingual-corpus.js';
import { BIN, ROOT, runCli } from '../support/run-cli.js';

interface Rec {
  offsets: string;
  text: string;
  tokenizer: { name: string; engine: string };
  source?: { file: string; line: number; shape?: string; variant?: string };
  tokens: Array<{ id: number; start: number; end: number; inserted: boolean }>;
  truncation?: { cutAt: number };
}

const TOKENIZER_JSON = (name: string) => path.join(ROOT, 'src', 'bundled', name, 'tokenizer.json');
/** Python's `len(text[:cp].encode('utf-8'))`: the UTF-8 bytes before code point `cp`. */
const bytesBefore = (text: string, cp: number) => Buffer.byteLength(Array.from(text).slice(0, cp).join(''), 'utf8');

describe('tokenize: every sample of a corpus as one show --json line', () => {
  let dir: string;
  let texts: string[];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-stream-'));
    // Multilingual text (CJK, Arabic, Devanagari, emoji sequences, marks) and Moby Dick / SOTU lines.
    texts = multilingualSamples(400, 9).filter((t) => t.trim() !== '');
    fs.writeFileSync(path.join(dir, 'multi.jsonl'), texts.map((text) => JSON.stringify({ text })).join('\n') + '\n');
    const shapes = shapeRecords(6);
    fs.writeFileSync(path.join(dir, 'chat.jsonl'), jsonl(shapes.messages!));
    fs.writeFileSync(path.join(dir, 'pairs.jsonl'), jsonl(shapes.preference!));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]) => runCli(['tokenize', ...args], { cwd: dir, timeoutMs: 100_000 });

  it('validates line by line, in corpus order, with the ids and code-point offsets of the Rust reference', async () => {
    const r = await run(['multi.jsonl', '-t', 'llama3.1', '--max-length', '24']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const records = lines(r.stdout).map((l) => valid('show', l) as Rec);
    expect(records.map((x) => x.text)).toEqual(texts);
    expect(records.map((x) => x.source!.line)).toEqual(texts.map((_, i) => i + 1));
    const rust = Tokenizer.fromFile(TOKENIZER_JSON('llama3.1'));
    let truncated = 0;
    for (const rec of records) {
      expect(rec.offsets).toBe('codepoint');
      const enc = await rust.encode(rec.text);
      expect(rec.tokens.map((t) => t.id)).toEqual(enc.getIds());
      const ref = enc.getOffsets();
      rec.tokens.forEach((t, i) => {
        if (!t.inserted) expect([t.start, t.end], `${JSON.stringify(rec.text)} token ${i}`).toEqual(ref[i]);
      });
      if (rec.truncation) truncated++;
    }
    expect(truncated).toBeGreaterThan(10);
  }, 120_000);

  it('byte and utf16 offsets are the same spans in their units', async () => {
    const [cp, bytes, utf16] = await Promise.all(
      ['codepoint', 'byte', 'utf16'].map(async (unit) => {
        const r = await run(['multi.jsonl', '-t', 'mistral', '--offsets', unit, '--max-length', '16']);
        expect(r.code).toBe(0);
        return lines(r.stdout).map((l) => valid('show', l) as Rec);
      }),
    );
    let astral = 0;
    cp!.forEach((rec, k) => {
      const chars = Array.from(rec.text);
      expect(bytes![k]!.offsets).toBe('byte');
      expect(utf16![k]!.offsets).toBe('utf16');
      rec.tokens.forEach((t, i) => {
        const b = bytes![k]!.tokens[i]!;
        const u = utf16![k]!.tokens[i]!;
        expect([b.start, b.end]).toEqual([bytesBefore(rec.text, t.start), bytesBefore(rec.text, t.end)]);
        const slice = chars.slice(t.start, t.end).join('');
        expect(rec.text.slice(u.start, u.end)).toBe(slice);
        expect(Buffer.from(rec.text).subarray(b.start, b.end).toString()).toBe(slice);
      });
      if (rec.truncation) {
        expect(bytes![k]!.truncation!.cutAt).toBe(bytesBefore(rec.text, rec.truncation.cutAt));
        expect(utf16![k]!.truncation!.cutAt).toBe(chars.slice(0, rec.truncation.cutAt).join('').length);
      }
      if (chars.length !== rec.text.length) astral++;
    });
    expect(astral).toBeGreaterThan(20);
  }, 120_000);

  it('reads chat shapes as report does: the rendered conversation, its shape and side named', async () => {
    const r = await run(['chat.jsonl', 'pairs.jsonl', '-t', 'llama3.1', '-e', 'rust', '--offsets', 'utf16']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const records = lines(r.stdout).map((l) => valid('show', l) as Rec);
    const chats = records.filter((x) => x.source!.file === 'chat.jsonl');
    expect(chats).toHaveLength(6);
    for (const c of chats) {
      expect(c.source!.shape).toBe('messages');
      expect(c.text).toContain('<|start_header_id|>user<|end_header_id|>');
      expect(c.tokenizer.engine).toBe('rust');
      // The template writes the BOS: the post-processor adds no second one.
      expect(c.tokens.filter((t) => t.id === 128000)).toHaveLength(1);
    }
    const pairs = records.filter((x) => x.source!.file === 'pairs.jsonl');
    expect(pairs.map((x) => x.source!.variant)).toEqual(Array(6).fill(['chosen', 'rejected']).flat());
  }, 120_000);

  it('streams: the first lines come out while the input is still open', async () => {
    const child = spawn(process.execPath, [BIN, 'tokenize', '-', '-t', 'llama3', '--workers', '1'], {
      env: { ...process.env, CI: undefined, NO_COLOR: '1' },
    });
    let out = '';
    const first = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        if (out.includes('\n')) resolve();
      }),
    );
    // More lines than the batches kept in flight (64 of 128), then output before standard input closes.
    child.stdin.write(Array.from({ length: 12_000 }, (_, i) => `line ${i} of a stream`).join('\n') + '\n');
    await first;
    expect(child.exitCode).toBe(null);
    child.stdin.end('the last line\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const all = lines(out);
    expect(all).toHaveLength(12_001);
    expect(valid('show', all.at(-1)!).text).toBe('the last line');
  }, 60_000);

  it('one-line errors, exit 2: no corpus, standard input twice, a missing file', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^tokpeek: tokenize needs a CORPUS\n/);
    const twice = await run(['-', '-t', 'llama3', '-t', 'mistral']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^tokpeek: standard input can be read once/);
    const missing = await run(['nope.jsonl']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toMatch(/^tokpeek: nope\.jsonl: /);
  });

  it('escapes controls and bidi in the JSON, counts bad records in one sanitised stderr line', async () => {
    const hostile = ['\x1b[2Jred\u009b1m', 'bidi \u202e here'];
    fs.writeFileSync(
      path.join(dir, 'hostile.jsonl'),
      `${hostile.map((text) => JSON.stringify({ text })).join('\n')}\n{"\u001b[31mweird": 1}\n`,
    );
    const r = await run(['hostile.jsonl', '-t', 'llama3']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\x1b\u009b\u202e]/);
    expect(lines(r.stdout).map((l) => valid('show', l).text)).toEqual(hostile);
    expect(r.stderr).toMatch(
      /^tokpeek: 1 record left out \(report counts them as rejected\); the first: hostile\.jsonl:3: /,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/[\x1b\u009b]/);
  });
});

describe('show --json offsets', () => {
  it("'a😀b': b at 2–3 in code points (the default, as Python), 3–4 in UTF-16, 5–6 in bytes", async () => {
    const b = async (unit?: string) => {
      const r = await runCli(['show', 'a😀b', '-t', 'llama3', '--json', ...(unit ? ['--offsets', unit] : [])]);
      expect(r.code).toBe(0);
      const rec = valid('show', r.stdout) as Rec;
      expect(rec.offsets).toBe(unit ?? 'codepoint');
      const t = rec.tokens.at(-1)!;
      return [t.start, t.end];
    };
    expect(await b()).toEqual([2, 3]);
    expect(await b('utf16')).toEqual([3, 4]);
    expect(await b('byte')).toEqual([5, 6]);
    const bad = await runCli(['show', 'x', '--json', '--offsets', 'chars']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('tokpeek: --offsets must be one of codepoint, utf16, byte, not "chars"');
  });
});
