// The real bin/tokpeek on real bundled tokenizers: show, info, tokenizers, engines, specs,
// and every kind of bad input with its one-line message and exit code.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-cli-'));
});

function file(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'tokenizers');

describe('tokpeek show', () => {
  it('draws token boundaries in plain notation when piped', async () => {
    const r = await runCli(['show', 'Hello world', '-t', 'llama3.1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('⟦+<|begin_of_text|>⟧[Hello][·world]\n3 tokens · 11 chars · 3.67 chars/token · 1 special\n');
  });

  it('reads standard input, prints ids, and marks byte fallback and partial characters', async () => {
    const r = await runCli(['show', '-t', 'mistral', '--ids'], { input: 'a🤗' });
    expect(r.code).toBe(0);
    const [text, ids] = r.stdout.split('\n');
    expect(text).toContain('[<0xF0>][<0x9F>][<0xA4>][<0x97>]{🤗}');
    expect(ids?.trim().split(/\s+/)).toEqual(['1', '264', '243', '162', '167', '154']);
  });

  it('shows the truncation cut and what it drops', async () => {
    const r = await runCli(['show', 'one two three four five', '-t', 'gpt4o', '--max-length', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[one][·two]|✂ max_length=2|');
    expect(r.stdout).toContain('3 dropped past max_length=2 (right)');
    const left = await runCli([
      'show',
      'one two three four five',
      '-t',
      'gpt4o',
      '--max-length',
      '2',
      '--truncation-side',
      'left',
    ]);
    expect(left.stdout).toContain('(left)');
    expect(left.stdout).toMatch(/\[·four\]\[·five\]/);
  });

  it('takes the truncation side from tokenizer_config.json unless asked', async () => {
    const dir = path.join(tmp, 'left-side');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'byte-bpe', 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    const config = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'byte-bpe', 'tokenizer_config.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ ...config, truncation_side: 'left' }));
    const byConfig = JSON.parse(
      (await runCli(['show', 'hello the world', '-t', dir, '--max-length', '3', '--json'])).stdout,
    );
    expect(byConfig.truncation).toMatchObject({ side: 'left', droppedFrom: 1 });
    const asked = JSON.parse(
      (
        await runCli([
          'show',
          'hello the world',
          '-t',
          dir,
          '--max-length',
          '3',
          '--truncation-side',
          'right',
          '--json',
        ])
      ).stdout,
    );
    expect(asked.truncation).toMatchObject({ side: 'right', droppedFrom: 3 });
  });

  it('prints the token model as JSON with UTF-16 offsets into the text', async () => {
    const text = 'é🤗 <|endoftext|>';
    const r = await runCli(['show', text, '-t', 'gpt4o', '--json', '--offsets', 'utf16']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model.offsets).toBe('utf16');
    expect(model.tokenizer).toMatchObject({ name: 'gpt4o', engine: 'js' });
    expect(model.tokenizer.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    const special = model.tokens.find((t: { special: boolean }) => t.special);
    expect(text.slice(special.start, special.end)).toBe('<|endoftext|>');
    for (const t of model.tokens) expect(t.end).toBeLessThanOrEqual(text.length);
  });

  it('gives the same token model with the rust and transformers engines', async () => {
    const text = 'Ünïcödé, 中文 and 🤗 in one line\twith a tab';
    const [js, rust, tf] = await Promise.all(
      ['js', 'rust', 'transformers'].map((e) => runCli(['show', text, '-t', 'qwen3', '-e', e, '--json'])),
    );
    const strip = (out: string) => JSON.parse(out).tokens;
    expect(strip(rust!.stdout)).toEqual(strip(js!.stdout));
    expect(strip(tf!.stdout)).toEqual(strip(js!.stdout));
  });

  it('compares engines one after another, surfacing a real disagreement', async () => {
    // The JS BertNormalizer misses CJK characters outside the BMP; the Rust one isolates them.
    const r = await runCli(['show', '𠀀abc', '-t', 'wordpiece-en', '-e', 'js', '-e', 'rust']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('== wordpiece-en · js 0.2.0 (tokpeek) · ');
    expect(r.stdout).toContain('⟦+[CLS\\]⟧[UNK:𠀀abc]⟦+[SEP\\]⟧');
    expect(r.stdout).toMatch(/== wordpiece-en · rust 0\.\d+\.\d+ \(tokpeek\) · /);
    expect(r.stdout).toContain('⟦+[CLS\\]⟧[UNK:𠀀][ab][c]⟦+[SEP\\]⟧');
  });

  it('compares tokenizers one after another', async () => {
    const r = await runCli(['show', 'naïve café', '-t', 'wordpiece-en', '-t', 'mistral']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/== wordpiece-en · js 0\.2\.0 \(tokpeek\) · [0-9a-f]{12}\n⟦\+\[CLS\\\]⟧/);
    expect(r.stdout).toMatch(/== mistral · js/);
  });

  it('renders escape sequences and control characters in the text inert', async () => {
    const evil = 'red \x1b[31mALERT\x1b[0m \x1b]0;title\x07 bell\x07 nul\x00 del\x7f c1\u009b';
    const plain = await runCli(['show', '-t', 'gpt4o'], { input: evil });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f]/);
    expect(plain.stdout).toContain('␛');
    const color = await runCli(['show', '-t', 'gpt4o'], {
      input: evil,
      env: { NO_COLOR: undefined, FORCE_COLOR: '1' },
    });
    // Colour output holds SGR sequences of tokpeek's own and nothing else.
    expect(color.stdout.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f]/);
    expect(color.stdout).toMatch(/\x1b\[[0-9;]*m/);
  });
});

describe('tokenizer specs', () => {
  it('loads a folder, a tokenizer.json path, and the same content gives the same fingerprint', async () => {
    const folder = await runCli(['show', 'hello', '-t', path.join(FIXTURES, 'byte-bpe'), '--json']);
    const jsonPath = await runCli(['show', 'hello', '-t', path.join(FIXTURES, 'byte-bpe', 'tokenizer.json'), '--json']);
    expect(folder.code).toBe(0);
    expect(JSON.parse(folder.stdout).tokenizer.fingerprint).toBe(JSON.parse(jsonPath.stdout).tokenizer.fingerprint);
    // Reformatted JSON (other key order and spacing) is the same tokenizer.
    const original = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'byte-bpe', 'tokenizer.json'), 'utf8'));
    const reordered = Object.fromEntries(Object.entries(original).reverse());
    file('reformatted/tokenizer.json', JSON.stringify(reordered));
    fs.copyFileSync(
      path.join(FIXTURES, 'byte-bpe', 'tokenizer_config.json'),
      path.join(tmp, 'reformatted', 'tokenizer_config.json'),
    );
    const same = await runCli(['show', 'hello', '-t', path.join(tmp, 'reformatted'), '--json']);
    expect(JSON.parse(same.stdout).tokenizer.fingerprint).toBe(JSON.parse(folder.stdout).tokenizer.fingerprint);
  });

  it('resolves org/name@revision offline from a Hugging Face cache (refs and commits)', async () => {
    const cache = path.join(tmp, 'hub');
    const repo = path.join(cache, 'models--acme--tiny');
    const commitA = 'a'.repeat(40);
    const commitB = 'b'.repeat(40);
    for (const [commit, fixture] of [
      [commitA, 'byte-bpe'],
      [commitB, 'wordpiece'],
    ] as const) {
      fs.mkdirSync(path.join(repo, 'snapshots', commit), { recursive: true });
      for (const f of ['tokenizer.json', 'tokenizer_config.json'])
        fs.copyFileSync(path.join(FIXTURES, fixture, f), path.join(repo, 'snapshots', commit, f));
    }
    fs.mkdirSync(path.join(repo, 'refs'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'refs', 'main'), commitB);
    fs.writeFileSync(path.join(repo, 'refs', 'v1'), commitA + '\n');
    const env = { HF_HUB_CACHE: cache };
    const main = await runCli(['info', '-t', 'acme/tiny', '--json'], { env });
    expect(main.code).toBe(0);
    expect(JSON.parse(main.stdout).source).toMatchObject({
      kind: 'hf-cache',
      repo: 'acme/tiny',
      revision: 'main',
      commit: commitB,
    });
    expect(JSON.parse(main.stdout).anatomy.model.type).toBe('WordPiece');
    const tag = await runCli(['info', '-t', 'acme/tiny@v1', '--json'], { env });
    expect(JSON.parse(tag.stdout).source.commit).toBe(commitA);
    const short = await runCli(['info', '-t', 'acme/tiny@aaaaaaa', '--json'], { env });
    expect(JSON.parse(short.stdout).anatomy.model.type).toBe('BPE');
    // HF_HOME/hub is used when HF_HUB_CACHE is not set.
    const home = await runCli(['info', '-t', 'acme/tiny', '--json'], { env: { HF_HOME: tmp } });
    expect(home.code).toBe(0);
    const missing = await runCli(['show', 'x', '-t', 'acme/tiny@v9'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `acme/tiny@v9: no tokenizer.json for acme/tiny at revision v9 in the Hugging Face cache (searched ${path.join(repo, 'refs', 'v9')}`,
    );
  });
});

describe('tokpeek info and tokenizers', () => {
  it('shows the anatomy and the warnings of a real tokenizer', async () => {
    const r = await runCli(['info', '-t', 'mistral']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\s+BPE, vocab 32,000/);
    expect(r.stdout).toMatch(/template\s+<s> \$A/);
    expect(r.stdout).toContain('max-length-unset');
    const json = JSON.parse((await runCli(['info', '-t', 'llama3', '--json'])).stdout);
    expect(json.anatomy.warnings.map((w: { code: string }) => w.code)).toContain('bos-not-inserted');
  });

  it('lists every bundled tokenizer with its family', async () => {
    const r = await runCli(['tokenizers', '--json']);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; family: string; vocabSize: number }>;
    expect(rows.map((x) => x.name)).toEqual(['llama3', 'llama3.1', 'qwen3', 'gpt4o', 'mistral', 'wordpiece-en']);
    expect(new Set(rows.map((x) => x.family))).toEqual(
      new Set(['byte-level BPE', 'SentencePiece BPE + byte fallback', 'WordPiece']),
    );
  });

  it('browse --line starts where a report finding points, in any corpus format', async () => {
    const r = await runCli(['browse', 'corpora/hard-cases.txt', '--line', '50', '--limit', '1', '-t', 'gpt4o']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('corpora/hard-cases.txt:50');
    const csv = file('rows.csv', 'id,text\n1,first row\n2,"second, quoted row"\n');
    const c = await runCli(['browse', csv, '--field', 'text', '--line', '3', '-t', 'gpt4o']);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('[second][,][·quoted][·row]');
  });

  it('browse without a terminal says how many samples it printed of how many', async () => {
    const five = file('five.txt', 'one\ntwo\nthree\nfour\nfive\n');
    const r = await runCli(['browse', five, '--limit', '2', '-t', 'gpt4o']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[two]');
    expect(r.stdout).not.toContain('[three]');
    expect(r.stderr).toBe('tokpeek: printed 2 of 5 samples; --limit N for more, --limit 0 for all\n');
    const from = await runCli(['browse', five, '--limit', '1', '--line', '4', '-t', 'gpt4o']);
    expect(from.stderr).toBe('tokpeek: printed 1 of 2 samples from line 4; --limit N for more, --limit 0 for all\n');
    const all = await runCli(['browse', five, '--limit', '0', '-t', 'gpt4o']);
    expect(all.stdout).toContain('[five]');
    expect(all.stderr).toBe('');
  });

  it('tokpeek without arguments shows the bundled corpus under one tokenizer of each family', async () => {
    const r = await runCli(['--limit', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^tokpeek: printed 2 of [1-9][\d,]* samples;/);
    expect(r.stdout).toContain('corpora/hard-cases.txt:1');
    for (const name of ['llama3.1 (js)', 'mistral (js)', 'wordpiece-en (js)']) expect(r.stdout).toContain(name);
  });
});

describe('bad input: one line naming the file, exit code 2, no stack trace', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    [
      'a missing tokenizer path',
      () => ['show', 'x', '-t', './no/such/dir'],
      /^tokpeek: \.\/no\/such\/dir: no such file, folder or bundled tokenizer\n/,
    ],
    [
      'a folder without tokenizer.json',
      () => ['show', 'x', '-t', path.dirname(file('empty/readme.txt', 'hi'))],
      /empty: folder has no tokenizer\.json\n/,
    ],
    [
      'invalid JSON',
      () => ['show', 'x', '-t', file('broken/tokenizer.json', '{\n  "model": {\n    "type": "BPE",\n  }\n}')],
      /broken\/tokenizer\.json:4: invalid JSON/,
    ],
    [
      'an empty tokenizer.json',
      () => ['show', 'x', '-t', file('blank/tokenizer.json', '')],
      /blank\/tokenizer\.json: file is empty/,
    ],
    [
      'an unknown model type',
      () => [
        'show',
        'x',
        '-t',
        file('weird/tokenizer.json', JSON.stringify({ model: { type: 'Quantum', vocab: {} } })),
      ],
      /weird\/tokenizer\.json: unknown model type "Quantum"/,
    ],
    [
      'a component the engine does not know',
      () => [
        'show',
        'x',
        '-t',
        file(
          'comp/tokenizer.json',
          JSON.stringify({
            model: { type: 'BPE', vocab: { a: 0 }, merges: [] },
            normalizer: { type: 'Frobnicate' },
            added_tokens: [],
            pre_tokenizer: null,
            post_processor: null,
            decoder: null,
          }),
        ),
      ],
      /comp\/tokenizer\.json: the js engine cannot load it: Unknown Normalizer type: Frobnicate/,
    ],
    [
      'invalid UTF-8 in a corpus',
      () => ['browse', file('latin1.txt', Buffer.from('ok\nstill ok\ncaf\xe9\n', 'latin1'))],
      /latin1\.txt:3: invalid UTF-8 at byte 4 of the line/,
    ],
    ['an empty corpus', () => ['browse', file('empty.txt', '\n\n')], /empty\.txt: no samples: the corpus is empty/],
    [
      'a 10 MB line',
      () => ['browse', file('huge.txt', 'short\n' + 'x'.repeat(10 * 1024 * 1024) + '\n')],
      /huge\.txt:2: line is longer than 8\.0 MiB/,
    ],
    ['invalid UTF-8 on standard input', () => ['show', '-t', 'gpt4o'], /<stdin>:1: invalid UTF-8/],
    [
      'a missing --file',
      () => ['show', '-t', 'gpt4o', '--file', path.join(tmp, 'nope.txt')],
      /nope\.txt: no such file/,
    ],
    [
      'browse --line at a JSONL record without the field',
      () => ['browse', file('recs.jsonl', '{"text":"a"}\n{"body":"b"}\n'), '--line', '2'],
      /recs\.jsonl:2: no field "text".* in the record \(it has: body\)/,
    ],
    [
      'browse --line past the end',
      () => ['browse', file('short.jsonl', '{"text":"a"}\n{"text":"b"}\n'), '--line', '500'],
      /short\.jsonl: --line 500 is past the end: the last record starts at line 2/,
    ],
    ['an unknown command', () => ['shwo'], /unknown command or missing corpus file "shwo"/],
    ['an unknown option', () => ['show', '--colour'], /show: Unknown option '--colour'/],
    [
      'an unknown engine',
      () => ['show', 'x', '-e', 'python'],
      /--engine must be one of js, rust, transformers, llama\.cpp, tiktoken, not "python"/,
    ],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const input = _name.includes('standard input') ? Buffer.from([0x61, 0xff, 0x62]) : undefined;
    const r = await runCli(args(), { input });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2); // the message and its hint
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the stack trace with --debug', async () => {
    const r = await runCli(['show', 'x', '-t', './no/such/dir', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
    // In a checkout, through the bundle's source maps (chained through tsc's): the lines of src/*.ts.
    expect(r.stderr).toMatch(/\n\s+at .*src\/[\w/-]+\.ts:\d+:\d+/);
    expect(r.stderr).not.toMatch(/dist\/bundle\//);
  });
});
