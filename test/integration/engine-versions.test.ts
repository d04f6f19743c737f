// Older engine releases in the user's project: a fixture project records snapshots with
// tokpeek's own engines, then its node_modules get older @huggingface/tokenizers (the npm
// aliases in devDependencies) and @huggingface/transformers 3.8.1 (48 MB, fetched from the
// registry on first use: test/support/fetched-package.mjs), and `check` resolves those
// from the project: it reports their real drift, classified, with exit 1 (never 70), and every
// header names which copy and version ran.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { MINI_BPE, editedCopy } from '../support/fixture-tokenizers.js';
import { makeSuite } from '../support/snapshot-suite.js';
import { valid } from '../support/json-schema.js';
import { fetchedPackage } from '../support/fetched-package.mjs';

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-project-'));
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

// Whitespace before a BOM: the older releases split it differently (JS `\s` matches U+FEFF in
// their pre-tokenizer regex, the Rust `\s` and 0.2.0 do not). The other lines do not change.
const CORPUS = ['a  \ufeffb', '日本語  \ufeff end', 'plain text here', 'The quick brown fox.'].join('\n');

fs.writeFileSync(path.join(project, 'corpus.txt'), `${CORPUS}\n`);
fs.writeFileSync(
  path.join(project, 'tokpeek.config.json'),
  JSON.stringify({
    tokenizers: {
      llama3: { spec: 'llama3', engine: 'js' },
      gpt4o: { spec: 'gpt4o', engine: 'js' },
      'llama3-transformers': { spec: 'llama3', engine: 'transformers' },
    },
    corpora: { c: 'corpus.txt' },
  }),
);

const run = (args: string[]) => runCli([...args, '--workers', '1'], { cwd: project });

/** The checkout's copy of an aliased older release (devDependencies). */
const alias = (name: string) => path.join(ROOT, 'node_modules', name);

/** transformers.js 3.8.1 with the checkout's ONNX runtime and sharp stubs (test/install-stubs/). */
const transformers3 = () =>
  fetchedPackage('@huggingface/transformers', '3.8.1', {
    // transformers.js imports onnxruntime-common itself (its Tensor class), the stubs the rest.
    dependencies: { 'onnxruntime-common': '1.30.0' },
    overrides: {
      'onnxruntime-node': 'file:test/install-stubs/onnxruntime-node',
      'onnxruntime-web': 'file:test/install-stubs/onnxruntime-web',
      sharp: 'file:test/install-stubs/sharp',
    },
  });

/** The project's node_modules/@huggingface/<name> is the older release in `folder`. */
function install(name: string, folder: string): void {
  const dir = path.join(project, 'node_modules', '@huggingface');
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, name), { force: true });
  fs.symlinkSync(folder, path.join(dir, name));
}

const version = (folder: string) => JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')).version;

describe('engine packages resolved from the user project', () => {
  it('records snapshots with tokpeek’s own engines when the project has none', async () => {
    const r = await run(['snapshot']);
    expect(r.code, r.stderr).toBe(0);
    const header = fs.readFileSync(path.join(project, 'snapshots/llama3/c.snap'), 'utf8');
    expect(header).toMatch(/\nengine-version: 0\.2\.\d+\nengine-copy: tokpeek\n/);
  });

  it('check fails with the older releases’ drift, named by stage, and names the project copy', async () => {
    install('tokenizers', alias('tokenizers-js-0.1'));
    install('transformers', transformers3());
    expect(version(alias('tokenizers-js-0.1'))).toBe('0.1.3');
    expect(version(path.join(project, 'node_modules/@huggingface/transformers'))).toBe('3.8.1');
    const r = await run(['check', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.subjects).toHaveLength(3);
    for (const s of report.subjects) {
      expect(s.status).toBe('drift');
      expect(s.counts.drifted).toBe(2);
      expect(s.counts.unchanged).toBe(2);
      // A pre-tokenizer change: never the text (normalization) nor the ids of the same tokens (vocab-remap).
      for (const c of Object.keys(s.classes)) expect(['pre-tokenization', 'boundaries']).toContain(c);
      expect(s.old.engineCopy).toBe('tokpeek');
      const pkg = s.new.engine === 'js' ? 'tokenizers' : 'transformers';
      expect(s.new.engineCopy).toBe(`project node_modules/@huggingface/${pkg}`);
      expect(s.new.engineVersion).toBe(pkg === 'tokenizers' ? '0.1.3' : '3.8.1');
    }
    // The js engine's live pipeline shows where pre-tokens end: the first sample is pinned on the pre-tokenizer.
    const llama = report.subjects.find((s: { tokenizer: string }) => s.tokenizer === 'llama3');
    expect(llama.classes['pre-tokenization']).toBeGreaterThan(0);
    const text = await run(['check']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('live      llama3 · js 0.1.3 (project node_modules/@huggingface/tokenizers)');
    expect(text.stdout).toContain('transformers 3.8.1 (project node_modules/@huggingface/transformers)');
  }, 300_000); // the first run on a machine fetches transformers.js 3.8.1

  it('show, info and report name the copy and version that ran', async () => {
    const here = (args: string[]) => runCli(args, { cwd: project });
    const copy = 'project node_modules/@huggingface/tokenizers';
    const show = await here(['show', 'hi', '-t', 'llama3', '-t', 'gpt4o', '--json']);
    expect(show.code, show.stderr).toBe(0);
    for (const l of show.stdout.trim().split('\n'))
      expect(valid('show', l).tokenizer).toMatchObject({ engine: 'js', engineVersion: '0.1.3', engineCopy: copy });
    const both = await here(['show', 'hi', '-t', 'llama3', '-t', 'gpt4o']);
    expect(both.stdout).toContain(`== llama3 · js 0.1.3 (${copy}) · `);
    const info = await here(['info', '-t', 'llama3']);
    expect(info.stdout).toContain(`engine      js (@huggingface/tokenizers 0.1.3, copy: ${copy})`);
    expect(valid('info', (await here(['info', '-t', 'llama3', '--json'])).stdout).engineCopy).toBe(copy);
    const report = await here(['report', 'corpus.txt', '-t', 'llama3']);
    expect(report.stdout).toMatch(new RegExp(`^tokpeek report · llama3 · js 0\\.1\\.3 \\(${copy}\\) · `));
    const json = valid('report', (await here(['report', 'corpus.txt', '-t', 'llama3', '--format', 'json'])).stdout);
    expect(json.tokenizer).toMatchObject({ engineVersion: '0.1.3', engineCopy: copy });
    // Run from elsewhere, tokpeek's own copy: named as such.
    const own = await runCli(['report', path.join(project, 'corpus.txt'), '-t', 'llama3'], { cwd: os.tmpdir() });
    expect(own.stdout).toMatch(/^tokpeek report · llama3 · js 0\.2\.\d+ \(tokpeek\) · /);
  });

  it('an 0.0.x release, whose internals tokpeek cannot replay, is checked through its own encode', async () => {
    install('tokenizers', alias('tokenizers-js-0.0'));
    const r = await run(['check', '-t', 'llama3', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const [s] = JSON.parse(r.stdout).subjects;
    expect(s.new.engineVersion).toBe('0.0.6');
    expect(s.counts.drifted).toBe(2);
    for (const c of Object.keys(s.classes)) expect(['pre-tokenization', 'boundaries']).toContain(c);
    // show under that release: offsets laid from the token bytes, the BOM token in its place.
    const show = await runCli(['show', 'a  \ufeffb', '-t', 'llama3', '--json'], { cwd: project });
    expect(show.code, show.stderr).toBe(0);
    const line = JSON.parse(show.stdout.trim().split('\n')[0]!);
    expect(line.tokenizer.engineVersion).toBe('0.0.6');
    const spans = line.tokens.map((t: { start: number; end: number }) => [t.start, t.end]);
    expect(spans).toEqual([
      [0, 1],
      [1, 3],
      [3, 4],
      [4, 5],
    ]);
  });

  it('the transformers engine gives the drift classifier its live pipeline, as the js engine does', async () => {
    // Recorded under the project's transformers.js 3.8.1, checked under tokpeek's own 4.x once
    // the project drops it: the live side's pre-tokens pin the change on the pre-tokenizer.
    expect((await run(['snapshot', '-t', 'llama3-transformers'])).code).toBe(0);
    fs.rmSync(path.join(project, 'node_modules/@huggingface/transformers'), { force: true });
    const r = await run(['check', '-t', 'llama3-transformers', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const [s] = JSON.parse(r.stdout).subjects;
    expect(s.new.engineCopy).toBe('tokpeek');
    expect(s.counts.drifted).toBe(2);
    expect(s.classes['pre-tokenization']).toBeGreaterThan(0);
  });
});

describe('a tokenizer its engine cannot run', () => {
  // The js engine refuses this one (as an old binding refuses qwen3's pair-form merges); the
  // suite's other tokenizer is still recorded and checked.
  const suite = makeSuite({
    tokenizers: { mini: { spec: './tok' }, broken: { spec: './broken' } },
    corpora: { prose: 'corpora/prose.txt' },
  });
  editedCopy(MINI_BPE, { tokenizer: (t) => void (t.normalizer = { type: 'Frobnicate' }) }, suite.file('broken'));
  afterAll(() => fs.rmSync(suite.dir, { recursive: true, force: true }));
  const message = /broken\/tokenizer\.json: the js engine cannot load it: Unknown Normalizer type: Frobnicate/;

  it('snapshot records the others and names it on stderr, exit 3', async () => {
    const r = await suite.run(['snapshot', '--workers', '1']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('wrote snapshots/mini/prose.snap');
    expect(r.stderr).toMatch(/^tokpeek: broken not recorded: .*Frobnicate\n$/);
    expect(r.stderr).toMatch(message);
  });

  it('check reports it as one finding and checks the others, exit 3', async () => {
    const r = await suite.run(['check', '--workers', '1', '--format', 'json']);
    expect(r.code, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.exitCode).toBe(3);
    expect(report.totals.unavailable).toBe(1);
    const byId = Object.fromEntries(report.subjects.map((s: { id: string }) => [s.id, s]));
    expect(byId['mini/prose'].status).toBe('ok');
    expect(byId.broken.status).toBe('unavailable');
    expect(byId.broken.failed).toBe(true);
    expect(byId.broken.notes[0].message).toMatch(message);
    const text = await suite.run(['check', '--workers', '1']);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/1 engine could not run/);
    expect(text.stdout).toMatch(/✓ mini\/prose/);
  });

  it('diff with that side is one finding, exit 3', async () => {
    const r = await suite.run(['diff', '-t', 'mini', '-t', 'broken', '--workers', '1', '--format', 'json']);
    expect(r.code, r.stderr).toBe(3);
    const [s] = JSON.parse(r.stdout).subjects;
    expect(s.status).toBe('unavailable');
    expect(s.notes[0].message).toMatch(message);
  });
});
