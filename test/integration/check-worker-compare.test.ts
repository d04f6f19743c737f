// check's workers compare each sample's block with its snapshot (TokenizerPool.encode with
// ExpectedBlocks), so that the main thread neither reads nor compares the unchanged samples. On
// real tokenizers and both ways a worker gets its tokenizer (over the shared table with 2
// workers, loading it itself with 1), every block `snapshot` wrote matches; a block edited by
// hand does not, and comes back with its ids, which check then compares the full way.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSuite } from '../../src/snapshot/config-file.js';
import { corpusFiles, keyedSamples } from '../../src/snapshot/corpus-samples.js';
import { expectedBlocks } from '../../src/snapshot/encode-entries.js';
import { openTokenizer } from '../../src/snapshot/open-tokenizer.js';
import { readSnapshotIndex } from '../../src/snapshot/snapshot-file.js';
import { runCli } from '../support/run-cli.js';
import { SPECIAL_TOKENS, realLines } from '../support/multilingual-corpus.js';

const SPECS = ['gpt4o', 'llama3.1', 'mistral', 'wordpiece-en'];
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-worker-compare-'));
  const lines = [
    ...realLines(150),
    'tab\there, "quotes" and \\ backslash, a bell \u0007 and a bidi \u202e mark',
    `literal specials: ${SPECIAL_TOKENS.slice(0, 8).join(' ')}`,
    'emoji 👨‍👩‍👧 and CJK 日本語のテキスト, café',
  ];
  fs.writeFileSync(path.join(dir, 'corpus.txt'), lines.join('\n') + '\n');
  const tokenizers = Object.fromEntries(SPECS.map((spec) => [spec, { spec }]));
  fs.writeFileSync(path.join(dir, 'tokpeek.config.json'), JSON.stringify({ tokenizers, corpora: { c: 'corpus.txt' } }));
  const r = await runCli(['snapshot'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(SPECS)('check on %s', (spec) => {
  it.each([1, 2])(
    '%i worker(s): every unchanged block matches in the workers; an edited one is left to this thread',
    async (workers) => {
      const suite = readSuite(undefined, dir);
      const tokenizer = suite.config.tokenizers.find((t) => t.name === spec)!;
      const corpus = suite.config.corpora[0]!;
      const t = await openTokenizer(tokenizer, { baseDir: dir, env: process.env, workers });
      try {
        const samples = [];
        for await (const s of keyedSamples(corpusFiles(corpus, dir, suite.file), corpus)) samples.push(s);
        const texts = samples.map((s) => s.text);
        const file = path.join(suite.snapshotDir, spec, 'c.snap');
        const index = readSnapshotIndex(file);
        try {
          const encodings = await t.pool.encode(texts, {}, expectedBlocks(index, samples));
          expect(encodings.filter((e) => e.matched).length).toBe(samples.length);
          expect(encodings.every((e) => e.ids.length === 0)).toBe(true);
        } finally {
          index.close();
        }
        // One token spelled otherwise (ids kept), one id changed: those two come back with their ids.
        const text = fs.readFileSync(file, 'utf8');
        const edited = path.join(dir, `${spec}-${workers}-edited.snap`);
        const [spelled, renumbered] = [samples[3]!.key, samples[7]!.key];
        fs.writeFileSync(
          edited,
          text
            .replace(new RegExp(`(\\n== ${spelled} [^\\n]*\\n(?:record: [^\\n]*\\n)?text: [^\\n]*\\ntokens: )`), '$1x')
            .replace(
              new RegExp(`(\\n== ${renumbered} [^\\n]*\\n(?:[^\\n]*\\n)*?ids: )(\\d+)`),
              (_, head, id) => `${head}${Number(id) + 1}`,
            ),
        );
        const damaged = readSnapshotIndex(edited);
        try {
          const again = await t.pool.encode(texts, {}, expectedBlocks(damaged, samples));
          const reference = await t.pool.encode(texts);
          again.forEach((e, i) => {
            const changed = i === 3 || i === 7;
            expect(Boolean(e.matched), `sample ${i}`).toBe(!changed);
            expect(e.ids).toEqual(changed ? reference[i]!.ids : []);
          });
        } finally {
          damaged.close();
        }
      } finally {
        await t.close();
      }
    },
    120_000,
  );
});

describe('check through the binary over worker comparisons', () => {
  it('is green on the unchanged suite, and tells a changed spelling from a changed id', async () => {
    const clean = await runCli(['check', '--ci', '--format', 'json'], { cwd: dir });
    expect(clean.code).toBe(0);
    const file = path.join(dir, 'snapshots', 'gpt4o', 'c.snap');
    const text = fs.readFileSync(file, 'utf8');
    const counts = async () => {
      const r = await runCli(['check', '--ci', '-t', 'gpt4o', '--format', 'json'], { cwd: dir });
      return { code: r.code, ...JSON.parse(r.stdout).subjects[0].counts };
    };
    // The first block's first token spelled otherwise, as an older tokpeek would have: same ids,
    // new spelling (a note, not drift). Every block of such a file is compared byte for byte.
    const respelled = text.replace(/(\ntokens: )/, '$1x');
    fs.writeFileSync(file, respelled.replace(/^tokpeek: .*$/m, 'tokpeek: 0.0.1'));
    try {
      const c = await counts();
      expect(c).toMatchObject({ unchanged: c.samples, drifted: 0, sameIdsNewText: 1, code: 0 });
      // Written by this tokpeek from these files, the spelling follows from the ids: the workers
      // compare ids digests, and an edit by hand of a token's spelling is not seen.
      fs.writeFileSync(file, respelled);
      const trusted = await counts();
      expect(trusted).toMatchObject({ unchanged: trusted.samples, drifted: 0, sameIdsNewText: 0, code: 0 });
      // An id changed by hand is drift either way.
      fs.writeFileSync(
        file,
        text.replace(/(\nids: )(\d+)/, (_, head, id) => `${head}${Number(id) + 1}`),
      );
      expect(await counts()).toMatchObject({ drifted: 1, code: 1 });
      // A line a merge left inside a block is no shape serializeEntry writes: the block is read, and reported.
      fs.writeFileSync(file, text.replace(/(\ntokens: )/, '\n<<<<<<< HEAD$1'));
      const damaged = await runCli(['check', '--ci', '-t', 'gpt4o'], { cwd: dir });
      expect(damaged.code).toBe(2);
      expect(damaged.stderr).toMatch(/c\.snap:\d+/);
    } finally {
      fs.writeFileSync(file, text);
    }
  }, 120_000);
});
