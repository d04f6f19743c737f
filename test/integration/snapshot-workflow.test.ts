// The snapshot workflow through the real binary: snapshot → check green → edit the tokenizer
// → classified drift (exit 1) and pending files → pending/accept/reject; CI mode writes
// nothing; added/obsolete samples; damaged snapshot files; config mistakes.

import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestSuite, makeSuite } from '../support/snapshot-suite.js';
import { lowercase, removeMergeProducing } from '../support/fixture-tokenizers.js';

const SNAP = 'snapshots/mini/prose.snap';
const PENDING = 'snapshots/mini/prose.snap.new';

describe('snapshot → check → drift → review', () => {
  let s: TestSuite;
  beforeAll(async () => {
    s = makeSuite();
    const r = await s.run(['snapshot']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('writes byte-identical snapshots on a second run', async () => {
    const first = s.read(SNAP);
    expect(first).toMatch(/^---\ntokpeek-snapshot: 3\n/);
    expect(first).toContain('spec: ./tok\n');
    expect(first).not.toContain(s.dir); // nothing machine-specific
    const r = await s.run(['snapshot']);
    expect(r.stdout).toContain(`unchanged ${SNAP} (50 samples)`);
    expect(s.read(SNAP)).toBe(first);
  });

  it('check is green on an unchanged tokenizer', async () => {
    const r = await s.run(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ tokpeek check: 2 comparisons ok · 80 samples/);
  });

  it('header values are reused while the tokenizer files are byte-identical, and worked out again when they are not', async () => {
    const text = s.read(SNAP);
    expect(text).toMatch(/^files: tokenizer\.json=[0-9a-f]{64}( |$)/m);
    const real = /^fingerprint: (.*)$/m.exec(text)![1]!;
    // A stand-in fingerprint is taken as it is: the files' bytes have not changed.
    const standIn = `sha256:${'0'.repeat(64)}`;
    s.write(SNAP, text.replace(real, standIn));
    const unchanged = await s.run(['check', '--format', 'json', '-t', 'mini', '--corpus', 'prose'], {
      env: { CI: 'true' },
    });
    expect(unchanged.code).toBe(0);
    expect(JSON.stringify(JSON.parse(unchanged.stdout))).not.toContain('fingerprint 0000');
    // Rewritten in another but equivalent form: new bytes, so the fingerprint is computed (the real one).
    const tok = s.file('tok/tokenizer.json');
    const original = fs.readFileSync(tok, 'utf8');
    fs.writeFileSync(tok, JSON.stringify(JSON.parse(original), null, 1));
    const rewritten = await s.run(['check', '-t', 'mini', '--corpus', 'prose'], { env: { CI: 'true' } });
    expect(rewritten.code).toBe(0);
    expect(rewritten.stdout).toContain(`fingerprint 000000000000 → ${real.slice(7, 19)}`);
    fs.writeFileSync(tok, original);
    s.write(SNAP, text);
  });

  it('a removed merge: exit 1, classified report, a pending file; CI writes nothing', async () => {
    s.editTokenizer({ tokenizer: (t) => removeMergeProducing(t, 'Ġthe') });
    const before = s.read(SNAP);

    const ci = await s.run(['check', '--format', 'json'], { env: { CI: 'true' } });
    expect(ci.code).toBe(1);
    expect(fs.existsSync(s.file(PENDING))).toBe(false);
    expect(s.read(SNAP)).toBe(before);
    const report = JSON.parse(ci.stdout);
    const prose = report.subjects.find((x: any) => x.id === 'mini/prose');
    expect(prose.counts.drifted).toBeGreaterThan(10);
    expect(prose.classes).toEqual({ merges: prose.counts.drifted });
    expect(prose.tokenizerChange.sections).toEqual([expect.objectContaining({ section: 'model.merges' })]);
    expect(prose.next).toMatch(/locally/);
    expect(prose.wrote).toEqual([]);

    const updateInCi = await s.run(['check', '--update'], { env: { CI: '1' } });
    expect(updateInCi.code).toBe(2);
    expect(updateInCi.stderr).toMatch(/never does in CI/);

    const local = await s.run(['check', '-t', 'mini', '--corpus', 'prose', '--limit', '1']);
    expect(local.code).toBe(1);
    expect(local.stdout).toMatch(
      /✗ corpora\/prose\.txt:\d+ #[0-9a-f]{8} {2}same pre-tokens, other tokens \(model merges\)/,
    );
    expect(local.stdout).toMatch(/old .*\[·the\]/);
    expect(local.stdout).toMatch(/new .*\[·\] \[the\]|new .*\[·th\] \[e\]|new .*\[·t\] \[he\]/);
    expect(local.stdout).toContain('tokenizer.json model.merges');
    expect(local.stdout).toContain(`wrote ${PENDING}`);
    expect(s.read(SNAP)).toBe(before);
    // The pending file is a complete snapshot of the new results.
    expect(s.read(PENDING)).toMatch(/^---\ntokpeek-snapshot: 3\n/);
  });

  it('pending --json lists each change; accept and reject one sample or all', async () => {
    const list = await s.run(['pending', '--json']);
    expect(list.code).toBe(0);
    const changes = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(changes.length).toBeGreaterThan(10);
    expect(changes[0]).toMatchObject({
      tokenizer: 'mini',
      corpus: 'prose',
      kind: 'changed',
      classes: ['merges'],
      snapshot: SNAP,
      pending: PENDING,
    });
    expect(changes[0].old.tokens.length).toBe(changes[0].old.ids.length);

    const [first, second] = changes;
    const accepted = await s.run(['accept', first.id]);
    expect(accepted.stdout).toMatch(/accepted 1 change; \d+ still pending/);
    expect(s.read(SNAP)).toContain(`${first.new.ids.slice(0, 3).join(' ')}`);
    const rejected = await s.run(['reject', second.key.slice(0, 8)]);
    expect(rejected.stdout).toMatch(/rejected 1 change/);
    const after = (await s.run(['pending', '--json'])).stdout.trim().split('\n');
    expect(after.length).toBe(changes.length - 2);

    await s.run(['accept']);
    expect(fs.existsSync(s.file(PENDING))).toBe(false);
    // The rejected sample still differs from the tokenizer: check reports just that one.
    const r = await s.run(['check', '--corpus', 'prose', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).subjects[0].counts.drifted).toBe(1);
    const update = await s.run(['check', '--update']);
    expect(update.code).toBe(0);
    expect((await s.run(['check'])).code).toBe(0);
  });

  it('edited corpus lines are added/obsolete samples, never drift; --update --prune records them', async () => {
    const lines = s.read('corpora/prose.txt').split('\n');
    lines.splice(3, 1, `${lines[3]} (edited)`);
    lines.splice(10, 0, 'A brand new sample line.');
    s.write('corpora/prose.txt', lines.join('\n'));
    const r = await s.run(['check', '--corpus', 'prose', '--format', 'json'], { env: { CI: '1' } });
    expect(r.code).toBe(1);
    const prose = JSON.parse(r.stdout).subjects[0];
    expect(prose.counts).toMatchObject({ drifted: 0, added: 2, obsolete: 1, unchanged: 49 });
    expect(prose.notes.map((n: any) => n.message).join('\n')).toMatch(/corpus files: changed corpora\/prose\.txt/);
    const snapBefore = s.read(SNAP);
    const upd = await s.run(['check', '--update', '--prune']);
    expect(upd.code).toBe(0);
    // Content keys: only the three affected blocks changed in the file.
    const diff = s
      .read(SNAP)
      .split('\n')
      .filter((l) => !snapBefore.includes(l));
    expect(diff.filter((l) => l.startsWith('== ')).length).toBe(2);
    expect((await s.run(['check'])).code).toBe(0);
  });

  it('a lowercasing normalizer is normalization drift, in every format', async () => {
    s.editTokenizer({ tokenizer: lowercase });
    const md = await s.run(['check', '--ci', '--format', 'markdown', '--corpus', 'prose']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## ❌ tokpeek check: 1 of 1 failed/);
    expect(md.stdout).toContain('text seen by the model changed (normalization)');
    expect(md.stdout).toContain('```diff');
    const junit = await s.run(['check', '--ci', '--format', 'junit', '--corpus', 'prose']);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="tokpeek check" tests="1" failures="1" errors="0" skipped="0">/,
    );
    expect(junit.stdout).toMatch(
      /<failure message="\d+ samples drifted: \d+ text seen by the model changed \(normalization\)/,
    );
    const plain = await s.run(['check', '--ci', '--corpus', 'prose', '--limit', '1']);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const colour = await s.run(['check', '--ci', '--corpus', 'prose', '--limit', '1', '--color']);
    expect(colour.stdout).toMatch(/\x1b\[41;97m/);
  });
});

describe('missing, obsolete and damaged snapshots', () => {
  it('a missing snapshot fails in CI with the command that creates it', async () => {
    const s = makeSuite();
    const r = await s.run(['check'], { env: { CI: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('create it locally with `tokpeek snapshot -t mini --corpus prose`');
    expect(fs.existsSync(s.file('snapshots'))).toBe(false);
  });

  it('a snapshot for a pair no longer in the config is obsolete; --prune deletes it', async () => {
    const s = makeSuite();
    await s.run(['snapshot']);
    s.config({ tokenizers: { mini: { spec: './tok' } }, corpora: { prose: 'corpora/prose.txt' } });
    const r = await s.run(['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /snapshots\/mini\/code\.snap is for a tokenizer\/corpus pair that tokpeek\.config\.json no longer has/,
    );
    expect((await s.run(['check', '--prune'])).code).toBe(0);
    expect(fs.existsSync(s.file('snapshots/mini/code.snap'))).toBe(false);
  });

  it('a truncated snapshot file is an input error naming file:line (exit 2)', async () => {
    const s = makeSuite();
    await s.run(['snapshot']);
    const text = s.read(SNAP);
    s.write(SNAP, text.slice(0, Math.floor(text.length / 2)));
    const r = await s.run(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tokpeek: snapshots\/mini\/prose\.snap:\d+: file is truncated/);
    expect(r.stderr).toMatch(/restore it from version control/);
    // Cut exactly at a line end between two samples.
    const lines = text.split('\n');
    const cut = lines.findIndex((l, i) => i > 40 && l.startsWith('== '));
    s.write(SNAP, lines.slice(0, cut).join('\n') + '\n');
    const r2 = await s.run(['check']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(
      /prose\.snap:\d+: the header counts 50 samples but the file holds \d+ \(file is truncated\)/,
    );
    // A damaged id in the middle: check reads that block when its sample comes, and says where.
    const ids = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith('ids: '));
    s.write(SNAP, [...lines.slice(0, ids), lines[ids]!.replace(/ \d+/, ' 1x2'), ...lines.slice(ids + 1)].join('\n'));
    const r3 = await s.run(['check']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain(`prose.snap:${ids + 1}: sample `);
    expect(r3.stderr).toContain('"1x2" is not a token id');
    expect(fs.existsSync(s.file(PENDING))).toBe(false);
  });

  it('a broken tokenizer.json in the middle of a suite: exit 2 with one line naming it, and no process left waiting', async () => {
    const s = makeSuite({
      tokenizers: { mini: { spec: './tok' }, broken: { spec: './bad' }, again: { spec: './tok' } },
      corpora: { prose: 'corpora/prose.txt' },
    });
    fs.mkdirSync(s.file('bad'));
    s.write('bad/tokenizer.json', '{"model": {"type": "BPE", "vocab": {\n');
    for (const args of [['snapshot'], ['check', '--ci']]) {
      // A process left waiting on a worker would be killed at 20 s, failing the test.
      const r = await s.run(args, { timeoutMs: 20_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^tokpeek: \S*bad\/tokenizer\.json:2: invalid JSON/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.existsSync(s.file('snapshots/mini/prose.snap'))).toBe(true);
  });

  it('a line over the limit names its file:line and the option that raises the limit, which snapshot, check and diff take', async () => {
    const s = makeSuite({ tokenizers: { mini: { spec: './tok' } }, corpora: { long: 'corpora/long.txt' } });
    s.write('corpora/long.txt', `short line\n${'a long line of words '.repeat(150)}\n`);
    const tooLong = await s.run(['snapshot', '--max-line-bytes', '1000']);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/corpora\/long\.txt:2: line is longer than .*\n.*--max-line-bytes/);
    expect((await s.run(['snapshot', '--max-line-bytes', '4000'])).code).toBe(0);
    expect((await s.run(['check', '--ci', '--max-line-bytes', '1000'])).code).toBe(2);
    expect((await s.run(['check', '--ci', '--max-line-bytes', '4000'])).code).toBe(0);
    expect((await s.run(['diff', '-t', 'mini', '-e', 'js', '-e', 'rust', '--max-line-bytes', '1000'])).code).toBe(2);
    expect((await s.run(['diff', '-t', 'mini', '-e', 'js', '-e', 'rust', '--max-line-bytes', '4000'])).code).toBe(0);
  });

  it('config mistakes are all listed with their JSON paths (exit 2)', async () => {
    const s = makeSuite({
      tokenizers: { mini: { spec: './tok', engine: 'python', max_lenght: 5 }, 'bad name': 'x' },
      corpora: { prose: { files: [], format: 'csv' } },
      extra: 1,
    });
    const r = await s.run(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tokpeek.config.json: 6 mistakes');
    for (const path of [
      '$.extra',
      '$.corpora.prose.files',
      '$.corpora.prose.format',
      '$.tokenizers.mini.engine',
      '$.tokenizers.mini.max_lenght',
      '$.tokenizers["bad name"]',
    ])
      expect(r.stderr).toContain(`${path}:`);
    expect(r.stderr).toContain('did you mean "max_length"?');
  });
});
