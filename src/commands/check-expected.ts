// check --expected: ids produced elsewhere (JSONL records, or llama.cpp's .inp/.out golden pair)
// compared with the live tokenizer.

import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io.js';
import { InputError, UsageError, fileError } from '../errors.js';
import type { SuiteTokenizer } from '../core/config/suite-config.js';
import type { EngineName } from '../core/token-model.js';
import {
  ExpectedFormatError,
  type ExpectedRecord,
  parseExpectedJsonl,
  parseLlamaCppPair,
} from '../core/snapshot/expected.js';
import {
  type DriftReport,
  SubjectBuilder,
  assembleReport,
  attachExcerpts,
  sideOfHeader,
} from '../core/snapshot/report.js';
import { decodeUtf8 } from '../decode-utf8.js';
import { configPathOf, readSuite } from '../snapshot/config-file.js';
import { byteFallbacksOf, displaysOf, openTokenizer } from '../snapshot/open-tokenizer.js';
import { headerFor } from '../snapshot/encode-entries.js';
import type { CheckSettings } from './check-subject.js';
import { sameSequence } from '../core/same-sequence.js';

// --- reference ids from elsewhere ------------------------------------------------------------

function readText(file: string): string {
  try {
    return decodeUtf8(fs.readFileSync(file), file);
  } catch (e) {
    throw fileError(file, e);
  }
}

function readExpected(file: string, cwd: string): { records: ExpectedRecord[]; shown: string } {
  const full = path.resolve(cwd, file);
  const shown = path.relative(cwd, full) || file;
  const ext = path.extname(full);
  try {
    if (ext === '.inp' || ext === '.out') {
      const base = full.slice(0, -ext.length);
      return {
        records: parseLlamaCppPair(
          readText(`${base}.inp`),
          readText(`${base}.out`),
          `${shown.slice(0, -ext.length)}.out`,
        ),
        shown: `${shown.slice(0, -ext.length)}.inp/.out`,
      };
    }
    return { records: parseExpectedJsonl(readText(full)), shown };
  } catch (e) {
    if (e instanceof ExpectedFormatError)
      throw new InputError(
        e.file ?? shown,
        e.message,
        e.line,
        'Expected JSONL records {"text": "...", "ids": [1, 2]} or a llama.cpp FILE.inp/FILE.out pair.',
      );
    throw e;
  }
}

export async function checkExpected(
  file: string,
  tokenizers: string[],
  configTarget: string | undefined,
  engine: EngineName | undefined,
  settings: CheckSettings,
  io: Io,
): Promise<DriftReport> {
  if (tokenizers.length > 1) throw new UsageError('check --expected compares with one tokenizer: give -t once');
  const { records, shown } = readExpected(file, io.cwd);
  // -t names a configured tokenizer when there is a suite, else it is a spec.
  const configFile = configPathOf(configTarget, io.cwd);
  const suite = fs.existsSync(configFile) ? readSuite(configTarget, io.cwd) : undefined;
  let tokenizer: SuiteTokenizer;
  const configured = suite?.config.tokenizers;
  const named = tokenizers[0];
  if (named !== undefined && configured?.some((t) => t.name === named))
    tokenizer = configured.find((t) => t.name === named)!;
  else if (named !== undefined)
    tokenizer = {
      name: named.replace(/[^A-Za-z0-9._-]+/g, '_'),
      spec: named,
      engine: 'js',
      addSpecialTokens: true,
      truncationSide: 'right',
    };
  else if (configured?.length === 1) tokenizer = configured[0]!;
  else
    throw new UsageError(
      'check --expected needs the tokenizer: -t NAME (from the suite) or -t SPEC',
      configured
        ? `Configured tokenizers: ${configured.map((t) => t.name).join(', ')}.`
        : 'For example: -t llama3.1 or -t ./my-tokenizer',
    );
  if (engine) tokenizer = { ...tokenizer, engine };
  const t = await openTokenizer(tokenizer, {
    baseDir: suite?.dir ?? io.cwd,
    env: io.env,
    workers: settings.workers ?? 1,
  });
  try {
    const live = sideOfHeader('live', headerFor(t, { name: shown }, []));
    const b = new SubjectBuilder(
      {
        id: `${tokenizer.name}/expected`,
        tokenizer: tokenizer.name,
        corpus: shown,
        old: { label: `expected ids (${shown})` },
        new: live,
        ...(tokenizer.maxLength !== undefined ? { maxLength: tokenizer.maxLength } : {}),
      },
      settings.limit,
    );
    const groups = new Map<boolean, ExpectedRecord[]>();
    for (const r of records) {
      const add = r.addSpecialTokens ?? tokenizer.addSpecialTokens;
      groups.set(add, [...(groups.get(add) ?? []), r]);
    }
    const results = new Map<
      ExpectedRecord,
      { ids: number[]; inserted: boolean[]; offsets?: Array<[number, number]> }
    >();
    for (const [add, group] of groups) {
      const encodings = await t.pool.encode(
        group.map((r) => r.text),
        { addSpecialTokens: add, offsets: true },
      );
      group.forEach((r, i) => results.set(r, encodings[i]!));
    }
    const offsetsOf = new Map<string, Array<[number, number]>>();
    for (const r of records) {
      const got = results.get(r)!;
      const ref = { key: `${shown}:${r.line}`, location: `${shown}:${r.line}`, text: r.text };
      if (sameSequence(r.ids, got.ids)) {
        b.unchanged();
        continue;
      }
      // Ids from elsewhere say nothing about which tokens were inserted: spell both sides alike.
      const expected = { ids: r.ids, inserted: r.ids.map(() => false) };
      const live = { ids: got.ids, inserted: got.ids.map(() => false) };
      const before = {
        tokens: displaysOf(t, expected),
        ids: r.ids,
        byteFallback: byteFallbacksOf(t, expected),
        foreignIds: true,
      };
      const after = {
        tokens: displaysOf(t, live),
        ids: got.ids,
        byteFallback: byteFallbacksOf(t, live),
        evidence: await t.evidence(r.text),
      };
      b.drift(ref, before, after);
      offsetsOf.set(ref.key, got.offsets ?? []);
    }
    for (const l of b.listed) attachExcerpts(l.drift, offsetsOf.get(l.drift.key) ?? []);
    const rep = b.finish();
    rep.failed = rep.counts.drifted > 0;
    if (rep.failed)
      rep.next =
        'the ids differ from the reference: compare engines with `tokpeek diff -e js -e rust`, and the tokenizer files and options the reference used';
    return assembleReport('check', settings.ci, [rep]);
  } finally {
    await t.close();
  }
}
