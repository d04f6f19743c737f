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
      `#!/bin/sh\n[ "$1" = tokpeek ] && shift\nexec "${process.execPath}" "${BIN}" "$@"\n`,
      { mode: 0o755 },
    );
  });

  const step = (script: string) => {
    const summary = s.file(`summary-${Math.random().toString(36).slice(2)}.md`);
    const r = spawnSync('bash', ['-e', '-c', script], {
      cwd: s.dir,
      env: { PATH: `${bin}:${process.env.PATH}`, CI: 'true', GITHUB_STEP_SUMMARY: summary, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    return { code: r.status, summary: fs.existsSync(summary) ? fs.readFileSync(summary, 'utf8') : '' };
  };

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
