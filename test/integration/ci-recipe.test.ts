// The documented GitHub Actions recipe (docs/snapshots.md), run as Actions runs it: the `tokpeek check` step's shell
// lines under `bash -e` (no pipefail), with CI set, GITHUB_STEP_SUMMARY a file, and `npx
// tokpeek` this checkout's binary. The step must fail on drift and still fill the summary.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lowercase } from '../support/fixture-tokenizers.js';
import { BIN, ROOT } from '../support/run-cli.js';
import { type TestSuite, makeSuite } from '../support/snapshot-suite.js';

/** The `run: |` lines of the documented workflow step named `tokpeek check` (docs/snapshots.md). */
function recipeStep(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'docs', 'snapshots.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('name: tokenizer drift') - 20))![1]!;
  const step = /- name: tokpeek check\n(\s+)run: \|\n((?:\1 {2}.*\n)+)/.exec(yaml);
  if (!step) throw new Error('docs/snapshots.md: no `tokpeek check` step with a `run: |` block in the workflow');
  return step[2]!.replace(new RegExp(`^${step[1]}  `, 'gm'), '');
}

/**
 * The composite action (action.yml) as Actions runs it: its inputs' defaults overridden by `with`,
 * its step's `env` filled from them, its `run: |` lines under `bash -e`. A small reader for this
 * one file's layout (the repository has no YAML parser, and needs none elsewhere).
 */
function actionStep(withInputs: Record<string, string>): { script: string; env: Record<string, string> } {
  const yml = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  expect(yml).toMatch(/^runs:\n {2}using: composite\n/m);
  const inputs: Record<string, string> = {};
  for (const [, name, body] of yml.matchAll(/^ {2}([\w-]+):\n((?: {4}.*\n)+)/gm)) {
    const def = /^ {4}default: (.*)$/m.exec(body!);
    if (def) inputs[name!] = def[1]!.replace(/^'(.*)'$/, '$1');
  }
  Object.assign(inputs, withInputs);
  const fill = (v: string) => v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_, k: string) => inputs[k] ?? '');
  const envBlock = /^ {6}env:\n((?: {8}.*\n)+)/m.exec(yml)![1]!;
  const env = Object.fromEntries(
    [...envBlock.matchAll(/^ {8}(\w+): (.*)$/gm)].map(([, k, v]) => [k!, fill(v!)] as [string, string]),
  );
  expect(yml).toMatch(/^ {6}shell: bash$/m);
  const run = /^ {6}run: \|\n((?: {8}.*\n)+)/m.exec(yml)![1]!.replace(/^ {8}/gm, '');
  // Inputs reach the script only through env: nothing of theirs is spliced into its text.
  expect(run).not.toContain('${{');
  return { script: run, env };
}

describe('the documented CI recipe under bash -e', () => {
  let s: TestSuite;
  let bin: string;
  beforeAll(async () => {
    s = makeSuite();
    expect((await s.run(['snapshot'])).code).toBe(0);
    // `npx tokpeek ARGS` as the user's project has it: this checkout's binary.
    bin = s.file('bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'npx'),
      // npx's own options (--yes) and the package name go; the rest are tokpeek's.
      `#!/bin/sh\nwhile [ "$#" -gt 0 ]; do case "$1" in --*) shift ;; tokpeek) shift; break ;; *) break ;; esac; done\nexec "${process.execPath}" "${BIN}" "$@"\n`,
      { mode: 0o755 },
    );
  });

  const step = (script: string, env: Record<string, string> = {}, suite = s) => {
    const summary = suite.file(`summary-${Math.random().toString(36).slice(2)}.md`);
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: suite.dir,
      env: { PATH: `${bin}:${process.env.PATH}`, CI: 'true', GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1', ...env },
      encoding: 'utf8',
    });
    return { code: r.status, summary: fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '' };
  };

  it('the composite action (action.yml) passes when nothing drifted, fails the step on drift, with summary and JUnit', async () => {
    const a = makeSuite();
    expect((await a.run(['snapshot'])).code).toBe(0);
    fs.mkdirSync(a.file('tmp'));
    const junit = a.file('tokpeek-junit.xml');
    const action = actionStep({ junit });
    expect(action.env.TOKPEEK).toBe('npx --yes tokpeek');
    const run = (inputs = action) => step(inputs.script, { ...inputs.env, RUNNER_TEMP: a.file('tmp') }, a);
    const green = run();
    expect(green.code).toBe(0);
    expect(green.summary).toMatch(/^## ✅ tokpeek check/);
    expect(fs.readFileSync(junit, 'utf8')).toMatch(/<testsuites name="tokpeek check" tests="2" failures="0"/);
    const before = a.read('snapshots/mini/prose.snap');
    a.editTokenizer({ tokenizer: lowercase });
    const red = run();
    expect(red.code).toBe(1);
    expect(red.summary).toMatch(/^## ❌ tokpeek check/);
    expect(fs.readFileSync(junit, 'utf8')).toMatch(/<testsuites name="tokpeek check" tests="2" failures="[12]"/);
    // --ci: nothing written, whatever the CI variable says.
    expect(a.read('snapshots/mini/prose.snap')).toBe(before);
    expect(fs.existsSync(a.file('snapshots/mini/prose.snap.new'))).toBe(false);
    // `args` are split into words; a bad one is exit 2, and the step fails with it.
    expect(run(actionStep({ args: '--limit nope' })).code).toBe(2);
  });

  it('passes on unchanged tokenization, fails on drift, and writes the summary both times', () => {
    const script = recipeStep();
    expect(script).toContain('npx tokpeek check');
    const green = step(script);
    expect(green.code).toBe(0);
    expect(green.summary).toMatch(/^## ✅ tokpeek check/);
    s.editTokenizer({ tokenizer: lowercase });
    const red = step(script);
    expect(red.code).toBe(1);
    expect(red.summary).toMatch(/^## ❌ tokpeek check/);
    // What the recipe replaced: `| tee` under bash -e hides the drift (exit 0).
    expect(step('npx tokpeek check --format markdown | tee -a "$GITHUB_STEP_SUMMARY"').code).toBe(0);
  });
});
