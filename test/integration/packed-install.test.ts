// The package as users get it: `npm pack`, `npm install -g` into a temporary prefix, then every
// command run by the installed `tokpeek` from a folder outside the checkout, offline, on the
// bundled tokenizers. npm's cache keeps the install fast; the registry fills it on a new machine.
// Offline is enforced, not assumed: where the kernel lets us (root, as on the CI machine), every
// run of the installed tokpeek is in a network namespace of its own (`unshare -n`), with no
// interface but a loopback that is down.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_CONTRACTS } from '../../src/render/json-contracts.js';
import { Ajv } from 'ajv';
import {
  GLOBAL_INSTALL_BUDGET,
  ROOT,
  diskUsage,
  installGlobal,
  installLocal,
  pack,
} from '../support/packed-install.mjs';
import { type CliResult, type RunOptions, runCli } from '../support/run-cli.js';

const BUNDLED = ['llama3', 'llama3.1', 'qwen3', 'gpt4o', 'mistral', 'wordpiece-en'];

/** `unshare -n` works here (root or user namespaces allowed): runs can be cut off from the network. */
const CAN_UNSHARE = spawnSync('unshare', ['-n', 'true']).status === 0;

/** A launcher for `real` without network access (or `real` itself where namespaces are not allowed). */
function offline(real: string, dir: string): string {
  if (!CAN_UNSHARE) {
    console.warn('packed-install: unshare -n is not permitted here; the installed tokpeek runs with the network');
    return real;
  }
  const launcher = path.join(dir, `offline-${path.basename(path.dirname(path.dirname(real)))}-tokpeek`);
  fs.writeFileSync(launcher, `#!/bin/sh\nexec unshare -n -- "${real}" "$@"\n`, { mode: 0o755 });
  return launcher;
}

describe('the packed package, installed globally', () => {
  let tmp: string;
  let bin: string;
  let packageDir: string;
  let prefix: string;
  let work: string;
  let packed: string[];
  let tarball: string;

  /** The installed tokpeek, from `work`, with only node on PATH and a home of its own. */
  const tokpeek = (args: string[], options: RunOptions = {}): Promise<CliResult> =>
    runCli(args, {
      bin,
      cwd: work,
      ...options,
      env: { PATH: path.dirname(process.execPath), HOME: path.join(tmp, 'home'), HF_HOME: undefined, ...options.env },
    });

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-packed-'));
    const packing = pack(tmp);
    tarball = packing.tarball;
    const { summary } = packing;
    packed = summary.files.map((f) => f.path);
    prefix = path.join(tmp, 'prefix');
    ({ bin, packageDir } = installGlobal(tarball, prefix));
    bin = offline(bin, tmp);
    work = path.join(tmp, 'work');
    fs.mkdirSync(path.join(tmp, 'home'));
    fs.mkdirSync(path.join(work, 'data'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'corpora', 'prose.txt'), path.join(work, 'data', 'prose.txt'));
  }, 600_000);

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ships what runs and nothing else', () => {
    // What runs: bin/tokpeek.js loads the bundled command line, pools start the bundled worker, the decompression
    // worker is still tsc's module (test/tools/bundle-dist.mjs).
    for (const file of [
      'dist/bundle/cli.js',
      'dist/bundle/pool-worker.js',
      'dist/bundle/snapshot-scan-worker.js',
      'dist/corpus/decompress-worker.js',
    ])
      expect(packed).toContain(file);
    expect(packed.filter((f) => f.startsWith('dist/vendor/')).length).toBeGreaterThan(0);
    for (const name of Object.keys(JSON_CONTRACTS)) expect(packed).toContain(`src/schemas/${name}.schema.json`);
    for (const name of BUNDLED) {
      expect(packed).toContain(`src/bundled/${name}/tokenizer.json`);
      expect(packed).toContain(`src/bundled/${name}/tokenizer_config.json`);
    }
    for (const name of BUNDLED.filter((n) => n !== 'wordpiece-en')) {
      expect(packed).toContain(`src/bundled/${name}/LICENSE`);
      expect(packed).toContain(`src/bundled/${name}/SOURCE.json`);
    }
    const stray = packed.filter(
      (f) =>
        f.startsWith('test/') ||
        f.startsWith('snapshots/') ||
        f.endsWith('.map') ||
        f.endsWith('.snap') ||
        (f.startsWith('src/') && !f.startsWith('src/bundled/') && !f.startsWith('src/schemas/')),
    );
    expect(stray).toEqual([]);
    // The composite action, for users to copy into .github/actions/ (docs/snapshots.md).
    expect(packed).toContain('action.yml');
  });

  it.runIf(CAN_UNSHARE)('runs without a network: the launcher really cuts it off', () => {
    const probe = `require('node:dns').lookup('registry.npmjs.org', (e) => { process.stdout.write(e ? e.code : 'resolved'); })`;
    const cut = spawnSync('unshare', ['-n', '--', process.execPath, '-e', probe], { encoding: 'utf8' });
    expect(cut.stdout).not.toBe('resolved');
    expect(fs.readFileSync(bin, 'utf8')).toContain('unshare -n');
  });

  it(`installs in at most ${GLOBAL_INSTALL_BUDGET / 1e6} MB, without ONNX runtimes or tokenizer bundles`, () => {
    expect(diskUsage(prefix)).toBeLessThanOrEqual(GLOBAL_INSTALL_BUDGET);
    const installed = fs.readdirSync(path.join(packageDir, 'node_modules'));
    for (const heavy of ['onnxruntime-node', 'onnxruntime-web', 'sharp', '@lenml'])
      expect(installed).not.toContain(heavy);
    expect(fs.existsSync(path.join(packageDir, 'node_modules', '@huggingface', 'transformers'))).toBe(false);
  });

  it('starts, helps and lists the bundled tokenizers from their installed files', async () => {
    const version = await tokpeek(['--version']);
    expect(version.stdout.trim()).toBe(
      `tokpeek ${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}`,
    );
    expect((await tokpeek(['--help'])).stdout).toContain('Usage: tokpeek [command]');
    const list = await tokpeek(['tokenizers', '--json']);
    expect(list.stderr).toBe('');
    const rows = JSON.parse(list.stdout) as Array<{ name: string; source: string }>;
    expect(rows.map((r) => r.name)).toEqual(BUNDLED);
    for (const r of rows) expect(r.source.startsWith(packageDir)).toBe(true);
  });

  it('tokenizes with every bundled tokenizer and the rust engine', async () => {
    const show = await tokpeek(['show', 'Hello wörld 😀', ...BUNDLED.flatMap((t) => ['-t', t]), '--ids']);
    expect(show.stderr).toBe('');
    expect(show.code).toBe(0);
    for (const name of BUNDLED)
      expect(show.stdout).toMatch(
        new RegExp(`== ${name.replace('.', '\\.')} · js 0\\.\\d+\\.\\d+ \\((tokpeek|project [^)]+)\\) ·`),
      );
    const rust = await tokpeek(['show', 'Hello', '-t', 'gpt4o', '-e', 'js', '-e', 'rust', '--json']);
    expect(rust.code).toBe(0);
    const [js, rs] = rust.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { tokens: Array<{ id: number }> }).tokens.map((t) => t.id));
    expect(js!.length).toBeGreaterThan(0);
    expect(rs).toEqual(js);
  });

  it('says in one line how to add the optional transformers engine', async () => {
    const r = await tokpeek(['show', 'Hello', '-e', 'transformers']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^tokpeek: the transformers engine needs @huggingface\/transformers, which is not installed/,
    );
    expect(r.stderr).toContain('npm install -g @huggingface/transformers');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('info, report, tokenize, browse and completion work on files outside the checkout', async () => {
    const info = await tokpeek(['info', '-t', 'qwen3']);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain(path.join(packageDir, 'src', 'bundled', 'qwen3'));
    // JSON against the schema the package ships, read from the installed copy.
    const infoJson = await tokpeek(['info', '-t', 'qwen3', '-t', 'mistral', '--json']);
    expect(infoJson.code).toBe(0);
    const schema = JSON.parse(fs.readFileSync(path.join(packageDir, 'src', 'schemas', 'info.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    for (const line of infoJson.stdout.trim().split('\n'))
      expect(validate(JSON.parse(line)), JSON.stringify(validate.errors)).toBe(true);
    const completion = await tokpeek(['completion', 'bash']);
    expect(completion.code).toBe(0);
    expect(completion.stdout).toContain('complete ');
    const report = await tokpeek([
      'report',
      'data/prose.txt',
      '-t',
      'mistral',
      '--max-length',
      '64',
      '--format',
      'json',
    ]);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).samples ?? JSON.parse(report.stdout)).toBeTruthy();
    // Compressed inputs: .bz2 and .zst decompress on a worker thread the package must ship and find.
    for (const name of ['messages.jsonl', 'messages.jsonl.bz2', 'messages.jsonl.zst'])
      fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'compressed', name), path.join(work, 'data', name));
    const counts = async (file: string) => {
      const r = await tokpeek(['report', file, '-t', 'qwen3', '--format', 'json']);
      expect(r.stderr, file).toBe('');
      expect(r.code, file).toBe(0);
      return JSON.parse(r.stdout).lengths;
    };
    const plainCounts = await counts('data/messages.jsonl');
    expect(await counts('data/messages.jsonl.bz2')).toEqual(plainCounts);
    expect(await counts('data/messages.jsonl.zst')).toEqual(plainCounts);
    const stream = await tokpeek(['tokenize', 'data/prose.txt', '-t', 'qwen3', '--offsets', 'byte']);
    expect(stream.stderr).toBe('');
    expect(stream.code).toBe(0);
    const first = JSON.parse(stream.stdout.split('\n')[0]!);
    expect(first).toMatchObject({ offsets: 'byte', source: { file: 'data/prose.txt', line: 1 } });
    const browse = await tokpeek(['browse', 'data/prose.txt', '--limit', '2']);
    expect(browse.code).toBe(0);
    expect(browse.stdout.length).toBeGreaterThan(0);
    // No corpus named: the bundled corpora shipped in the package.
    const bundled = await tokpeek([]);
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).toContain('hard-cases');
  });

  it('runs the snapshot workflow in a new project: init, snapshot, check, diff, pending, accept, reject, review', async () => {
    const init = await tokpeek(['init', 'data/prose.txt', '-t', 'llama3.1', '-t', 'wordpiece-en']);
    expect(init.code).toBe(0);
    expect(fs.existsSync(path.join(work, 'tokpeek.config.json'))).toBe(true);
    const snap = await tokpeek(['snapshot']);
    expect(snap.stderr).toBe('');
    expect(snap.code).toBe(0);
    expect((await tokpeek(['check', '--ci'])).code).toBe(0);
    const diff = await tokpeek(['diff', '-t', 'llama3', '-t', 'llama3.1', 'data/prose.txt']);
    expect(diff.code).toBe(1); // llama3.1 adds <|begin_of_text|>
    // A new corpus line: check (not CI) leaves it pending; review needs a terminal, accept takes it.
    fs.appendFileSync(path.join(work, 'data', 'prose.txt'), 'A line the snapshots have not seen.\n');
    expect((await tokpeek(['check'])).code).toBe(1);
    expect((await tokpeek(['pending'])).stdout).toMatch(/^llama3\.1\/prose#[0-9a-f]+ +added/m);
    const review = await tokpeek(['review']);
    expect(review.code).toBe(2);
    expect(review.stderr).toContain('tokpeek pending');
    expect((await tokpeek(['accept'])).code).toBe(0);
    expect((await tokpeek(['check', '--ci'])).code).toBe(0);
    // Another one, rejected: the snapshots stay as they were, so CI still fails on it.
    fs.appendFileSync(path.join(work, 'data', 'prose.txt'), 'And one they will not keep.\n');
    expect((await tokpeek(['check'])).code).toBe(1);
    expect((await tokpeek(['reject'])).code).toBe(0);
    expect((await tokpeek(['pending'])).stdout).not.toContain('added');
    expect((await tokpeek(['check', '--ci'])).code).toBe(1);
  });

  it('init in a project that installed tokpeek names the shipped schema in $schema; the path resolves and the config validates', async () => {
    const project = path.join(tmp, 'project');
    const local = offline(installLocal(tarball, project), tmp);
    const init = await tokpeek(['init', '-t', 'llama3.1'], { cwd: project, bin: local });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(project, 'tokpeek.config.json'), 'utf8'));
    expect(config.$schema).toBe('./node_modules/tokpeek/src/schemas/config.schema.json');
    const schema = JSON.parse(fs.readFileSync(path.resolve(project, config.$schema), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, tokenizers: { 'bad name/': 'x' } })).toBe(false);
    // tokpeek itself reads the file with its $schema key.
    expect((await tokpeek(['snapshot'], { cwd: project, bin: local })).code).toBe(0);
    expect((await tokpeek(['check', '--ci'], { cwd: project, bin: local })).code).toBe(0);
  });
});
