// `tokpeek report` on training data of every common shape, built from real text, recounted
// independently: @huggingface/transformers' apply_chat_template (with tools) renders each
// conversation, the Rust `tokenizers` binding counts it. Then the template sources
// (chat_template.jinja, a named list, a template that raises), compressed inputs, folders
// with files that are not corpora, and --shard I/N merged back into the single run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Record_, jsonl, oracleSamples, shapeRecords } from '../support/dataset-shapes.js';
import { ROOT, runCli } from '../support/run-cli.js';

const BUNDLED = path.join(ROOT, 'src', 'bundled');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'compressed');
let tmp: string;
const records = shapeRecords(12);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-shapes-'));
  for (const [shape, list] of Object.entries(records)) fs.writeFileSync(path.join(tmp, `${shape}.jsonl`), jsonl(list));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function report(args: string[]): Promise<any> {
  const r = await runCli(['report', ...args, '--format', 'json', '--workers', '0', '--no-progress']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

/** Token lengths of each sample, rendered by transformers and counted by the Rust binding. */
async function oracleLengths(
  folder: string,
  shape: string,
  list: Record_[],
  /** transformers.js does not read chat_template.jinja (Python transformers does): pass it. */
  chatTemplate?: string,
): Promise<number[]> {
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(folder) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(folder));
  const rust = RustTokenizer.fromFile(path.join(folder, 'tokenizer.json'));
  const eos = tokenizer.eos_token as string;
  const out: number[] = [];
  for (const r of list)
    for (const s of oracleSamples(shape, r)) {
      if (s.kind === 'text') {
        const text = s.eos && !s.text.endsWith(eos) ? s.text + eos : s.text;
        out.push((await rust.encode(text, undefined, { addSpecialTokens: true })).getIds().length);
        continue;
      }
      const text = tokenizer.apply_chat_template(s.messages as any, {
        tokenize: false,
        ...(s.tools ? { tools: s.tools as any } : {}),
        ...(chatTemplate ? { chat_template: chatTemplate } : {}),
      }) as string;
      out.push((await rust.encode(text, undefined, { addSpecialTokens: false })).getIds().length);
    }
  return out;
}

function summary(lengths: number[]) {
  const sorted = [...lengths].sort((a, b) => a - b);
  return {
    count: lengths.length,
    tokens: lengths.reduce((a, b) => a + b, 0),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

describe('every shape, counted as the trainer renders it', () => {
  const detected: Record<string, string> = {
    text: 'text',
    messages: 'messages',
    tools: 'messages',
    sharegpt: 'sharegpt',
    'prompt-completion': 'prompt-completion',
    'prompt-completion-conversational': 'prompt-completion',
    alpaca: 'alpaca',
    preference: 'preference',
    'preference-conversational': 'preference',
  };
  it.each(Object.keys(detected))('%s (qwen3) equals apply_chat_template + the Rust binding', async (shape) => {
    const r = await report([path.join(tmp, `${shape}.jsonl`), '-t', 'qwen3']);
    const want = summary(await oracleLengths(path.join(BUNDLED, 'qwen3'), shape, records[shape]!));
    expect({ count: r.lengths.count, tokens: r.lengths.tokens, min: r.lengths.min, max: r.lengths.max }).toEqual(want);
    // The first lines name the shape and how it is rendered.
    expect(r.inputs.files[0].shapes).toEqual({ [detected[shape]!]: 12 });
    expect(r.inputs.rendering.join('\n')).toMatch(new RegExp(`^${detected[shape]}: `, 'm'));
    expect(r.inputs.rejected.count).toBe(0);
    if (shape === 'tools') {
      expect(r.inputs.rendering.join('\n')).toMatch(/with the record's tools/);
      // Tool calls are answers: none counted as an empty assistant message, and they are trained on.
      expect(r.chat.emptyAnswers.count).toBe(0);
      expect(r.chat.unlocated.count).toBe(0);
    }
  });

  it.each(['preference', 'preference-conversational'])(
    '%s: the prompt alone, prompt+chosen and prompt+rejected, each equal to the independent count',
    async (shape) => {
      const r = await report([path.join(tmp, `${shape}.jsonl`), '-t', 'qwen3']);
      const folder = path.join(BUNDLED, 'qwen3');
      const list = records[shape]!;
      const pairs = await oracleLengths(folder, shape, list);
      const side = (k: number) => summary(pairs.filter((_, i) => i % 2 === k));
      const pick = (x: any) => ({ count: x.count, tokens: x.tokens, min: x.min, max: x.max });
      expect(pick(r.preference.chosen)).toEqual(side(0));
      expect(pick(r.preference.rejected)).toEqual(side(1));
      // The prompt alone, as DPO trainers render it: with the generation prompt for messages.
      env.allowRemoteModels = false;
      env.localModelPath = path.dirname(folder) + path.sep;
      const tokenizer = await AutoTokenizer.from_pretrained(path.basename(folder));
      const rust = RustTokenizer.fromFile(path.join(folder, 'tokenizer.json'));
      const prompts: number[] = [];
      for (const rec of list) {
        const prompt = rec.prompt;
        if (typeof prompt === 'string')
          prompts.push((await rust.encode(prompt, undefined, { addSpecialTokens: true })).getIds().length);
        else {
          const text = tokenizer.apply_chat_template(prompt as any, {
            tokenize: false,
            add_generation_prompt: true,
          }) as string;
          prompts.push((await rust.encode(text, undefined, { addSpecialTokens: false })).getIds().length);
        }
      }
      expect(pick(r.preference.prompt)).toEqual(summary(prompts));
      expect(r.preference.pairs).toBe(list.length);
    },
  );

  it('the bundled llama3.1 says its template is Llama 3s; ignored tool calls are said', async () => {
    const r = await report([path.join(tmp, 'tools.jsonl'), '-t', 'llama3.1']);
    expect(r.inputs.rendering.join('\n')).toMatch(/ships the Llama 3 chat template/);
    expect(r.notes.join('\n')).toMatch(/ignores tool_calls: 12 assistant turn/);
  });
});

describe('the template the trainer will use', () => {
  const qwen = path.join(BUNDLED, 'qwen3');
  const config = JSON.parse(fs.readFileSync(path.join(qwen, 'tokenizer_config.json'), 'utf8'));
  const template: string = config.chat_template;

  function folder(name: string, cfg: Record<string, unknown>, files: Record<string, string> = {}): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(qwen, 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(cfg));
    for (const [f, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    }
    return dir;
  }

  it('chat_template.jinja, as current transformers saves it, is read', async () => {
    const { chat_template: _drop, ...rest } = config;
    const dir = folder('saved', rest, { 'chat_template.jinja': template });
    const r = await report([path.join(tmp, 'tools.jsonl'), '-t', dir]);
    expect(r.lengths.tokens).toBe(summary(await oracleLengths(dir, 'tools', records.tools!, template)).tokens);
    expect(r.inputs.rendering.join('\n')).toMatch(/chat_template\.jinja/);
    // Without it, chat records cannot be rendered: one clear error.
    const bare = folder('bare', rest);
    const failed = await runCli(['report', path.join(tmp, 'messages.jsonl'), '-t', bare, '--workers', '0']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/messages\.jsonl:1: the tokenizer has no chat_template/);
  });

  it('a list of named templates: tool_use for records with tools (as apply_chat_template picks it), or --chat-template NAME', async () => {
    const plain = '{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}';
    const dir = folder('list', {
      ...config,
      chat_template: [
        { name: 'default', template: plain },
        { name: 'tool_use', template },
      ],
    });
    const r = await report([path.join(tmp, 'tools.jsonl'), '-t', dir]);
    expect(r.lengths.tokens).toBe(summary(await oracleLengths(dir, 'tools', records.tools!)).tokens);
    expect(r.inputs.rendering.join('\n')).toMatch(/chat_template "tool_use"/);
    const named = await report([path.join(tmp, 'tools.jsonl'), '-t', dir, '--chat-template', 'default']);
    expect(named.lengths.tokens).toBeLessThan(r.lengths.tokens);
    const file = path.join(tmp, 'mine.jinja');
    fs.writeFileSync(file, plain);
    const fromFile = await report([path.join(tmp, 'tools.jsonl'), '-t', dir, '--chat-template', file]);
    expect(fromFile.lengths).toEqual(named.lengths);
    const unknown = await runCli(['report', path.join(tmp, 'tools.jsonl'), '-t', dir, '--chat-template', 'rag']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no chat template named "rag" \(it has: default, tool_use\)/);
  });

  it('a template that raises on some records: those are counted with their locations, the rest reviewed', async () => {
    const strict =
      "{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}<{{ m.role }}>{{ m.content }}</{{ m.role }}>\n{% endfor %}";
    const dir = folder('strict', { ...config, chat_template: strict });
    const list = records.messages!.map((r, i) =>
      i === 3 || i === 8
        ? { messages: [{ role: 'assistant', content: 'out of turn' }, ...(r.messages as Record_[])] }
        : r,
    );
    const file = path.join(tmp, 'alternation.jsonl');
    fs.writeFileSync(file, jsonl(list));
    const r = await report([file, '-t', dir]);
    // Records with a system message (every third) raise too: the template accepts user first only.
    const raising = list.filter((x, i) => i === 3 || i === 8 || (x.messages as Record_[])[0]!.role === 'system').length;
    expect(r.inputs.rejected.count).toBe(raising);
    expect(r.lengths.count).toBe(12 - raising);
    expect(r.inputs.rejected.byReason).toEqual([{ reason: 'chat template failed', count: raising }]);
    expect(r.inputs.rejected.examples.map((e: any) => e.line)).toContain(4);
    expect(r.inputs.rejected.examples[0].detail).toMatch(/roles must alternate/);
    const gate = await runCli(['report', file, '-t', dir, '--workers', '0', '--fail-on', 'rejected>0']);
    expect(gate.code).toBe(1);
  });
});

describe('inputs', () => {
  it('gz, br, zst and bz2 give the report of the uncompressed file', async () => {
    const source = path.join(FIXTURES, 'messages.jsonl');
    const want = await report([source, '-t', 'qwen3']);
    const gz = path.join(tmp, 'messages.jsonl.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(source)));
    const br = path.join(tmp, 'messages.jsonl.br');
    fs.writeFileSync(br, zlib.brotliCompressSync(fs.readFileSync(source)));
    const same = (r: any) => ({
      ...r,
      inputs: { ...r.inputs, files: r.inputs.files.map((f: any) => ({ ...f, file: 'x' })) },
    });
    for (const file of [gz, br, path.join(FIXTURES, 'messages.jsonl.zst'), path.join(FIXTURES, 'messages.jsonl.bz2')])
      expect(same(await report([file, '-t', 'qwen3'])), file).toEqual(same(want));
    // A damaged archive is one clear error naming the file.
    const bad = path.join(tmp, 'bad.jsonl.gz');
    fs.writeFileSync(
      bad,
      Buffer.concat([zlib.gzipSync(fs.readFileSync(source)).subarray(0, 200), Buffer.from('junk')]),
    );
    const r = await runCli(['report', bad, '-t', 'qwen3', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl\.gz: not a readable gzip file/);
    // The same for a cut .bz2, decompressed on a worker thread: one line, exit 2.
    const bz2 = fs.readFileSync(path.join(FIXTURES, 'messages.jsonl.bz2'));
    const cut = path.join(tmp, 'cut.jsonl.bz2');
    fs.writeFileSync(cut, bz2.subarray(0, bz2.length >> 1));
    const c = await runCli(['report', cut, '-t', 'qwen3', '--workers', '0']);
    expect(c.code).toBe(2);
    expect(c.stderr.trim()).toMatch(/^[^\n]*cut\.jsonl\.bz2: not a readable bzip2 file \([^\n]*\)$/);
  });

  it('a folder lists what it skipped and why; JSON Lines under .json; --records names the array', async () => {
    const dir = path.join(tmp, 'folder');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'train.json'), jsonl(records.alpaca!)); // Dataset.to_json writes JSON Lines
    fs.writeFileSync(path.join(dir, 'README.md'), '# the data\n');
    fs.writeFileSync(path.join(dir, 'notes.txt.gz'), zlib.gzipSync('one line\n'));
    fs.writeFileSync(path.join(dir, 'model.safetensors.gz'), zlib.gzipSync('x'));
    const r = await report([dir, '-t', 'qwen3']);
    expect(r.inputs.files.map((f: any) => path.basename(f.file))).toEqual(['notes.txt.gz', 'train.json']);
    expect(r.inputs.files[1].shapes).toEqual({ alpaca: 12 });
    const rendering = r.inputs.rendering.join('\n');
    expect(rendering).toMatch(/skipped .*README\.md: not a corpus file \(\.md\)/);
    expect(rendering).toMatch(/skipped .*model\.safetensors\.gz: compressed, but not a corpus file inside/);
    const doc = path.join(tmp, 'doc.json');
    fs.writeFileSync(doc, JSON.stringify({ tags: ['a', 'b'], data: records.text }));
    const ambiguous = await runCli(['report', doc, '-t', 'qwen3', '--workers', '0']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/doc\.json: the top-level object holds several arrays \("tags", "data"\)/);
    const named = await report([doc, '-t', 'qwen3', '--records', 'data']);
    expect(named.lengths.count).toBe(12);
    // A path into nested objects, as exports with splits write them.
    const splits = path.join(tmp, 'splits.json');
    fs.writeFileSync(
      splits,
      JSON.stringify({ version: 1, data: { test: records.text!.slice(0, 3), train: records.text } }),
    );
    expect((await report([splits, '-t', 'qwen3', '--records', 'data.train'])).lengths.count).toBe(12);
    expect((await report([splits, '-t', 'qwen3', '--records', 'data.test'])).lengths.count).toBe(3);
    const wrong = await runCli(['report', splits, '-t', 'qwen3', '--records', 'data.dev', '--workers', '0']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/splits\.json: the document has no array at "data\.dev"/);
  });

  it('[UNK] made from a missing character is an unknown token, [UNK] typed in the data a literal special token', async () => {
    const file = path.join(tmp, 'unk.txt');
    fs.writeFileSync(file, `${records.text![0]!.text as string} 🤗\nThe word [UNK] was typed here.\nplain words\n`);
    const r = await report([file, '-t', 'wordpiece-en']);
    expect(r.unknown).toMatchObject({ tokens: 1, samples: { count: 1 } });
    expect(r.unknown.samples.examples.map((e: any) => e.line)).toEqual([1]);
    expect(r.unknown.strings.entries.map((e: any) => e.key)).toEqual(['🤗']);
    expect(r.hazards.specialTokens).toMatchObject({ count: 1, byToken: [{ token: '[UNK]', count: 1 }] });
    expect(r.hazards.specialTokens.examples.map((e: any) => e.line)).toEqual([2]);
  });

  it('- reads standard input', async () => {
    const r = await runCli(['report', '-', '-t', 'qwen3', '--format', 'json', '--workers', '0'], {
      input: Buffer.from(jsonl(records.sharegpt!)),
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).inputs.files[0]).toMatchObject({ file: '-', samples: 12, shapes: { sharegpt: 12 } });
    const show = await runCli(['show', '-', '-t', 'gpt4o'], { input: Buffer.from('Call me Ishmael.') });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('[Call][·me][·Ish]');
  });
});

describe('the summary', () => {
  it('a long-tailed corpus gets a log-scaled histogram with every mark in its legend', async () => {
    // Lines of Moby-Dick and whole State of the Union addresses: most samples short, a few 2,000+ tokens.
    const { moby, sotu } = {
      moby: records.text!.map((r) => r.text as string),
      sotu: records.sharegpt!.map((r) => (r.conversations as any)[1].value as string),
    };
    const lines = [...moby.flatMap((p) => p.split(/(?<=[.;!?]) /)), sotu.join(' '), sotu.slice(0, 6).join(' ')];
    const file = path.join(tmp, 'long-tail.txt');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await report([file, '-t', 'gpt4o', '--max-length', '256']);
    const { histogram } = r.lengths;
    expect(r.lengths.max).toBeGreaterThan(16 * r.lengths.p50);
    expect(histogram.scale).toBe('log');
    expect(histogram.upTo).toBe(r.lengths.max);
    expect(histogram.bins.reduce((n: number, b: any) => n + b.count, 0)).toBe(r.lengths.count);
    // The samples past max_length have columns of their own, at the right end.
    expect(histogram.bins.filter((b: any) => b.from > 256).reduce((n: number, b: any) => n + b.count, 0)).toBe(
      r.truncation.truncated.count,
    );
    const text = await runCli([
      'report',
      file,
      '-t',
      'gpt4o',
      '--max-length',
      '256',
      '--workers',
      '0',
      '--no-progress',
    ]);
    expect(text.stdout).toMatch(/tokens per sample · [\d,]+ samples · log scale \(a long tail\): columns from /);
    expect(text.stdout).toMatch(/┃ max_length 256, columns after it are cut · ▁: at least one sample/);
    // The markdown report shows the same chart in a code block, legend included, within its byte bound.
    {
      const md = await runCli([
        ...['report', file, '-t', 'gpt4o', '--max-length', '256', '--workers', '0', '--format', 'markdown'],
      ]);
      expect(md.code).toBe(0);
      expect(Buffer.byteLength(md.stdout)).toBeLessThanOrEqual(1_000_000);
      const chart = /\n```text\n([^`]*)\n```\n/.exec(md.stdout)?.[1]?.split('\n');
      expect(chart, md.stdout).toBeDefined();
      expect(chart!.slice(0, 6).every((l) => /^ {2}[ ▁▂▃▄▅▆▇█┃]+$/.test(l))).toBe(true);
      expect(chart![6]).toMatch(/^ {2}0 .*┃ 256 .*[\d,]+$/);
      expect(chart![7]).toMatch(/^ {2}tokens per sample · [\d,]+ samples · log scale \(a long tail\): columns from /);
      expect(chart![8]).toBe('  ┃ max_length 256, columns after it are cut · ▁: at least one sample');
    }
    // A narrow corpus stays linear.
    expect((await report([path.join(tmp, 'text.jsonl'), '-t', 'gpt4o'])).lengths.histogram.scale).toBe('linear');
  });
});

describe('--shard I/N', () => {
  it('three shards merged equal the single run, byte for byte in --format json', async () => {
    const files = ['messages', 'tools', 'preference', 'text'].map((s) => path.join(tmp, `${s}.jsonl`));
    // Duplicates across shards, and findings beyond the examples kept.
    fs.writeFileSync(path.join(tmp, 'dups.jsonl'), jsonl([...records.text!, ...records.text!.slice(0, 5)]));
    files.push(path.join(tmp, 'dups.jsonl'));
    const common = ['-t', 'qwen3', '--max-length', '96', '--workers', '0', '--no-progress'];
    const single = await runCli(['report', ...files, ...common, '--format', 'json']);
    expect(single.code).toBe(0);
    const parts: string[] = [];
    for (const i of [1, 2, 3]) {
      const out = path.join(tmp, `part-${i}.json`);
      const r = await runCli(['report', ...files, ...common, '--shard', `${i}/3`, '--partial', out]);
      expect(r.code).toBe(0);
      parts.push(out);
    }
    const merged = await runCli(['report', '--merge', ...parts.reverse(), '--format', 'json']);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    const parsed = JSON.parse(single.stdout);
    expect(parsed.hazards.duplicates.count).toBe(17); // dups.jsonl repeats text.jsonl, then 5 of it again
    expect(parsed.truncation.truncated.count).toBeGreaterThan(10);
    const bad = await runCli(['report', files[0]!, '--shard', '4/3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard must be I\/N with 1 ≤ I ≤ N, not "4\/3"/);
  });
});
