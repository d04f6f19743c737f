// Output contracts CI systems hold tokpeek to: JUnit that strict XML parsers accept for any
// text, with one stable test case per snapshot subject whatever --limit says; markdown under
// GitHub's 1 MiB step-summary limit on long documents, for every command that writes markdown
// (check, diff, report).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { STEP_SUMMARY_LIMIT } from '../../src/render/markdown-budget.js';
import { lowercase } from '../support/fixture-tokenizers.js';
import { ROOT, runCli } from '../support/run-cli.js';
import { type TestSuite, makeSuite } from '../support/snapshot-suite.js';

/** Every character XML 1.0 forbids that a JS string can hold, plus C1, bidi and a lone surrogate. */
const FORBIDDEN = [
  ...Array.from({ length: 0x20 }, (_, c) => c).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d),
  0xfffe,
  0xffff,
]
  .map((c) => String.fromCharCode(c))
  .join('');
const HOSTILE = [
  `E\ufffe\uffff ${FORBIDDEN} every forbidden one`,
  `Every forbidden one: ${FORBIDDEN} end`,
  'A lone surrogate \ud800 and \udfff here, C1 \u0085\u009b and bidi \u202e\u2066 too',
  'M<testcase name="x"/> & ]]> <![CDATA[ and "quotes"',
];

/** libxml2's `xmllint`, what CI engineers check JUnit with, where it is installed (Debian: libxml2-utils). */
const XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

/** `xmllint --noout -` on the text: null when well-formed, else its first complaint. */
function xmllintError(xml: string): string | null {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr.split('\n')[0] ?? `exit ${r.status}`);
}

/**
 * Strict XML 1.0 well-formedness (saxes rejects every disallowed character, and so does xmllint
 * where it is installed); returns the test case names.
 */
function junitCases(xml: string): string[] {
  if (XMLLINT) expect(xmllintError(xml)).toBeNull();
  const parser = new SaxesParser();
  const names: string[] = [];
  let error: Error | undefined;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    if (tag.name === 'testcase') names.push(String(tag.attributes.name));
  });
  parser.write(xml).close();
  if (error) throw error;
  return names;
}

describe('JUnit', () => {
  let s: TestSuite;
  beforeAll(async () => {
    s = makeSuite({
      tokenizers: { mini: { spec: './tok' } },
      corpora: { prose: 'corpora/prose.txt', hostile: { files: ['corpora/hostile.jsonl'], format: 'jsonl' } },
    });
    s.write('corpora/hostile.jsonl', HOSTILE.map((text) => JSON.stringify({ text })).join('\n') + '\n');
    expect((await s.run(['snapshot'])).code).toBe(0);
    s.editTokenizer({ tokenizer: lowercase });
  });

  it('the checker itself rejects what XML forbids', () => {
    expect(() => new SaxesParser().write('<a>\ufffe</a>').close()).toThrow(/disallowed character/);
    expect(() => new SaxesParser().write('<a b="\u0001"/>').close()).toThrow(/disallowed character/);
    if (!XMLLINT) console.warn('output-contracts: xmllint is not installed; JUnit is checked with saxes alone');
    else
      for (const bad of ['<a>\ufffe</a>', '<a b="\u0001"/>', '<a>\u000b</a>', '<a>\uffff</a>'])
        expect(xmllintError(bad)).toMatch(/not allowed|out of allowed range|invalid|PCDATA|Char/i);
  });

  it('check: well-formed on every XML-forbidden character, one case per snapshot whatever --limit says', async () => {
    const runs = await Promise.all(
      ['1', '10', '0'].map((limit) => s.run(['check', '--ci', '--format', 'junit', '--limit', limit])),
    );
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(junitCases(r.stdout)).toEqual(['mini/prose', 'mini/hostile']);
      expect(r.stdout).toMatch(/<testsuites name="tokpeek check" tests="2" failures="2" errors="0" skipped="0">/);
    }
    const all = runs[2]!.stdout;
    expect(all).toMatch(/U\+FFFE.*U\+FFFF/);
    expect(runs[0]!.stdout).toMatch(/more drifted \(--limit 0 lists them all\)/);
  });

  it('diff: well-formed, one case per corpus', async () => {
    fs.cpSync(s.file('tok'), s.file('tok2'), { recursive: true });
    const r = await s.run(['diff', '-t', './tok', '-t', './tok2', 'corpora/hostile.jsonl', '--format', 'junit']);
    expect(r.stderr).toBe('');
    expect(junitCases(r.stdout)).toHaveLength(1);
  });
});

describe('markdown on long documents', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-md-'));
    // Three corpora of long documents, one document per line: speeches, chapters, and tokpeek's own.
    const docs = (pkg: string, pick: (f: string) => boolean) => {
      const data = path.join(ROOT, 'node_modules', '@stdlib', pkg, 'data');
      return fs
        .readdirSync(data)
        .filter((f) => f.endsWith('.txt') && pick(f))
        .sort()
        .slice(0, 8)
        .map((f) => fs.readFileSync(path.join(data, f), 'utf8').replace(/\s+/g, ' ').trim());
    };
    fs.writeFileSync(path.join(dir, 'sotu.txt'), docs('datasets-sotu', () => true).join('\n') + '\n');
    fs.writeFileSync(
      path.join(dir, 'moby.txt'),
      docs('datasets-moby-dick', (f) => f.startsWith('chapter')).join('\n') + '\n',
    );
    fs.copyFileSync(path.join(ROOT, 'corpora', 'long-documents.jsonl'), path.join(dir, 'long.jsonl'));
  });

  it('stays under the 1 MiB step-summary limit and says what was left out', async () => {
    const files = ['sotu.txt', 'moby.txt', 'long.jsonl'];
    // WordPiece with and without its lowercasing: every capital letter is a change.
    fs.cpSync(path.join(ROOT, 'src', 'bundled', 'wordpiece-en'), path.join(dir, 'cased'), { recursive: true });
    const tok = JSON.parse(fs.readFileSync(path.join(dir, 'cased', 'tokenizer.json'), 'utf8'));
    tok.normalizer.lowercase = false;
    fs.writeFileSync(path.join(dir, 'cased', 'tokenizer.json'), JSON.stringify(tok));
    const diff = ['diff', '-t', 'wordpiece-en', '-t', './cased', ...files, '--format', 'markdown'];
    const r = await runCli(diff, { cwd: dir, timeoutMs: 200_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(Buffer.byteLength(r.stdout)).toBeLessThan(STEP_SUMMARY_LIMIT);
    expect(r.stdout).toMatch(/^## ❌ tokpeek diff/);
    expect(r.stdout).toMatch(
      /> ✂ \d+ of \d+ parts \([\d.]+ [kM]B\) left out to stay under 1\.00 MB \(GitHub refuses a step summary over 1 MiB\)/,
    );
    // Nothing cut mid-block: every fence and <details> that opens also closes.
    expect(r.stdout.match(/<details>/g)?.length).toBe(r.stdout.match(/<\/details>/g)?.length);
    const report = await runCli(['report', ...files, '-t', 'wordpiece-en', '--format', 'markdown'], { cwd: dir });
    expect(report.code).toBe(0);
    expect(Buffer.byteLength(report.stdout)).toBeLessThan(STEP_SUMMARY_LIMIT);
  }, 240_000);

  it('check: the same corpora as a snapshot suite, drifted everywhere, stay under the limit with the note', async () => {
    // Snapshots recorded with WordPiece as it is, checked after its lowercasing is switched off.
    const tok = path.join(dir, 'suite-tok');
    fs.cpSync(path.join(ROOT, 'src', 'bundled', 'wordpiece-en'), tok, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'tokpeek.config.json'),
      JSON.stringify({
        tokenizers: { wp: { spec: './suite-tok' } },
        corpora: { sotu: 'sotu.txt', moby: 'moby.txt', long: { files: ['long.jsonl'], format: 'jsonl' } },
      }),
    );
    const snapshot = await runCli(['snapshot'], { cwd: dir, timeoutMs: 200_000 });
    expect(snapshot.code, snapshot.stderr).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(tok, 'tokenizer.json'), 'utf8'));
    json.normalizer.lowercase = false;
    fs.writeFileSync(path.join(tok, 'tokenizer.json'), JSON.stringify(json));
    for (const limit of [[], ['--limit', '0']]) {
      const r = await runCli(['check', '--ci', '--format', 'markdown', ...limit], { cwd: dir, timeoutMs: 200_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(Buffer.byteLength(r.stdout)).toBeLessThan(STEP_SUMMARY_LIMIT);
      expect(r.stdout).toMatch(/^## ❌ tokpeek check/);
      expect(r.stdout).toMatch(
        /> ✂ \d+ of \d+ parts \([\d.]+ [kM]B\) left out to stay under 1\.00 MB \(GitHub refuses a step summary over 1 MiB\)/,
      );
      expect(r.stdout.match(/<details>/g)?.length).toBe(r.stdout.match(/<\/details>/g)?.length);
    }
  }, 400_000);
});
