// The one sanitiser: every line tokpeek prints about outside text goes through `printable`
// (errors, warnings, hints, status) or `jsonText` (JSON). The error-site table below is generated
// from the source: every `new …Error(` and `fileError(` in src/, each printed with hostile text.

import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli.js';
import { InputError, TokpeekError, UsageError, fileError } from '../../src/errors.js';
import type { Io } from '../../src/io.js';
import { jsonText } from '../../src/render/json-text.js';
import { clip, printable } from '../../src/core/visible.js';

/** What must never reach a terminal: C0 but tab/newline, DEL, C1, bidi controls. */
const DRIVES_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = [
  '\u001b]0;PWNED\u0007',
  '\u001b[2J\u001b[H',
  '\u009b31m\u009d0;x\u009c',
  'a\u202eevil\u202c\u2066b\u2069',
  '\r\u0008\u0000\u007f',
  'line1\nline2\u2028line3',
  `${'x'.repeat(100_000)}\u001b[2J`,
  '\ud800 lone \udfff',
];

function capture(): { io: Io; out: () => string } {
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stderr.on('data', (d: Buffer) => chunks.push(d));
  const io = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: '/' } as unknown as Io;
  return { io, out: () => Buffer.concat(chunks).toString('utf8') };
}

function printed(e: unknown, debug = false): { text: string; code: number } {
  const { io, out } = capture();
  const code = reportError(e, io, debug);
  return { text: out(), code };
}

describe('printable', () => {
  it('shows every control, C1 and bidi character and keeps a message on one line', () => {
    expect(printable('a\u001b[2Jb\tc\nd e')).toBe('a␛[2Jb→c⏎d e');
    expect(printable('x\u0085\u202ey')).toBe('x⟨U+0085⟩⟨U+202E⟩y');
    for (const h of HOSTILE) expect(printable(h)).not.toMatch(DRIVES_TERMINAL);
    for (const h of HOSTILE) expect(printable(h)).not.toContain('\n');
  });

  it('cuts long text with a note, never inside a surrogate pair', () => {
    expect(clip('abcdef', 3)).toBe('abc… (3 more characters)');
    expect(clip('ab🤗cd', 3)).toBe('ab… (4 more characters)');
    expect(printable('x'.repeat(1_000_000)).length).toBeLessThan(2100);
  });

  it('escapes C0, C1 and bidi controls in JSON as \\u sequences', () => {
    const json = jsonText({ text: '\u001b]0;x\u0007\u0085\u202e\u2066', list: ['\u009b'] });
    expect(json).not.toMatch(DRIVES_TERMINAL);
    expect(JSON.parse(json)).toEqual({ text: '\u001b]0;x\u0007\u0085\u202e\u2066', list: ['\u009b'] });
    expect(jsonText({ a: '\u0085' }, 'line')).toBe('{"a":"\\u0085"}');
  });
});

// ---- the error sites, read from the source ----

const SRC = path.resolve(import.meta.dirname, '../../src');
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(d.name) ? [full] : [];
  });
}

interface Site {
  where: string;
  kind: string;
}
const SITES: Site[] = [];
for (const file of sourceFiles(SRC)) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/\bnew (\w*Error)\(|\b(fileError)\(/g)) {
      if (/^\s*(\/\/|\*)/.test(line) || /function fileError/.test(line)) continue;
      SITES.push({ where: `${path.relative(SRC, file)}:${i + 1}`, kind: m[1] ?? m[2]! });
    }
  });
}

/** Error classes the core throws and a command turns into a TokpeekError (the `instanceof` is checked below). */
const CONVERTED = [
  'SnapshotFormatError',
  'ExpectedFormatError',
  'FailOnSyntaxError',
  'FailOnUnavailableError',
  'PartialError',
  'ChatTemplateError',
  'RecordError',
];
const TOKPEEK = new Set(['TokpeekError', 'InputError', 'UsageError', 'fileError']);

function build(kind: string, hostile: string): unknown {
  if (kind === 'InputError') return new InputError(hostile, `bad ${hostile}`, 3, `hint ${hostile}`);
  if (kind === 'UsageError') return new UsageError(`bad ${hostile}`, `hint ${hostile}`);
  if (kind === 'fileError') return fileError(hostile, Object.assign(new Error(hostile), { code: hostile }));
  if (kind === 'TokpeekError') return new TokpeekError(`bad ${hostile}`, 2, `hint ${hostile}`);
  // A bug (or a converted core error that escaped): printed as an internal error.
  const e = new Error(`bad ${hostile}`);
  e.stack = `Error: ${hostile}\n    at ${hostile}`;
  return e;
}

describe('every error site prints no byte that drives a terminal', () => {
  it('the source has error sites to check', () => expect(SITES.length).toBeGreaterThan(80));

  it('every error class thrown in src is a TokpeekError, or converted to one by a command', () => {
    const all = sourceFiles(SRC)
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const subclasses = [...all.matchAll(/class (\w+) extends (?:TokpeekError|InputError|UsageError)\b/g)].map(
      (m) => m[1]!,
    );
    for (const s of SITES) {
      if (TOKPEEK.has(s.kind) || subclasses.includes(s.kind)) continue;
      if (CONVERTED.includes(s.kind)) {
        expect(all, `${s.kind} (${s.where}) is caught somewhere`).toMatch(new RegExp(`instanceof ${s.kind}\\b`));
        continue;
      }
      // Anything else must be a programming error (a bug, exit 70) — listed here so a new one is looked at.
      expect(['Error', 'TypeError', 'RangeError', 'SyntaxError'], `${s.kind} at ${s.where}`).toContain(s.kind);
    }
  });

  const table = SITES.flatMap((s) => HOSTILE.map((h, i) => ({ ...s, h, i })));
  it.each(table)('$where ($kind) with hostile text #$i', ({ kind, h }) => {
    for (const debug of [false, true]) {
      const { text } = printed(build(kind, h), debug);
      expect(text).not.toMatch(DRIVES_TERMINAL);
      for (const line of text.split('\n')) expect(line.length).toBeLessThan(2100);
    }
  });

  it('keeps the documented exit codes', () => {
    expect(printed(new InputError('f', 'x')).code).toBe(2);
    expect(printed(new Error('x')).code).toBe(70);
    expect(printed(new InputError('f\nevil', 'x')).text.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('nothing else writes to stderr', () => {
  it('only the printer (cli.ts) and the progress bar write to stderr directly; the rest use printLine (io.ts)', () => {
    const writers = sourceFiles(SRC)
      .filter((f) => /stderr\.write\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(SRC, f))
      .sort();
    expect(writers).toEqual(['cli.ts', 'commands/progress.ts']);
    const report = fs.readFileSync(path.join(SRC, 'commands/progress.ts'), 'utf8');
    expect(report.match(/stderr\.write\(/g)).toHaveLength(2); // the progress bar's redraw and clear
  });
});
