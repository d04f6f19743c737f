import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSuiteConfig } from '../../src/core/config/suite-config.js';
import type { Snapshot } from '../../src/core/snapshot/format.js';
import { serializeSnapshot } from '../../src/core/snapshot/serialize.js';
import { sampleKey } from '../../src/core/snapshot/sample-key.js';
import {
  acceptPending,
  listPending,
  pendingPathOf,
  rejectPending,
  snapshotPathOf,
  writeSnapshotFile,
} from '../../src/snapshot/store.js';
import { header } from '../support/snapshot-header.js';

describe('tokpeek.config.json validation', () => {
  it('accepts shorthands and fills defaults', () => {
    const { config, problems } = validateSuiteConfig({
      tokenizers: { 'llama3.1': 'llama3.1' },
      corpora: { prose: 'corpora/*.txt' },
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      snapshots: 'snapshots',
      tokenizers: [
        { name: 'llama3.1', spec: 'llama3.1', engine: 'js', addSpecialTokens: true, truncationSide: 'right' },
      ],
      corpora: [{ name: 'prose', files: ['corpora/*.txt'] }],
    });
  });

  it('reports every mistake with its JSON path', () => {
    const { config, problems } = validateSuiteConfig({
      snapshots: '',
      tokenizers: {
        a: { spec: 'x', add_special_tokens: 'yes', max_length: 0, truncation_side: 'middle', corpora: ['nope'] },
        b: 5,
      },
      corpora: { c: { files: ['/abs/*.txt', 3], field: '' } },
    });
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.path)).toEqual([
      '$.snapshots',
      '$.corpora.c.files[0]',
      '$.corpora.c.files[1]',
      '$.corpora.c.field',
      '$.tokenizers.a.add_special_tokens',
      '$.tokenizers.a.max_length',
      '$.tokenizers.a.truncation_side',
      '$.tokenizers.a.corpora[0]',
      '$.tokenizers.b',
    ]);
    const chat = validateSuiteConfig({
      tokenizers: { q: 'qwen3' },
      corpora: { chats: { files: 'c.jsonl', chat: true }, bad: { files: 'c.txt', format: 'txt', chat: true } },
    });
    expect(chat.problems).toEqual([
      { path: '$.corpora.bad.chat', message: expect.stringMatching(/chat records are JSON/) },
    ]);
    expect(
      validateSuiteConfig({ tokenizers: { q: 'qwen3' }, corpora: { c: { files: 'c.jsonl', chat: true } } }).config
        ?.corpora,
    ).toEqual([{ name: 'c', files: ['c.jsonl'], chat: true }]);
    expect(
      validateSuiteConfig({ tokenizers: { q: 'qwen3' }, corpora: { c: { files: 'c.jsonl', chat: 'yes' } } }).problems,
    ).toEqual([{ path: '$.corpora.c.chat', message: 'must be true or false, not a string' }]);
    // chat_template: a template name or a template file relative to the config.
    const templates = validateSuiteConfig({
      tokenizers: {
        named: { spec: 'qwen3', chat_template: 'tool_use' },
        filed: { spec: 'qwen3', chat_template: 'templates/trainer.jinja' },
      },
      corpora: { c: { files: 'c.jsonl', chat: true } },
    }).config?.tokenizers;
    expect(templates?.map((t) => t.chatTemplate)).toEqual(['tool_use', 'templates/trainer.jinja']);
    expect(
      validateSuiteConfig({
        tokenizers: { a: { spec: 'qwen3', chat_template: '' }, b: { spec: 'qwen3', chat_template: '/etc/t.jinja' } },
        corpora: { c: 'c.jsonl' },
      }).problems,
    ).toEqual([
      {
        path: '$.tokenizers.a.chat_template',
        message: expect.stringMatching(/must be a template name or a template file/),
      },
      { path: '$.tokenizers.b.chat_template', message: expect.stringMatching(/must be relative to the config file/) },
    ]);
    expect(validateSuiteConfig([]).problems).toEqual([
      { path: '$', message: expect.stringMatching(/must be an object/) },
    ]);
  });
});

describe('the snapshot store', () => {
  // Keys are the hash of the text (a .snap whose text no longer matches its key is damaged).
  const entry = (text: string, ids: number[]) => ({
    key: sampleKey(text),
    text,
    tokens: ids.map((i) => `t${i}`),
    ids,
    location: 'c.txt',
  });
  function setup() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-store-'));
    const snap = snapshotPathOf(dir, 'tok', 'corpus');
    const current: Snapshot = {
      header: header(),
      entries: [entry('a', [1, 2]), entry('b', [3])],
    };
    const proposed: Snapshot = {
      header: header({ engineVersion: '0.3.0' }),
      entries: [entry('a', [1, 2]), entry('b', [4]), entry('c', [5])],
    };
    writeSnapshotFile(snap, current);
    writeSnapshotFile(pendingPathOf(snap), proposed);
    return { dir, snap, current, proposed };
  }

  it('lists pending changes with their kind, and accepts one', () => {
    const { dir, snap } = setup();
    const changes = listPending({ snapshotDir: dir });
    expect(changes.map((c) => [c.id, c.kind]).sort()).toEqual(
      [
        [`tok/corpus#${sampleKey('b')}`, 'changed'],
        [`tok/corpus#${sampleKey('c')}`, 'added'],
      ].sort(),
    );
    const changed = changes.find((c) => c.kind === 'changed')!;
    expect(changed.old!.ids).toEqual([3]);
    expect(changed.new!.ids).toEqual([4]);
    expect(acceptPending(changed)).toBe(1);
    expect(listPending({ snapshotDir: dir }).map((c) => c.kind)).toEqual(['added']);
    expect(fs.readFileSync(snap, 'utf8')).toContain('engine-version: 0.3.0');
  });

  it('rejecting the last change deletes the pending file and leaves the snapshot as it was', () => {
    const { dir, snap, current } = setup();
    expect(rejectPending(listPending({ snapshotDir: dir }))).toBe(2);
    expect(fs.existsSync(pendingPathOf(snap))).toBe(false);
    expect(fs.readFileSync(snap, 'utf8')).toBe(serializeSnapshot(current));
  });
});

describe('sampleKey', () => {
  it('is the first 16 hex digits of the SHA-256 of the UTF-8 bytes', () => {
    for (const text of ['', 'b', 'Hello, world', '日本語 🤗 \u00a0', 'lone \ud800'])
      expect(sampleKey(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16));
  });
});
