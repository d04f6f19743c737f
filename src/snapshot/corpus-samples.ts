// A suite corpus's files (its globs, resolved inside the suite folder) and its samples, keyed
// as snapshots key them: a chat corpus's records rendered through the tokenizer's template.

import fs from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { within } from '../contained-path.js';
import { oncePerRealFile } from '../corpus/files.js';
import { type SuiteCorpus, jsonPath } from '../core/config/suite-config.js';
import { SampleKeySet, keyedContent, sampleKey } from '../core/snapshot/sample-key.js';
import { readSamples } from '../corpus/read-corpus.js';
import { InputError } from '../errors.js';
import type { ChatRenderer } from '../core/chat/apply-template.js';
import { ChatTemplateError } from '../core/chat/templates.js';
import type { OpenTokenizer } from './open-tokenizer.js';

export interface CorpusFile {
  /** Absolute path. */
  file: string;
  /** Relative to the suite folder, `/`-separated: what snapshots record. */
  relative: string;
}

/** The files a corpus's globs match, sorted; a glob that matches nothing is an error. */
export function corpusFiles(corpus: SuiteCorpus, baseDir: string, configFile: string): CorpusFile[] {
  const out = new Map<string, CorpusFile>();
  corpus.files.forEach((pattern, i) => {
    const where = `${jsonPath(jsonPath('$.corpora', corpus.name), 'files')}${corpus.files.length > 1 ? `[${i}]` : ''}`;
    let matches: string[];
    if (isDynamicPattern(pattern))
      matches = globSync(pattern, { cwd: baseDir, onlyFiles: true, expandDirectories: false }).sort();
    else {
      const full = path.resolve(baseDir, pattern);
      if (fs.existsSync(full) && fs.statSync(full).isDirectory())
        throw new InputError(
          configFile,
          `${where}: "${pattern}" is a folder; name files or a glob such as "${pattern.replace(/\/$/, '')}/*.txt"`,
        );
      matches = fs.existsSync(full) ? [pattern] : [];
    }
    if (matches.length === 0)
      throw new InputError(
        configFile,
        `${where}: "${pattern}" matches no file (relative to ${baseDir})`,
        undefined,
        pattern.includes('\\') ? `Config paths use / on every system: "${pattern.replaceAll('\\', '/')}".` : undefined,
      );
    for (const m of matches) {
      const file = within(baseDir, path.resolve(baseDir, m), configFile, `${where}: "${m}"`);
      if (!out.has(file)) out.set(file, { file, relative: path.relative(baseDir, file).split(path.sep).join('/') });
    }
  });
  // Each file once by its real path (a folder linked twice is read once), special files refused.
  const kept = new Set(oncePerRealFile([...out.keys()], baseDir));
  return [...out.values()]
    .filter((f) => kept.has(f.file))
    .sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

export interface KeyedSample {
  key: string;
  /** The text tokenized: a chat record's rendered conversation. */
  text: string;
  /** A chat record as read (canonical JSON, the side of a preference pair included): what the key is of. */
  record?: string;
  /** Tokenize with the post-processor's special tokens? Undefined: as the suite says; false for a template's output. */
  addSpecialTokens?: boolean;
  /** Corpus-relative file (information only; not part of the key). */
  location: string;
  /** 1-based line, for reports of the live corpus. */
  line: number;
  /** Bytes of the corpus's files read up to the end of this sample (progress). */
  position: number;
}

/**
 * Streams a corpus's samples with their keys; a sample seen before (same key) is skipped. A
 * chat corpus's records are keyed by the record and rendered by `renderer` (without one, as
 * when only locations are wanted, their text is left empty); a record the template rejects
 * is an error naming its line.
 */
export async function* keyedSamples(
  files: CorpusFile[],
  corpus: Pick<SuiteCorpus, 'format' | 'field' | 'chat'>,
  options: { maxLineBytes?: number | undefined; renderer?: ChatRenderer | undefined } = {},
): AsyncGenerator<KeyedSample> {
  const seen = new SampleKeySet();
  const { renderer } = options;
  let before = 0;
  for (const f of files) {
    const read = { format: corpus.format, field: corpus.field, maxLineBytes: options.maxLineBytes, chat: corpus.chat };
    for await (const s of readSamples(f.file, read)) {
      const sample: KeyedSample = {
        key: '',
        text: s.text,
        location: f.relative,
        line: s.line,
        position: before + (s.end ?? 0),
      };
      if (s.chat) {
        sample.record = keyedContent(s);
        if (renderer) {
          try {
            const rendered = renderer.render(s.chat);
            sample.text = rendered.text;
            sample.addSpecialTokens = rendered.addSpecialTokens;
          } catch (e) {
            if (!(e instanceof ChatTemplateError)) throw e;
            throw new InputError(f.relative, e.message, s.line);
          }
        }
      }
      sample.key = sampleKey(sample.record ?? sample.text);
      if (!seen.add(sample.key)) continue;
      yield sample;
    }
    before += corpusBytes([f]);
  }
}

/** A suite corpus's samples as `t` tokenizes them: a chat corpus rendered through its chat template. */
export function suiteSamples(
  t: Pick<OpenTokenizer, 'renderer'>,
  files: CorpusFile[],
  corpus: Pick<SuiteCorpus, 'format' | 'field' | 'chat'>,
  maxLineBytes: number | undefined,
): AsyncGenerator<KeyedSample> {
  return keyedSamples(files, corpus, { maxLineBytes, renderer: corpus.chat ? t.renderer() : undefined });
}

/** Bytes of a subject's corpus files, what its samples' positions run up to. */
export function corpusBytes(files: CorpusFile[]): number {
  return files.reduce((n, f) => n + fs.statSync(f.file).size, 0);
}
