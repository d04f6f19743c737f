// Every JSON output validates against the JSON Schema tokpeek ships for it (src/schemas/, in
// the package), and the shipped schemas are what the TypeScript types say (npm run schemas).
// ajv: the most used JSON Schema validator, strict about unknown keywords, with exact error paths.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lowercase } from '../support/fixture-tokenizers.js';
import { lines, valid } from '../support/json-schema.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { type TestSuite, makeSuite } from '../support/snapshot-suite.js';

describe('JSON outputs against their shipped schemas', () => {
  let s: TestSuite;
  beforeAll(async () => {
    s = makeSuite();
    expect((await s.run(['snapshot'])).code).toBe(0);
    s.editTokenizer({ tokenizer: lowercase });
  });

  it('the validators fail on what the schemas exclude', () => {
    expect(() => valid('show', '{"offsets":"bytes","text":"","tokens":[]}')).toThrow(/offsets|tokenizer/);
    expect(() => valid('tokenizers', '[{"name":"x"}]')).toThrow(/must have required property/);
  });

  it('check and diff --format json', async () => {
    const check = await s.run(['check', '--format', 'json']);
    expect(check.code).toBe(1);
    expect(valid('drift-report', check.stdout).totals.drifted).toBeGreaterThan(0);
    fs.cpSync(s.file('tok'), s.file('tok2'), { recursive: true });
    const diff = await s.run(['diff', '-t', './tok', '-t', 'wordpiece-en', 'corpora/prose.txt', '--format', 'json']);
    expect(diff.code).toBe(1);
    valid('drift-report', diff.stdout);
  });

  it('pending --json, one record per line', async () => {
    const r = await s.run(['pending', '--json']);
    expect(r.code).toBe(0);
    const records = lines(r.stdout).map((l) => valid('pending', l));
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((x) => x.kind))).toContain('changed');
  });

  it('show --json, one record per tokenizer, offsets named', async () => {
    const r = await runCli([
      'show',
      'The café 😀 <s>',
      '-t',
      'mistral',
      '-t',
      'wordpiece-en',
      '--max-length',
      '3',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const records = lines(r.stdout).map((l) => valid('show', l));
    expect(records.map((x) => x.tokenizer.name)).toEqual(['mistral', 'wordpiece-en']);
    expect(records.every((x) => x.offsets === 'codepoint' && x.truncation)).toBe(true);
  });

  it('info --json, one line per tokenizer whether one -t or several', async () => {
    const one = await runCli(['info', '-t', 'mistral', '--json']);
    expect(one.code).toBe(0);
    expect(lines(one.stdout)).toHaveLength(1);
    expect(valid('info', one.stdout).anatomy.model.byteFallback).toBe(true);
    // The suite's folder tokenizer, the Rust engine and an HF-style folder with its config files.
    const several = await s.run(['info', '-t', 'gpt4o', '-t', './tok', '-t', 'qwen3', '-e', 'rust', '--json']);
    expect(several.code, several.stderr).toBe(0);
    const records = lines(several.stdout).map((l) => valid('info', l));
    expect(records.map((x) => [x.name, x.engine, x.source.kind])).toEqual([
      ['gpt4o', 'rust', 'bundled'],
      ['tok', 'rust', 'folder'],
      ['qwen3', 'rust', 'bundled'],
    ]);
    expect(records[2].anatomy.config.chatTemplate.present).toBe(true);
  });

  it('tokenizers --json', async () => {
    const r = await runCli(['tokenizers', '--json']);
    expect(valid('tokenizers', r.stdout).length).toBe(6);
  });

  it('report --format json and report --partial', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-schema-'));
    const inputs = ['corpora/hard-cases.txt', 'corpora/code.jsonl'];
    const r = await runCli(['report', ...inputs, '-t', 'wordpiece-en', '--max-length', '16', '--format', 'json']);
    expect(r.code).toBe(0);
    valid('report', r.stdout);
    const partial = path.join(dir, 'shard.json');
    expect((await runCli(['report', ...inputs, '-t', 'wordpiece-en', '--partial', partial])).code).toBe(0);
    valid('report-partial', fs.readFileSync(partial, 'utf8'));
  });

  it('the shipped schemas are up to date with the types', () => {
    execFileSync(process.execPath, [path.join(ROOT, 'test', 'tools', 'build-schemas.mjs'), '--check'], {
      stdio: 'pipe',
    });
  });
});
