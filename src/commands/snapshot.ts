// `tokpeek snapshot`: (re)records the suite's snapshots from the current tokenizers.

import fs from 'node:fs';
import path from 'node:path';
import { serializeEntry } from '../core/snapshot/serialize.js';
import { mergedSnapshot } from '../core/snapshot/snapshot-index.js';
import { SortedRuns, sortBudget } from '../snapshot/sorted-runs.js';
import { visible } from '../core/visible.js';
import { EXIT, InputError } from '../errors.js';
import { printLine } from '../io.js';
import { readSuite } from '../snapshot/config-file.js';
import { CorpusProgress } from './progress.js';
import { corpusBytes, suiteSamples } from '../snapshot/corpus-samples.js';
import { encodeEntries, entryOf, headerFor } from '../snapshot/encode-entries.js';
import { fileSha256 } from '../snapshot/file-hashes.js';
import { openTokenizer } from '../snapshot/open-tokenizer.js';
import { openedPlans, planSuite, preparePlan } from '../snapshot/suite-plan.js';
import { pendingPathOf, removeStaleTemps } from '../snapshot/store.js';
import { readSnapshotHeader } from '../snapshot/snapshot-file.js';
import { fileHolds, writeFileAtomic } from '../write-file-atomic.js';
import { ciPolicy, refuseInCi } from '../ci-policy.js';
import { defineCommand } from './definition.js';
import { SUITE_OPTIONS } from './option-groups.js';
import { plural } from '../core/quantities.js';

export const snapshot = defineCommand({
  name: 'snapshot',
  usage: ['snapshot [-c FILE] [-t NAME]... [--corpus NAME]... [--workers N] [--ci]'],
  description: `Tokenizes the suite's corpora with its tokenizers (tokpeek.config.json) and writes
snapshots/<tokenizer>/<corpus>.snap, replacing what was there (obsolete samples go,
pending .snap.new files are removed). Review drift before re-recording: \`tokpeek check\`.`,
  options: SUITE_OPTIONS,
  epilogue:
    'Exit codes: 0 written, 2 bad usage or input, 3 an engine could not run a tokenizer (named on stderr; the others were recorded).',
  run: async ({ values }, io) => {
    refuseInCi(ciPolicy(io.env, values.ci), 'snapshot writes snapshots', 'tokpeek snapshot');
    const suite = readSuite(values.config, io.cwd);
    const plan = planSuite(suite, values.tokenizer, values.corpus, values.engine);
    const maxLineBytes = values['max-line-bytes'];
    const requested = values.workers;
    removeStaleTemps(suite.snapshotDir);
    const rel = (p: string) => path.relative(io.cwd, p) || p;
    const prepared = preparePlan(suite, plan, requested, rel(suite.file));
    const open = async ({ tokenizer, files, workers, paths }: (typeof prepared)[number]) => {
      const opening = openTokenizer(tokenizer, {
        baseDir: suite.dir,
        env: io.env,
        workers,
        previous: paths.flatMap((file) => readSnapshotHeader(file) ?? []),
      });
      try {
        // Hashed while the workers load the tokenizer.
        const hashes = files.map(({ files: list }) =>
          list.map((f) => ({ path: f.relative, sha256: fileSha256(f.file) })),
        );
        const t = await opening;
        return { t, hashes, close: () => t.close() };
      } catch (e) {
        await opening.then(
          (t) => t.close(),
          () => {},
        );
        throw e;
      }
    };
    const progress = new CorpusProgress(
      io,
      'snapshot',
      prepared.reduce((n, p) => n + p.bytes, 0),
    );
    let unavailable = 0;
    try {
      for await (const [{ tokenizer, files, paths, bytes }, opened] of openedPlans(prepared, open)) {
        if ('unavailable' in opened) {
          // One finding for this tokenizer; the others are still recorded (exit 3 at the end).
          unavailable++;
          progress.subjectDone(bytes);
          progress.clear();
          printLine(io.stderr, `tokpeek: ${tokenizer.name} not recorded: ${opened.unavailable.message}`);
          continue;
        }
        const { t, hashes } = opened;
        for (const [i, { corpus, files: list }] of files.entries()) {
          const file = paths[i]!;
          // Blocks are serialized (and encoded) as results arrive, while the workers keep tokenizing,
          // and sorted by key in bounded memory (runs spilled beside the file past the budget).
          const blocks = new SortedRuns(file, sortBudget(io.env));
          try {
            for await (const { items, encodings } of encodeEntries(
              t,
              suiteSamples(t, list, corpus, maxLineBytes),
              progress,
            ))
              items.forEach((sample, k) =>
                blocks.add(sample.key, Buffer.from(serializeEntry(entryOf(t, sample, encodings[k]!)), 'utf8')),
              );
            progress.subjectDone(corpusBytes(list));
            if (blocks.size === 0)
              throw new InputError(
                list.map((f) => rel(f.file)).join(', '),
                'no samples: the corpus is empty',
                undefined,
                `Add samples, or remove corpus "${corpus.name}" from ${rel(suite.file)}.`,
              );
            const content = () => mergedSnapshot(headerFor(t, corpus, hashes[i]!), undefined, blocks);
            const same = fileHolds(file, content());
            if (!same) writeFileAtomic(file, content());
            fs.rmSync(pendingPathOf(file), { force: true });
            progress.clear();
            io.stdout.write(
              `${same ? 'unchanged' : 'wrote'} ${visible(rel(file), { whitespace: false })} (${plural(blocks.size, 'sample')})\n`,
            );
          } finally {
            blocks.close();
          }
        }
      }
    } finally {
      progress.clear();
    }
    return unavailable ? EXIT.engine : EXIT.ok;
  },
});
