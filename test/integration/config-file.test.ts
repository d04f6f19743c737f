// The suite config as a user meets it: found from any subfolder (up to the repository root),
// a hint for Windows separators, and the JSON Schema shipped for editors, which init names.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';
import { makeSuite } from '../support/snapshot-suite.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'schemas', 'config.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('tokpeek.config.json', () => {
  it('is found from a subfolder, up to the repository root and no further', async () => {
    const s = makeSuite();
    fs.mkdirSync(s.file('.git'));
    fs.mkdirSync(s.file('deep/er'), { recursive: true });
    const snap = await s.run(['snapshot'], { cwd: s.file('deep/er') });
    expect(snap.stderr).toBe('');
    expect(snap.code).toBe(0);
    expect(fs.existsSync(s.file('snapshots/mini/prose.snap'))).toBe(true);
    expect((await s.run(['check', '--ci'], { cwd: s.file('deep/er') })).code).toBe(0);
    // A repository inside: its root stops the search.
    fs.mkdirSync(s.file('inner/.git'), { recursive: true });
    const inner = await s.run(['check', '--ci'], { cwd: s.file('inner') });
    expect(inner.code).toBe(2);
    expect(inner.stderr).toMatch(/^tokpeek: tokpeek\.config\.json: no such file\n/);
  });

  it('a Windows-style path that matches nothing gets a hint about separators', async () => {
    const s = makeSuite({ tokenizers: { mini: './tok' }, corpora: { prose: 'corpora\\prose.txt' } });
    const r = await s.run(['snapshot']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"corpora\\prose.txt" matches no file');
    expect(r.stderr).toContain('Config paths use / on every system: "corpora/prose.txt".');
  });

  it('the shipped schema accepts the configs tokpeek writes and reads, and rejects mistakes', async () => {
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'tokpeek.config.json'), 'utf8'));
    expect(validate(own), JSON.stringify(validate.errors)).toBe(true);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-init-'));
    const r = await runCli(['init', '-t', 'llama3.1', '-t', 'mistral'], { cwd: dir });
    // Run from a checkout, not from the project's node_modules: the schema's path is printed, not written.
    expect(r.stdout).toContain(
      `JSON Schema of this file, for editors: ${path.join(ROOT, 'src', 'schemas', 'config.schema.json')}`,
    );
    expect(r.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(dir, 'tokpeek.config.json'), 'utf8'));
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...written, tokenizers: { 'bad name/': 'x' } })).toBe(false);
    expect(validate({ ...written, corpora: { c: { files: 'x', format: 'csv' } } })).toBe(false);
  });
});
