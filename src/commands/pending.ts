// `tokpeek pending`: the pending snapshot changes, for people (text) and scripts (JSON lines).

import path from 'node:path';
import { colorEnabled } from '../io.js';
import type { PendingRecord } from '../render/json-contracts.js';
import { jsonText } from '../render/json-text.js';
import { readSuite } from '../snapshot/config-file.js';
import type { PendingChange } from '../core/snapshot/pending-changes.js';
import { listPending } from '../snapshot/store.js';
import { classList } from '../render/drift-text.js';
import { clipAtGrapheme, visible } from '../core/visible.js';
import { styles } from '../render/sgr.js';
import { defineCommand } from './definition.js';
import { SELECT_OPTIONS, SELECTOR, SELECTOR_HELP, selectChanges } from './pending-changes.js';
import { plural } from '../core/quantities.js';

function pendingJson(c: PendingChange, cwd: string): string {
  const rel = (p: string) => (path.relative(cwd, p) || p).split(path.sep).join('/');
  const record: PendingRecord = {
    id: c.id,
    tokenizer: c.tokenizer,
    corpus: c.corpus,
    key: c.key,
    kind: c.kind,
    classes: c.classes,
    location: c.location ?? null,
    text: c.text,
    old: c.old ? { tokens: c.old.tokens, ids: c.old.ids } : null,
    new: c.new ? { tokens: c.new.tokens, ids: c.new.ids } : null,
    snapshot: rel(c.snapshotPath),
    pending: rel(c.pendingPath),
  };
  return jsonText(record, 'line');
}

export const pending = defineCommand({
  name: 'pending',
  usage: ['pending [-c FILE] [SELECTOR...] [--json]'],
  description: `Lists the changes that \`tokpeek check\` left in .snap.new files: one line each with its
id (tokenizer/corpus#key), kind (changed, added, removed) and drift classes. ${SELECTOR_HELP}`,
  positionals: SELECTOR,
  options: {
    ...SELECT_OPTIONS,
    json: {
      type: 'boolean',
      help: 'one JSON object per line: id, tokenizer, corpus, key, kind, classes, location, text, old/new {tokens, ids}, snapshot and pending paths',
    },
  },
  epilogue: 'Then: `tokpeek accept [SELECTOR...]` or `tokpeek reject [SELECTOR...]` (all when none given).',
  run: async ({ values, positionals }, io) => {
    const suite = readSuite(values.config, io.cwd);
    const changes = selectChanges(listPending(suite), positionals);
    if (values.json) {
      for (const c of changes) io.stdout.write(pendingJson(c, io.cwd) + '\n');
      return 0;
    }
    if (changes.length === 0) {
      io.stdout.write('no pending snapshot changes\n');
      return 0;
    }
    const color = colorEnabled(io);
    const { dim } = styles(color);
    for (const c of changes) {
      const text = clipAtGrapheme(c.text, 50);
      const what = c.kind === 'changed' ? classList(c.classes) : c.kind;
      const counts = c.kind === 'changed' ? ` (${c.old!.ids.length} → ${c.new!.ids.length} tokens)` : '';
      io.stdout.write(
        `${visible(c.id, { whitespace: false })}  ${what}${counts}  ${dim(visible(c.location ?? '', { whitespace: false }))}  ${visible(text)}\n`,
      );
    }
    io.stdout.write(
      dim(`${plural(changes.length, 'pending change')}: \`tokpeek accept\` or \`tokpeek reject\` (all, or by id/key)`) +
        '\n',
    );
    return 0;
  },
});
