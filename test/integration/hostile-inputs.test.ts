// Hostile input, table-driven, through the real bin/tokpeek: escapes in every field and file
// name, traversal specs and config paths, special files as inputs and outputs, huge stdin, a
// catastrophic pre-tokenizer regex (js and rust), template loops, damaged partials, snapshots
// and tokenizers, bad UTF-8 in every input kind, read-only, full (a tmpfs) and missing folders,
// symlink loops and duplicates. Every case: the documented exit code (never 70),
// no byte that drives a terminal on stdout or stderr, one line per error, done within its time
// budget (the child is killed past it); after all cases, nothing outside the work folder changed
// and no special file was replaced.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATASTROPHIC_TEXT, writeCatastrophicTokenizer } from '../support/hostile-tokenizer.js';
import { BIN, type CliResult, runCli } from '../support/run-cli.js';
import { header as snapshotHeader } from '../support/snapshot-header.js';
import { serializeHeader } from '../../src/core/snapshot/serialize.js';

/** What must never reach a terminal: C0 but tab/newline, DEL, C1, bidi controls. */
const DRIVES_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const ESC = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202e';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-hostile-')));
const W = path.join(tmp, 'work');
/** A folder no case may touch: traversal targets point here. */
const OUTSIDE = path.join(tmp, 'outside');
const at = (...p: string[]) => path.join(W, ...p);
const write = (file: string, content: string | Buffer) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};
const json = (v: unknown) => JSON.stringify(v, null, 2);
const isRoot = process.getuid?.() === 0;

/** A suite folder: config (object or raw text) and files. */
function suite(name: string, config: unknown, files: Record<string, string> = {}): string {
  const dir = at('suites', name);
  write(path.join(dir, 'tokpeek.config.json'), typeof config === 'string' ? config : json(config));
  for (const [f, content] of Object.entries(files)) write(path.join(dir, f), content);
  return dir;
}
const plain = (corpora: unknown, extra: Record<string, unknown> = {}) => ({
  tokenizers: { wp: 'wordpiece-en' },
  corpora,
  ...extra,
});

interface Case {
  name: string;
  args: string[] | (() => string[]);
  cwd?: () => string;
  input?: Buffer | string;
  env?: Record<string, string>;
  /** Run as the unprivileged user `nobody` (for permission cases; needs root). */
  asNobody?: boolean;
  code: number;
  budgetMs?: number;
  /** More checks on the result. */
  check?: (r: CliResult) => void;
  /** Why the case is skipped; a function when that is known only once the fixtures are made. */
  skip?: string | false | (() => string | false);
}

// ---- the cases -----------------------------------------------------------------------------

const cases: Case[] = [];
const add = (group: string, list: Case[]) => {
  for (const c of list) cases.push({ ...c, name: `${group}: ${c.name}` });
};

// Escapes in every field, file name and argument.
add('escapes', [
  { name: 'invalid JSON line quoting an OSC title', args: () => ['report', at('esc', 'x.jsonl')], code: 2 },
  { name: 'a file name with ESC and BEL that does not exist', args: [`report`, `${ESC}.txt`], code: 2 },
  {
    name: 'an existing file name with escapes and invalid UTF-8',
    args: () => ['report', at('esc', `n${ESC}.txt`)],
    code: 2,
  },
  { name: 'an unknown command with escapes', args: [`${ESC}cmd`], code: 2 },
  { name: 'an unknown option with escapes', args: ['show', `--${ESC}`, 'x'], code: 2 },
  { name: 'a --max-length with escapes', args: ['show', 'x', '--max-length', ESC], code: 2 },
  { name: 'a tokenizer spec with escapes', args: ['show', 'x', '-t', `${ESC}/tok`], code: 2 },
  { name: 'a --file with escapes', args: ['show', '-f', `${ESC}.txt`], code: 2 },
  { name: 'a --fail-on with escapes', args: () => ['report', at('esc', 'ok.txt'), '--fail-on', ESC], code: 2 },
  {
    name: 'a --field missing, named with escapes',
    args: () => ['report', at('esc', 'ok.jsonl'), '--field', ESC],
    code: 2,
  },
  {
    name: 'a JSONL record key holding escapes, text not a string',
    args: () => ['report', at('esc', 'key.jsonl')],
    code: 2,
  },
  {
    name: 'show --json of text with C0, C1 and bidi controls',
    args: ['show', `a${ESC}b`, '--json'],
    code: 0,
    check: (r) => expect(JSON.parse(r.stdout).text).toBe(`a${ESC}b`),
  },
  { name: 'show text output of escapes', args: ['show', `a${ESC}b`, '--ids'], code: 0 },
  {
    name: 'info --json of a tokenizer with escapes in tokens',
    args: () => ['info', '--json', '-t', at('esc-tok')],
    code: 0,
  },
  { name: 'info text of a tokenizer with escapes in tokens', args: () => ['info', '-t', at('esc-tok')], code: 0 },
  { name: 'invalid tokenizer.json quoting escapes', args: () => ['show', 'x', '-t', at('bad-json-tok')], code: 2 },
  {
    name: 'invalid tokenizer.json with a 1 MB line',
    args: () => ['show', 'x', '-t', at('long-json-tok')],
    code: 2,
    check: (r) => expect(r.stderr.length).toBeLessThan(5000),
  },
  {
    name: 'browse without a terminal on escapes',
    args: () => ['browse', at('esc', 'ok.txt')],
    code: 0,
    env: { CI: '1' },
  },
  { name: 'report --format json on escapes', args: () => ['report', at('esc', 'ok.txt'), '--format', 'json'], code: 0 },
  { name: 'report markdown on escapes', args: () => ['report', at('esc', 'ok.txt'), '--format', 'markdown'], code: 0 },
  {
    name: 'a corpus name with escapes in a config',
    args: () => ['snapshot', '--config', at('suites', 'esc-name')],
    code: 2,
  },
  {
    name: 'a tokenizer spec with escapes in a config',
    args: () => ['snapshot', '--config', at('suites', 'esc-spec')],
    code: 2,
  },
  {
    name: 'check --format json on an escape sample that drifted',
    args: () => ['check', '--config', at('suites', 'esc-drift'), '--format', 'json'],
    code: 1,
  },
  {
    name: 'pending --json on escapes',
    args: () => ['pending', '--json', '--config', at('suites', 'esc-drift')],
    code: 0,
  },
  { name: 'pending text on escapes', args: () => ['pending', '--config', at('suites', 'esc-drift')], code: 0 },
  { name: 'accept an id with escapes', args: () => ['accept', ESC, '--config', at('suites', 'esc-drift')], code: 2 },
  { name: 'reject an id with escapes', args: () => ['reject', ESC, '--config', at('suites', 'esc-drift')], code: 2 },
  {
    name: 'review without a terminal',
    args: () => ['review', '--config', at('suites', 'esc-drift')],
    code: 2,
    env: { CI: '1' },
  },
  {
    name: 'diff of two tokenizers on escapes',
    args: () => ['diff', at('esc', 'ok.txt'), '-t', 'wordpiece-en', '-t', 'gpt4o'],
    code: 1,
  },
  {
    name: 'a damaged sample line quoting escapes',
    args: () => ['check', '--config', at('suites', 'snap-esc')],
    code: 2,
  },
  {
    name: 'a partial whose format quotes escapes',
    args: () => ['report', '--merge', at('partials', 'esc.json')],
    code: 2,
  },
  {
    name: 'a HF ref file holding escapes',
    args: ['show', 'x', '-t', 'acme/tok@esc'],
    code: 2,
    env: { HF_HUB_CACHE: '' },
  },
  { name: 'tokenizers --json', args: ['tokenizers', '--json'], code: 0 },
]);

// Paths that leave the project.
add('traversal', [
  {
    name: 'HF revision ../../etc/passwd',
    args: ['show', 'x', '-t', 'acme/tok@../../../../../../../../etc/passwd'],
    code: 2,
    check: (r) => expect(r.stderr).not.toContain('root:'),
  },
  { name: 'HF revision ..', args: ['show', 'x', '-t', 'acme/tok@..'], code: 2 },
  {
    name: 'HF ref file pointing at ../../',
    args: ['show', 'x', '-t', 'acme/tok@evil'],
    code: 2,
    check: (r) => expect(r.stderr).not.toContain('SECRET'),
  },
  { name: 'HF org ..', args: ['show', 'x', '-t', '../tok@main'], code: 2 },
  {
    name: 'HF spec with traversal in a config',
    args: () => ['snapshot', '--config', at('suites', 'hf-trav')],
    code: 2,
  },
  { name: 'config corpus ../../outside', args: () => ['snapshot', '--config', at('suites', 'corpus-up')], code: 2 },
  { name: 'config corpus absolute', args: () => ['snapshot', '--config', at('suites', 'corpus-abs')], code: 2 },
  {
    name: 'config corpus through a link out',
    args: () => ['snapshot', '--config', at('suites', 'corpus-link')],
    code: 2,
  },
  {
    name: 'config corpus glob reaching out',
    args: () => ['snapshot', '--config', at('suites', 'corpus-glob-up')],
    code: 2,
  },
  { name: 'config snapshots ../..', args: () => ['snapshot', '--config', at('suites', 'snaps-up')], code: 2 },
  { name: 'config snapshots absolute', args: () => ['snapshot', '--config', at('suites', 'snaps-abs')], code: 2 },
  {
    name: 'check --prune with snapshots outside',
    args: () => ['check', '--prune', '--config', at('suites', 'snaps-up')],
    code: 2,
  },
  {
    name: 'snapshot tokenizer folder linked outside',
    args: () => ['snapshot', '--config', at('suites', 'snaps-tok-link')],
    code: 2,
  },
  {
    name: 'check --update, tokenizer folder linked outside',
    args: () => ['check', '--update', '--config', at('suites', 'snaps-tok-link')],
    code: 2,
  },
  {
    name: 'config tokenizer path outside the suite',
    args: () => ['snapshot', '--config', at('suites', 'tok-up')],
    code: 2,
  },
]);

// Special files as inputs and outputs.
add('special files', [
  { name: 'a FIFO as a report corpus', args: () => ['report', at('fifo.txt')], code: 2 },
  { name: 'a FIFO as a browse corpus', args: () => ['browse', at('fifo.txt')], code: 2, env: { CI: '1' } },
  { name: 'a FIFO as a suite corpus', args: () => ['snapshot', '--config', at('suites', 'fifo')], code: 2 },
  { name: 'a FIFO as show --file', args: () => ['show', '-f', at('fifo.txt')], code: 2 },
  { name: 'a device as show --file', args: ['show', '-f', '/dev/zero'], code: 2 },
  { name: 'a device as tokenizer.json', args: ['show', 'x', '-t', '/dev/zero'], code: 2 },
  { name: 'a FIFO as --config', args: () => ['check', '--config', at('fifo.json')], code: 2 },
  { name: 'a device as --partial', args: () => ['report', at('esc', 'ok.txt'), '--partial', '/dev/full'], code: 2 },
  {
    name: 'a symlink as --partial',
    args: () => ['report', at('esc', 'ok.txt'), '--partial', at('partial-link.json')],
    code: 2,
  },
  { name: 'a FIFO as --partial', args: () => ['report', at('esc', 'ok.txt'), '--partial', at('fifo.json')], code: 2 },
  {
    name: 'the input as --partial',
    args: () => ['report', at('esc', 'ok.txt'), '--partial', at('esc', 'ok.txt')],
    code: 2,
  },
  { name: 'a folder as --partial', args: () => ['report', at('esc', 'ok.txt'), '--partial', at('esc')], code: 2 },
  {
    name: 'a FIFO where snapshot writes its .snap',
    args: () => ['snapshot', '--config', at('suites', 'snap-fifo')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/c\.snap: is a named pipe \(FIFO\), not a plain file to write to/),
  },
  {
    name: 'a FIFO where check writes its .snap.new',
    args: () => ['check', '--config', at('suites', 'pending-fifo')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/c\.snap\.new: is a named pipe \(FIFO\), not a plain file to write to/),
  },
  {
    name: 'a .snap that links to another snapshot of the folder',
    args: () => ['snapshot', '--config', at('suites', 'snap-link-inside')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/c\.snap: is a symbolic link; tokpeek writes only to plain files/),
  },
]);

// Budgets: huge stdin, a regex that never ends.
add('budgets', [
  { name: '20 MB on show stdin', args: ['show'], input: Buffer.alloc(20 << 20, 0x61), code: 2, budgetMs: 30_000 },
  { name: 'invalid UTF-8 on show stdin', args: ['show'], input: Buffer.from([0x61, 0xff, 0xfe, 0x1b]), code: 2 },
  {
    name: 'catastrophic regex in report (js)',
    args: () => ['report', at('evil.txt'), '-t', at('evil-tok')],
    env: { TOKPEEK_SAMPLE_BUDGET_MS: '1500' },
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/evil\.txt:2: tokenizing this sample took over/),
  },
  {
    name: 'catastrophic regex in snapshot (js)',
    args: () => ['snapshot', '--config', at('suites', 'evil')],
    env: { TOKPEEK_SAMPLE_BUDGET_MS: '1500' },
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/corpus\.txt:2: tokenizing this sample took over/),
  },
  {
    name: 'catastrophic regex in show (js)',
    args: ['show', CATASTROPHIC_TEXT, '-t', path.join(W, 'evil-tok')],
    env: { TOKPEEK_SAMPLE_BUDGET_MS: '1500' },
    code: 2,
  },
  {
    name: 'catastrophic regex in report (rust: a panic in a worker process)',
    args: () => ['report', at('evil.txt'), '-t', at('evil-tok'), '-e', 'rust'],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/evil\.txt:2: the Rust engine crashed \(Onig/),
  },
  {
    // The batch the engine died on (texts 129-256) is encoded again one text at a time.
    name: 'catastrophic regex at line 200 of 300 in report (rust): the panic names that line',
    args: () => ['report', at('evil-300.txt'), '-t', at('evil-tok'), '-e', 'rust'],
    code: 2,
    budgetMs: 60_000,
    check: (r) => expect(r.stderr).toMatch(/evil-300\.txt:200: the Rust engine crashed \(Onig/),
  },
  {
    name: 'catastrophic regex in snapshot (rust)',
    args: () => ['snapshot', '--config', at('suites', 'evil-rust')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/corpus\.txt:2: the Rust engine crashed/),
  },
  {
    name: 'catastrophic regex in show (rust)',
    args: ['show', CATASTROPHIC_TEXT, '-t', path.join(W, 'evil-tok'), '-e', 'rust'],
    code: 2,
  },
  {
    name: 'a chat template that loops 10^10 times',
    args: () => ['report', at('chat.jsonl'), '-t', at('loop-tok')],
    env: { TOKPEEK_SAMPLE_BUDGET_MS: '1500' },
    code: 2,
    check: (r) => {
      expect(r.stderr).toMatch(/chat\.jsonl:1: the chat template ran longer than 1\.5 s on this record/);
      // The hint is about the template (not the shape or field, which are fine).
      expect(r.stderr).toMatch(
        /A template that loops .* fix the template, or give a corrected one with --chat-template/,
      );
      expect(r.stderr).not.toMatch(/--shape|--field/);
    },
  },
]);

// Damaged partials, snapshots and tokenizers.
add('damaged', [
  {
    name: 'a partial with lengths.count "many"',
    args: () => ['report', '--merge', at('partials', 'many.json'), at('partials', 'good.json')],
    code: 2,
  },
  {
    name: 'a partial with a negative count',
    args: () => ['report', '--merge', at('partials', 'negative.json')],
    code: 2,
  },
  {
    name: 'a partial edited by hand (checksum)',
    args: () => ['report', '--merge', at('partials', 'edited.json')],
    code: 2,
  },
  { name: 'a partial 200,000 arrays deep', args: () => ['report', '--merge', at('partials', 'deep.json')], code: 2 },
  { name: 'a partial that is not JSON', args: () => ['report', '--merge', at('esc', 'ok.txt')], code: 2 },
  {
    name: 'good partials merge',
    args: () => ['report', '--merge', at('partials', 'good.json'), at('partials', 'good2.json')],
    code: 0,
  },
  {
    name: 'a snapshot whose text line was edited',
    args: () => ['check', '--config', at('suites', 'snap-edited')],
    code: 2,
  },
  {
    // Read as a stream (no size limit): the header is read, the zeros after it are damage.
    name: 'a snapshot of 600 MiB (a header, then a sparse hole)',
    args: () => ['check', '--config', at('suites', 'snap-huge')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/c\.snap:\d+: file is truncated: the last line has no newline/),
  },
  {
    // Obsolete samples are listed up to --limit; damage is found in every one of them.
    name: 'an obsolete sample past the listing limit edited',
    args: () => ['check', '--ci', '--limit', '1', '--config', at('suites', 'snap-obsolete')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/c\.snap:\d+: sample [0-9a-f]{16}: the text no longer matches its key/),
  },
  {
    name: 'diff of two snapshot files sharing an edited sample',
    args: () => ['diff', at('snap-pair', 'a.snap'), at('snap-pair', 'b.snap')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/b\.snap:\d+: sample [0-9a-f]{16}: the text no longer matches its key/),
  },
  {
    name: 'pending on a .snap and .snap.new sharing an edited sample',
    args: () => ['pending', '--config', at('suites', 'snap-pending-edited')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/the text no longer matches its key/),
  },
  { name: 'a snapshot cut short', args: () => ['check', '--config', at('suites', 'snap-cut')], code: 2 },
  { name: 'a snapshot id of 1e300', args: () => ['check', '--config', at('suites', 'snap-bigid')], code: 2 },
  { name: 'a tokenizer id of 1e300', args: () => ['show', 'x', '-t', at('tok-bigid')], code: 2 },
  { name: 'a tokenizer id of -1', args: () => ['show', 'x', '-t', at('tok-negid')], code: 2 },
  // Ids index tokpeek's tables: 2^30 took report to 4 GB and an abort before ids were bounded.
  {
    name: 'a vocabulary id of 2^30',
    args: () => ['report', at('tok-hugeid', 'c.txt'), '-t', at('tok-hugeid'), '--workers', '2'],
    code: 2,
  },
  {
    // The shared table is built on this thread for two workers: a merge that is not a pair is refused there.
    name: 'a merge that is null',
    args: () => ['report', at('tok-nullmerge', 'c.txt'), '-t', at('tok-nullmerge'), '--workers', '2'],
    code: 2,
  },
  {
    name: 'an added token id of 2^30',
    args: () => ['report', at('tok-hugeadded', 'c.txt'), '-t', at('tok-hugeadded')],
    code: 2,
  },
  { name: 'a tokenizer 200,000 arrays deep', args: () => ['show', 'x', '-t', at('tok-deep')], code: 2 },
  { name: 'an unparsable chat_template', args: () => ['info', '-t', at('tok-badtemplate')], code: 0 },
]);

// More damage, fuzzed: snapshot headers and blocks, bad UTF-8 in every input kind, a 10 MB line.
add('damage', [
  ...(
    [
      ['format 99', 'snap-format', /snapshot format 99 is not one this tokpeek reads/],
      ['options tokpeek never writes', 'snap-options', /"options:" holds "max_length=abc"/],
      ['an id past 32 bits', 'snap-id64', /"99999999999999999999" is not a token id/],
      [
        'bad UTF-8 in a sample block',
        'snap-utf8',
        /c\.snap:\d+: sample [0-9a-f]{16}: invalid UTF-8 at byte \d+ of the line \(file damaged\)/,
      ],
      [
        'bad UTF-8 in the header',
        'snap-header-utf8',
        /c\.snap:\d+: the header: invalid UTF-8 at byte 12 of the line \(file damaged\)/,
      ],
      ['cut inside its header', 'snap-cut-header', /the header has no closing "---"/],
    ] as const
  ).map(([what, dir, message]) => ({
    name: `a snapshot with ${what}`,
    args: () => ['check', '--config', at('suites', dir)],
    code: 2,
    check: (r: CliResult) => expect(r.stderr).toMatch(message),
  })),
  ...(['csv', 'tsv'] as const).map((ext) => ({
    name: `bad UTF-8 in a ${ext.toUpperCase()} corpus`,
    args: () => ['report', at('utf8', `bad.${ext}`)],
    code: 2,
    check: (r: CliResult) => expect(r.stderr).toMatch(new RegExp(`bad\\.${ext}:3: invalid UTF-8`)),
  })),
  {
    name: 'bad UTF-8 in tokenizer_config.json',
    args: () => ['info', '-t', at('utf8', 'tok')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/tokenizer_config\.json:1: invalid UTF-8/),
  },
  {
    name: 'bad UTF-8 in a --chat-template file',
    args: () => ['report', at('chat.jsonl'), '--chat-template', at('utf8', 'bad.jinja')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/bad\.jinja:1: invalid UTF-8/),
  },
  {
    name: 'bad UTF-8 in tokpeek.config.json',
    args: () => ['check', '--config', at('suites', 'config-utf8')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/tokpeek\.config\.json:1: invalid UTF-8/),
  },
  {
    name: 'bad UTF-8 in a report partial',
    args: () => ['report', '--merge', at('utf8', 'partial.json'), at('partials', 'good.json')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/partial\.json:1: invalid UTF-8/),
  },
  {
    name: 'a 10 MB line in a corpus',
    args: () => ['report', at('big-line.txt')],
    code: 2,
    check: (r) => expect(r.stderr).toMatch(/big-line\.txt:2: line is longer than 8\.0 MiB/),
  },
]);

// A full disk: a 256 KiB tmpfs, filled up once the fixtures are on it (needs mount, as root).
const FULL = path.join(tmp, 'full');
let fullDisk: string | false = isRoot ? false : 'needs root to mount a tmpfs';
const onFullDisk = (name: string, args: () => string[], file: () => string, cwd?: () => string): Case => ({
  name,
  args,
  ...(cwd ? { cwd } : {}),
  code: 2,
  skip: () => fullDisk,
  check: (r) => expect(r.stderr).toContain(`${file()}: cannot write: no space left on the device (ENOSPC)`),
});
let fullSnapshot = '';
add('full disk', [
  onFullDisk(
    'snapshot',
    () => ['snapshot', '--config', path.join(FULL, 's')],
    () => path.join(FULL, 's', 'snapshots', 'wp', 'c.snap'),
  ),
  onFullDisk(
    'check writing its .snap.new',
    () => ['check', '--config', path.join(FULL, 's')],
    () => path.join(FULL, 's', 'snapshots', 'wp', 'c.snap.new'),
  ),
  onFullDisk(
    'check --update --prune',
    () => ['check', '--update', '--prune', '--config', path.join(FULL, 's')],
    () => path.join(FULL, 's', 'snapshots', 'wp', 'c.snap'),
  ),
  onFullDisk(
    'report --partial',
    () => ['report', path.join(FULL, 's', 'c.txt'), '--partial', path.join(FULL, 'p.json')],
    () => path.join(FULL, 'p.json'),
  ),
  onFullDisk(
    'init',
    () => ['init'],
    () => path.join(FULL, 'i', 'corpora', 'hard-cases.txt'),
    () => path.join(FULL, 'i'),
  ),
]);

// Folders that are missing, read-only or files.
add('folders', [
  { name: 'snapshots naming a file', args: () => ['snapshot', '--config', at('suites', 'snaps-file')], code: 2 },
  {
    name: 'check --update with snapshots naming a file',
    args: () => ['check', '--update', '--config', at('suites', 'snaps-file')],
    code: 2,
  },
  { name: '--config of a missing folder', args: () => ['check', '--config', at('nowhere', 'x')], code: 2 },
  {
    name: 'snapshot in a read-only suite',
    args: () => ['snapshot', '--config', at('suites', 'readonly')],
    asNobody: true,
    code: 2,
    skip: !isRoot && 'needs root to run as nobody',
  },
  {
    name: 'init in a read-only folder',
    args: ['init'],
    cwd: () => at('suites', 'readonly'),
    asNobody: true,
    code: 2,
    skip: !isRoot && 'needs root to run as nobody',
  },
  {
    name: 'report --partial into a read-only folder',
    args: () => ['report', at('esc', 'ok.txt'), '--partial', at('suites', 'readonly', 'p.json')],
    asNobody: true,
    code: 2,
    skip: !isRoot && 'needs root to run as nobody',
  },
  {
    name: 'an unreadable corpus',
    args: () => ['report', at('secret.txt')],
    asNobody: true,
    code: 2,
    skip: !isRoot && 'needs root to run as nobody',
  },
  {
    name: 'an unreadable snapshot folder',
    args: () => ['check', '--config', at('suites', 'unreadable-snaps')],
    asNobody: true,
    code: 2,
    skip: !isRoot && 'needs root to run as nobody',
  },
]);

// Symlink loops and duplicates.
add('links', [
  {
    name: 'a folder with a symlink loop and two links to one folder',
    args: () => ['report', at('linked'), '--format', 'json'],
    code: 0,
    check: (r) => expect(JSON.parse(r.stdout).inputs.samples).toBe(3),
  },
  {
    name: 'a file named twice, directly and through a link',
    args: () => ['report', at('linked', 'real', 'a.txt'), at('linked', 'l1', 'a.txt'), '--format', 'json'],
    code: 0,
    check: (r) => expect(JSON.parse(r.stdout).inputs.samples).toBe(2),
  },
  {
    name: 'a suite glob through two links to one folder',
    args: () => ['snapshot', '--config', at('suites', 'linked')],
    code: 0,
    check: (r) => expect(r.stdout).toMatch(/\(3 samples\)/),
  },
]);

// ---- the fixtures --------------------------------------------------------------------------

function outsideListing(): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      const st = fs.lstatSync(full);
      out.push(`${path.relative(OUTSIDE, full)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(OUTSIDE);
  return out.sort();
}

function partialOf(file: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

let outsideBefore: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(W, { recursive: true });
  write(path.join(OUTSIDE, 'outside.txt'), 'SECRET outside text\n');
  write(path.join(OUTSIDE, 'wp', 'c.snap'), 'not ours\n');
  fs.cpSync(path.join(BIN, '..', '..', 'test/fixtures/mini-bpe'), path.join(OUTSIDE, 'tok'), { recursive: true });

  // Escapes.
  write(at('esc', 'x.jsonl'), `\u001b]0;PWNED\u0007\u001b[2J {bad\n`);
  write(at('esc', `n${ESC}.txt`), Buffer.concat([Buffer.from('ok\n\u001b[2J'), Buffer.from([0xff, 0x0a])]));
  write(at('esc', 'ok.txt'), `plain line\nan ${ESC} line\n\u0085next\u2028line\n`);
  write(at('esc', 'ok.jsonl'), `${JSON.stringify({ text: 'hi' })}\n`);
  write(at('esc', 'key.jsonl'), `${JSON.stringify({ [ESC]: 1, text: { [ESC]: ESC } })}\n`);
  const wp = JSON.parse(fs.readFileSync(path.join(BIN, '..', '..', 'src/bundled/wordpiece-en/tokenizer.json'), 'utf8'));
  wp.added_tokens.push({
    id: Object.keys(wp.model.vocab).length,
    content: `<${ESC}>`,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  write(at('esc-tok', 'tokenizer.json'), JSON.stringify(wp));
  write(
    at('esc-tok', 'tokenizer_config.json'),
    JSON.stringify({ bos_token: ESC, model_max_length: 512, chat_template: `{{ '${ESC}' }}` }),
  );
  write(at('bad-json-tok', 'tokenizer.json'), `{"model": ${ESC}`);
  write(at('long-json-tok', 'tokenizer.json'), `{"model": "${'x'.repeat(1 << 20)}${ESC}`);
  suite('esc-name', plain({ [`c${ESC}`]: 'c.txt' }), { 'c.txt': 'x\n' });
  suite('esc-spec', { tokenizers: { wp: `${ESC}` }, corpora: { c: 'c.txt' } }, { 'c.txt': 'x\n' });
  const drift = suite('esc-drift', plain({ c: 'c.txt' }), { 'c.txt': 'plain\n' });
  // A HF cache: refs/esc holds escapes; refs/evil names a path out; snapshots/<commit> holds a tokenizer.
  const cache = at('hf');
  write(path.join(cache, 'models--acme--tok', 'refs', 'esc'), `${ESC}\n`);
  write(path.join(cache, 'models--acme--tok', 'refs', 'evil'), '../../../../outside\n');
  write(path.join(cache, 'models--acme--tok', 'refs', 'main'), `${'a'.repeat(40)}\n`);
  fs.cpSync(at('esc-tok'), path.join(cache, 'models--acme--tok', 'snapshots', 'a'.repeat(40)), { recursive: true });
  suite('hf-trav', { tokenizers: { t: 'acme/tok@../../../outside' }, corpora: { c: 'c.txt' } }, { 'c.txt': 'x\n' });

  // Traversal in configs.
  suite('corpus-up', plain({ c: '../../../outside/outside.txt' }));
  suite('corpus-abs', plain({ c: path.join(OUTSIDE, 'outside.txt') }));
  const linkSuite = suite('corpus-link', plain({ c: 'link.txt' }));
  fs.symlinkSync(path.join(OUTSIDE, 'outside.txt'), path.join(linkSuite, 'link.txt'));
  suite('corpus-glob-up', plain({ c: '../../../outside/*.txt' }));
  suite('snaps-up', plain({ c: 'c.txt' }, { snapshots: '../../../outside' }), { 'c.txt': 'x\n' });
  suite('snaps-abs', plain({ c: 'c.txt' }, { snapshots: OUTSIDE }), { 'c.txt': 'x\n' });
  const tokLink = suite('snaps-tok-link', plain({ c: 'c.txt' }), { 'c.txt': 'x\n' });
  fs.mkdirSync(path.join(tokLink, 'snapshots'));
  fs.symlinkSync(path.join(OUTSIDE, 'wp'), path.join(tokLink, 'snapshots', 'wp'));
  suite('tok-up', { tokenizers: { t: '../../../outside/tok' }, corpora: { c: 'c.txt' } }, { 'c.txt': 'x\n' });

  // Special files.
  execFileSync('mkfifo', [at('fifo.txt'), at('fifo.json')]);
  const fifoSuite = suite('fifo', plain({ c: 'f.txt' }));
  execFileSync('mkfifo', [path.join(fifoSuite, 'f.txt')]);
  fs.symlinkSync(path.join(OUTSIDE, 'outside.txt'), at('partial-link.json'));
  const snapFifo = suite('snap-fifo', plain({ c: 'c.txt' }), { 'c.txt': 'x\n' });
  fs.mkdirSync(path.join(snapFifo, 'snapshots', 'wp'), { recursive: true });
  execFileSync('mkfifo', [path.join(snapFifo, 'snapshots', 'wp', 'c.snap')]);
  const linkInside = suite('snap-link-inside', plain({ c: 'c.txt' }), { 'c.txt': 'x\n' });
  write(path.join(linkInside, 'snapshots', 'wp', 'other.snap'), 'kept\n');
  fs.symlinkSync('other.snap', path.join(linkInside, 'snapshots', 'wp', 'c.snap'));

  // Budgets.
  writeCatastrophicTokenizer(at('evil-tok'));
  write(at('evil.txt'), `hello\n${CATASTROPHIC_TEXT}\nbye\n`);
  write(
    at('evil-300.txt'),
    Array.from({ length: 300 }, (_, i) => (i === 199 ? CATASTROPHIC_TEXT : `line ${i + 1}`)).join('\n') + '\n',
  );
  const evil = suite(
    'evil',
    { tokenizers: { evil: './tok' }, corpora: { c: 'corpus.txt' } },
    { 'corpus.txt': `hello\n${CATASTROPHIC_TEXT}\n` },
  );
  writeCatastrophicTokenizer(path.join(evil, 'tok'));
  const evilRust = suite(
    'evil-rust',
    { tokenizers: { evil: { spec: './tok', engine: 'rust' } }, corpora: { c: 'corpus.txt' } },
    { 'corpus.txt': `hello\n${CATASTROPHIC_TEXT}\n` },
  );
  writeCatastrophicTokenizer(path.join(evilRust, 'tok'));

  write(
    at('loop-tok', 'tokenizer.json'),
    fs.readFileSync(path.join(BIN, '..', '..', 'src/bundled/wordpiece-en/tokenizer.json')),
  );
  write(
    at('loop-tok', 'tokenizer_config.json'),
    JSON.stringify({
      chat_template:
        '{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}{{ messages[0].content }}',
    }),
  );
  write(
    at('chat.jsonl'),
    `${JSON.stringify({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'yo' },
      ],
    })}\n`,
  );

  // Damaged tokenizers.
  const mini = fs.readFileSync(path.join(BIN, '..', '..', 'test/fixtures/mini-bpe/tokenizer.json'), 'utf8');
  write(at('tok-bigid', 'tokenizer.json'), mini.replace(/"a": ?\d+/, '"a": 1e300'));
  write(at('tok-negid', 'tokenizer.json'), mini.replace(/"a": ?\d+/, '"a": -1'));
  write(at('tok-hugeid', 'tokenizer.json'), mini.replace(/"a": ?\d+/, `"a": ${2 ** 30}`));
  write(at('tok-hugeid', 'c.txt'), 'a b a\n');
  const hugeAdded = JSON.parse(mini);
  hugeAdded.added_tokens = [...(hugeAdded.added_tokens ?? []), { id: 2 ** 30, content: '<huge>', special: true }];
  write(at('tok-hugeadded', 'tokenizer.json'), JSON.stringify(hugeAdded));
  write(at('tok-hugeadded', 'c.txt'), 'a <huge> b\n');
  const nullMerge = JSON.parse(mini);
  nullMerge.model.merges[0] = null;
  write(at('tok-nullmerge', 'tokenizer.json'), JSON.stringify(nullMerge));
  write(at('tok-nullmerge', 'c.txt'), 'a b a\n');
  write(
    at('tok-deep', 'tokenizer.json'),
    `{"model": {"type": "BPE", "vocab": {}, "merges": []}, "normalizer": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
  );
  write(at('tok-badtemplate', 'tokenizer.json'), mini);
  write(at('tok-badtemplate', 'tokenizer_config.json'), JSON.stringify({ chat_template: '{% for %}{{ ' }));

  const huge = suite('snap-huge', plain({ c: 'c.txt' }), { 'c.txt': 'x\n' });
  fs.mkdirSync(path.join(huge, 'snapshots', 'wp'), { recursive: true });
  fs.writeFileSync(path.join(huge, 'snapshots', 'wp', 'c.snap'), serializeHeader(snapshotHeader(), 1));
  fs.truncateSync(path.join(huge, 'snapshots', 'wp', 'c.snap'), 600 * 2 ** 20);

  // Folders.
  suite('snaps-file', plain({ c: 'c.txt' }, { snapshots: 'snaps' }), { 'c.txt': 'x\n', snaps: 'a file\n' });
  const ro = suite('readonly', plain({ c: 'c.txt' }), { 'c.txt': 'x\n' });
  write(at('secret.txt'), 'secret\n');
  fs.chmodSync(at('secret.txt'), 0o600);
  const unreadable = suite('unreadable-snaps', plain({ c: 'c.txt' }), { 'c.txt': 'x\n' });

  // Links.
  write(at('linked', 'real', 'a.txt'), 'one\ntwo\n');
  write(at('linked', 'real', 'b.txt'), 'three\n');
  fs.symlinkSync('real', at('linked', 'l1'));
  fs.symlinkSync('real', at('linked', 'l2'));
  fs.symlinkSync('..', at('linked', 'real', 'loop'));
  const linked = suite('linked', plain({ c: 'data/**/*.txt' }));
  write(path.join(linked, 'data', 'real', 'a.txt'), 'one\ntwo\n');
  write(path.join(linked, 'data', 'real', 'b.txt'), 'three\n');
  fs.symlinkSync('real', path.join(linked, 'data', 'l1'));
  fs.symlinkSync('real', path.join(linked, 'data', 'l2'));

  // Runs that make the rest: snapshots to damage, pending changes with escapes, partials.
  const snapshotOf = async (dir: string) => {
    const r = await runCli(['snapshot', '--config', dir]);
    if (r.code !== 0) throw new Error(`fixture snapshot failed: ${r.stderr}`);
    return path.join(dir, 'snapshots', 'wp', 'c.snap');
  };
  const base = plain({ c: 'c.txt' });
  const body = `hello world\nan ${ESC} sample\n`;
  const [edited, cut, bigid, escSnap, , readonlySnap, unreadableSnap] = await Promise.all([
    snapshotOf(suite('snap-edited', base, { 'c.txt': body })),
    snapshotOf(suite('snap-cut', base, { 'c.txt': body })),
    snapshotOf(suite('snap-bigid', base, { 'c.txt': body })),
    snapshotOf(suite('snap-esc', base, { 'c.txt': body })),
    snapshotOf(drift),
    snapshotOf(ro),
    snapshotOf(unreadable),
  ]);
  fs.writeFileSync(edited!, fs.readFileSync(edited!, 'utf8').replace('text: "hello world"', 'text: "hello wurld"'));
  // Damage that only a full read finds: in the last of 40 obsolete samples (listed: 1), and in a
  // sample two files hold alike (a snapshot and its pending file; two snapshots given to diff).
  const forty = Array.from({ length: 40 }, (_, i) => `sample number ${i}`);
  const obsoleteSuite = suite('snap-obsolete', base, { 'c.txt': `${forty.join('\n')}\n` });
  // The middle one of the 40 in file order (the first and last blocks are read when a file is opened).
  const middleEdited = (file: string) => {
    const text = fs.readFileSync(file, 'utf8');
    const at = [...text.matchAll(/text: "sample number/g)][20]!.index;
    fs.writeFileSync(file, `${text.slice(0, at)}text: "Sample${text.slice(at + 'text: "sample'.length)}`);
  };
  middleEdited(await snapshotOf(obsoleteSuite));
  fs.writeFileSync(path.join(obsoleteSuite, 'c.txt'), 'a new sample\n');
  const pendingSuite = suite('snap-pending-edited', base, { 'c.txt': `${forty.join('\n')}\n` });
  const pendingSnap = await snapshotOf(pendingSuite);
  fs.appendFileSync(path.join(pendingSuite, 'c.txt'), 'one more sample\n');
  if ((await runCli(['check', '--config', pendingSuite])).code !== 1) throw new Error('fixture check failed');
  middleEdited(pendingSnap);
  middleEdited(`${pendingSnap}.new`);
  fs.mkdirSync(at('snap-pair'));
  fs.copyFileSync(pendingSnap, at('snap-pair', 'a.snap'));
  fs.copyFileSync(`${pendingSnap}.new`, at('snap-pair', 'b.snap'));
  const cutText = fs.readFileSync(cut!, 'utf8');
  fs.writeFileSync(cut!, cutText.slice(0, Math.floor(cutText.length * 0.8)));
  fs.writeFileSync(bigid!, fs.readFileSync(bigid!, 'utf8').replace(/^ids: (\d+)/m, 'ids: 1e300'));
  fs.writeFileSync(escSnap!, fs.readFileSync(escSnap!, 'utf8').replace(/^== [0-9a-f]{16}/m, `== ${ESC}`));
  void readonlySnap;
  const pendingFifo = await snapshotOf(suite('pending-fifo', base, { 'c.txt': body }));
  fs.appendFileSync(path.join(path.dirname(pendingFifo), '..', '..', 'c.txt'), 'a sample the snapshot lacks\n');
  execFileSync('mkfifo', [`${pendingFifo}.new`]);
  fs.writeFileSync(path.join(drift, 'c.txt'), `plain\nnew ${ESC}\u0085 sample\n`);
  const d = await runCli(['check', '--config', drift]);
  if (d.code !== 1) throw new Error(`fixture check failed: ${d.stderr}`);
  // Read-only and unreadable for `nobody` (root reads everything): owned by root, no write bits.
  for (const f of [ro, path.join(ro, 'snapshots'), path.join(ro, 'snapshots', 'wp')]) fs.chmodSync(f, 0o555);
  fs.chmodSync(path.dirname(unreadableSnap!), 0o700);

  const p = await runCli(['report', at('esc', 'ok.txt'), '--partial', at('partials', 'good.json')]);
  fs.mkdirSync(at('partials'), { recursive: true });
  if (p.code !== 0) throw new Error(`fixture partial failed: ${p.stderr}`);
  const good = partialOf(at('partials', 'good.json'));
  const variant = (name: string, edit: (p: Record<string, any>) => void) => {
    const copy = structuredClone(good);
    edit(copy);
    write(at('partials', name), JSON.stringify(copy));
  };
  variant('good2.json', () => {});
  variant('many.json', (x) => (x.state.lengths.count = 'many'));
  variant('negative.json', (x) => (x.state.lengths.count = -50));
  variant('edited.json', (x) => (x.state.chars += 1));
  variant('esc.json', (x) => (x.format = ESC));
  write(
    at('partials', 'deep.json'),
    `{"format": "tokpeek-report-partial", "version": 1, "x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
  );

  // Damage, fuzzed.
  const damaged = await Promise.all(
    ['snap-format', 'snap-options', 'snap-id64', 'snap-utf8', 'snap-header-utf8', 'snap-cut-header'].map((name) =>
      snapshotOf(suite(name, base, { 'c.txt': body })),
    ),
  );
  const edit = (file: string, change: (b: Buffer) => Buffer) => fs.writeFileSync(file, change(fs.readFileSync(file)));
  const swap = (from: RegExp, to: string) => (b: Buffer) => Buffer.from(b.toString('utf8').replace(from, to));
  const [format, options, id64, utf8Block, utf8Header, cutHeader] = damaged as string[];
  edit(format!, swap(/^tokpeek-snapshot: \d+$/m, 'tokpeek-snapshot: 99'));
  edit(options!, swap(/^options: .*$/m, 'options: add_special_tokens=true max_length=abc truncation_side=right'));
  edit(id64!, swap(/^ids: (\d+)/m, 'ids: 99999999999999999999'));
  const insertAt = (marker: string) => (b: Buffer) => {
    const at = b.indexOf(marker) + marker.length;
    return Buffer.concat([b.subarray(0, at), Buffer.from([0xc3, 0x28]), b.subarray(at)]);
  };
  edit(utf8Block!, insertAt('text: "'));
  edit(utf8Header!, insertAt('tokenizer: '));
  edit(cutHeader!, (b) => b.subarray(0, b.indexOf('\nsamples:') + 1));
  const badUtf8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
  write(at('utf8', 'bad.csv'), Buffer.concat([Buffer.from('text\nok\n'), badUtf8, Buffer.from('\n')]));
  write(at('utf8', 'bad.tsv'), Buffer.concat([Buffer.from('text\tn\nok\t1\n'), badUtf8, Buffer.from('\t2\n')]));
  fs.cpSync(path.join(BIN, '..', '..', 'src/bundled/wordpiece-en/tokenizer.json'), at('utf8', 'tok', 'tokenizer.json'));
  write(
    at('utf8', 'tok', 'tokenizer_config.json'),
    Buffer.concat([Buffer.from('{"bos_token": "'), badUtf8, Buffer.from('"}')]),
  );
  write(at('utf8', 'bad.jinja'), Buffer.concat([Buffer.from('{{ messages[0].content }}'), badUtf8]));
  write(at('utf8', 'partial.json'), Buffer.concat([Buffer.from('{"format": "'), badUtf8, Buffer.from('"}')]));
  const configUtf8 = suite('config-utf8', '{}', { 'c.txt': 'x\n' });
  write(
    path.join(configUtf8, 'tokpeek.config.json'),
    Buffer.concat([
      Buffer.from('{"tokenizers": {"wp": "wordpiece-en"}, "corpora": {"c": "c'),
      badUtf8,
      Buffer.from('.txt"}}'),
    ]),
  );
  write(at('big-line.txt'), `short\n${'a'.repeat(10 << 20)}\n`);

  // A full disk: a small tmpfs holding a suite with a snapshot and a changed corpus, then filled.
  if (!fullDisk) {
    fs.mkdirSync(FULL);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', FULL], { stdio: 'ignore' });
    } catch {
      fullDisk = 'cannot mount a tmpfs here (mount refused)';
    }
  }
  if (!fullDisk) {
    const lines = Array.from({ length: 300 }, (_, i) => `line number ${i} of the corpus with some words`);
    write(path.join(FULL, 's', 'c.txt'), lines.join('\n') + '\n');
    write(path.join(FULL, 's', 'tokpeek.config.json'), json(plain({ c: 'c.txt' })));
    fullSnapshot = fs.readFileSync(await snapshotOf(path.join(FULL, 's')), 'utf8');
    fs.appendFileSync(path.join(FULL, 's', 'c.txt'), 'a line the snapshot lacks\nand another one\n');
    fs.mkdirSync(path.join(FULL, 'i'));
    const filler = Buffer.alloc(4096);
    try {
      for (;;) fs.appendFileSync(path.join(FULL, 'filler'), filler);
    } catch {}
  }

  outsideBefore = outsideListing();
}, 300_000);

afterAll(() => {
  if (fullDisk === false)
    try {
      execFileSync('umount', [FULL], { stdio: 'ignore' });
    } catch {}
  // Give back what was taken from nobody, then clean up.
  try {
    execFileSync('chmod', ['-R', 'u+rwX', tmp]);
  } catch {}
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---- running them --------------------------------------------------------------------------

/** At most this many tokpeek processes at once: CI has 2 cores, and each loads a tokenizer. */
const PARALLEL = 3;
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  while (running >= PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The time budget of a case unless it states one: generous, since the machine is shared and slow. */
const BUDGET_MS = 60_000;
/** Commands that tokenize use the small bundled WordPiece tokenizer unless the case names one. */
const TOKENIZING = new Set(['report', 'show', 'browse', 'info']);

function run(c: Case): Promise<CliResult> {
  return limited(() => start(c));
}

function start(c: Case): Promise<CliResult> {
  let args = typeof c.args === 'function' ? c.args() : c.args;
  if (TOKENIZING.has(args[0]!) && !args.includes('-t') && !args.includes('--merge'))
    args = [...args, '-t', 'wordpiece-en'];
  const env = { HF_HUB_CACHE: at('hf'), ...c.env };
  if (c.env?.HF_HUB_CACHE === '') env.HF_HUB_CACHE = at('hf');
  const options = { cwd: c.cwd?.() ?? W, env, input: c.input, timeoutMs: c.budgetMs ?? BUDGET_MS };
  if (c.asNobody)
    return runCli(['-u', 'nobody', '--', process.execPath, BIN, ...args], {
      ...options,
      bin: '/usr/sbin/runuser',
      env: { ...options.env, HOME: tmp },
    });
  return runCli(args, options);
}

describe('hostile input, through bin/tokpeek', () => {
  it('has at least 60 cases over every command', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const commands = new Set(
      cases.map((c) => {
        const args = typeof c.args === 'function' ? c.args() : c.args;
        return args[0]!.startsWith('-') ? 'browse' : args[0]!;
      }),
    );
    for (const command of [
      'browse',
      'show',
      'info',
      'tokenizers',
      'init',
      'snapshot',
      'check',
      'pending',
      'accept',
      'reject',
      'review',
      'diff',
      'report',
    ])
      expect(commands, command).toContain(command);
  });

  it.concurrent.each(cases)('$name', async (c) => {
    if (typeof c.skip === 'function' ? c.skip() : c.skip) return;
    const r = await run(c);
    const where = `\n--- stdout ---\n${r.stdout.slice(0, 2000)}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`;
    expect(r.code, `exit code${where}`).toBe(c.code);
    expect(r.stderr, `internal error${where}`).not.toMatch(/internal error|This is a bug/);
    expect(r.stdout, `stdout drives the terminal${where}`).not.toMatch(DRIVES_TERMINAL);
    expect(r.stderr, `stderr drives the terminal${where}`).not.toMatch(DRIVES_TERMINAL);
    for (const line of r.stderr.split('\n')) expect(line.length, 'an error line is cut').toBeLessThan(2100);
    if (c.code === 2) expect(r.stderr.trim().split('\n')[0], `one error line${where}`).toMatch(/^tokpeek: /);
    c.check?.(r);
  });

  it('wrote and deleted nothing outside the work folder, and replaced no special file', () => {
    expect(outsideListing()).toEqual(outsideBefore);
    expect(fs.lstatSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(fs.lstatSync(at('partial-link.json')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(at('fifo.json')).isFIFO()).toBe(true);
    expect(fs.lstatSync(at('suites', 'snap-fifo', 'snapshots', 'wp', 'c.snap')).isFIFO()).toBe(true);
    expect(fs.lstatSync(at('suites', 'pending-fifo', 'snapshots', 'wp', 'c.snap.new')).isFIFO()).toBe(true);
    expect(fs.lstatSync(at('suites', 'snap-link-inside', 'snapshots', 'wp', 'c.snap')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(at('suites', 'snap-link-inside', 'snapshots', 'wp', 'other.snap'), 'utf8')).toBe('kept\n');
    expect(fs.readFileSync(at('esc', 'ok.txt'), 'utf8')).toContain('plain line');
  });

  it('left nothing half-written on the full disk, and its snapshot whole', (ctx) => {
    if (fullDisk) ctx.skip(fullDisk);
    const dir = path.join(FULL, 's', 'snapshots', 'wp');
    expect(fs.readdirSync(dir).filter((f) => /\.tmp-/.test(f))).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'c.snap'), 'utf8')).toBe(fullSnapshot);
    expect(fs.existsSync(path.join(FULL, 'p.json'))).toBe(false);
  });
});
