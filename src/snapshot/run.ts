// The edge shared by snapshot, check and diff: open a suite tokenizer (files hashed here, ids
// computed by worker threads), stream a corpus's samples with their keys, build headers.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { within } from '../contained-path.js';
import { oncePerRealFile } from '../corpus/files.js';
import type { RawEncoding } from '../core/token-model.js';
import { isGgufFile, readGgufHeader } from '../gguf/read-gguf.js';
import { type SuiteCorpus, type SuiteTokenizer, jsonPath } from '../core/config/suite-config.js';
import { canonicalJson } from '../core/fingerprint.js';
import { filesFingerprint } from '../core/tokenizer-files.js';
import { CANARIES, CANARY_SET, behaviourFingerprint, canaryHash } from '../core/snapshot/canaries.js';
import type { CorpusFileHash, SnapshotEntry, SnapshotHeader } from '../core/snapshot/format.js';
import { sampleKey } from '../core/snapshot/sample-key.js';
import { tokenDisplay } from '../core/snapshot/text-escape.js';
import { type TokenizerDigest, tokenizerDigest } from '../core/snapshot/tokenizer-digest.js';
import type { PipelineEvidence } from '../core/drift/classify.js';
import { readSamples } from '../corpus/read-corpus.js';
import { EngineUnavailableError, InputError, fileError } from '../errors.js';
import type { ChatRenderer } from '../core/chat/apply-template.js';
import { ChatTemplateError } from '../core/chat/templates.js';
import { chatRendererFor } from '../tokenizers/chat-renderer.js';
import { packageVersion } from '../package-info.js';
import { type LoadedTokenizer, engineCopyOf, lazyTokenizer, readChatFiles } from '../tokenizers/load.js';
import { TokenizerPool, defaultWorkers } from '../tokenizers/pool.js';

export interface OpenTokenizer {
  config: SuiteTokenizer;
  /** `files` and `vocabulary` are read on first use: a check whose tokenizer is unchanged never parses them here. */
  loaded: LoadedTokenizer;
  pool: TokenizerPool;
  /** sha256 of each tokenizer file's bytes. */
  fileHashes: Array<[string, string]>;
  digest: TokenizerDigest;
  canaries: Array<[string, string]>;
  behaviour: string;
  engineVersion: string;
  /** Which copy of the engine package runs, as a header records it (see engineCopyOf). */
  engineCopy?: string;
  /** Snapshot spelling of a token id (cached). */
  display(id: number, inserted: boolean): string;
  /** Whether an id is a byte-fallback token (`<0xF0>`), for the drift classifier (cached). */
  byteFallback(id: number): boolean;
  /** The live pipeline's evidence for the drift classifier (engines that can say; built on this thread on first use). */
  evidence(text: string): Promise<PipelineEvidence | undefined>;
  /** Renders chat corpora's records through the tokenizer's own chat template (made on first use). */
  renderer(): ChatRenderer;
  close(): Promise<void>;
}

/**
 * A folder or file spec is relative to the suite's folder; bundled names and HF cache
 * entries are left as they are.
 */
export function resolveSuiteSpec(spec: string, baseDir: string, contained = true): string {
  const candidate = path.resolve(baseDir, spec);
  if (!fs.existsSync(candidate)) return spec;
  // Only a config's paths are held inside its folder (a pull request must not reach the CI
  // host's files); a path typed on the command line is the user's own choice.
  return contained ? within(baseDir, candidate, spec, 'the tokenizer path') : candidate;
}

/** The files a tokenizer's fingerprint covers, by the name a snapshot header gives them (and additional_chat_templates/*.jinja). */
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja'];

/** sha256 of each of the tokenizer's files that exists, in TOKENIZER_FILES order, then the named templates. */
export function tokenizerFileHashes(tokenizerPath: string): Array<[string, string]> {
  // A GGUF's tokenizer is in its metadata; the weights after it can be gigabytes that never matter here.
  if (isGgufFile(tokenizerPath))
    return [['gguf-metadata', fileSha256(tokenizerPath, readGgufHeader(tokenizerPath).metadataBytes)]];
  const dir = path.dirname(tokenizerPath);
  const beside = path.basename(tokenizerPath) === 'tokenizer.json';
  const out: Array<[string, string]> = [['tokenizer.json', fileSha256(tokenizerPath)]];
  if (!beside) return out;
  for (const name of TOKENIZER_FILES.slice(1))
    if (fs.existsSync(path.join(dir, name))) out.push([name, fileSha256(path.join(dir, name))]);
  const named = path.join(dir, 'additional_chat_templates');
  if (fs.existsSync(named) && fs.statSync(named).isDirectory())
    for (const f of fs.readdirSync(named).sort())
      if (/^[^\s=]+\.jinja$/.test(f)) out.push([`additional_chat_templates/${f}`, fileSha256(path.join(named, f))]);
  return out;
}

/**
 * Opens a suite tokenizer: worker threads load and run the engine, this thread hashes the
 * files. The fingerprint and digests (which need the files parsed and canonicalized, about
 * half a second for a 9 MB vocabulary) are taken from `previous` snapshot headers written by
 * this tokpeek version from byte-identical files, and worked out otherwise. The engine itself
 * is only built here if some batch is encoded inline (workers: 0).
 */
export async function openTokenizer(
  config: SuiteTokenizer,
  options: {
    baseDir: string;
    env: NodeJS.ProcessEnv;
    workers: number;
    previous?: SnapshotHeader[];
    /** False for a spec typed on the command line: see resolveSuiteSpec. */
    contained?: boolean;
  },
): Promise<OpenTokenizer> {
  const spec = resolveSuiteSpec(config.spec, options.baseDir, options.contained);
  // The suite's folder is the user's project: its engine package runs (see engines/engine-package.ts).
  const loaded = lazyTokenizer(spec, config.engine, options.env, options.baseDir);
  const { tokenizerPath } = loaded;
  const engineVersion = loaded.engine.version;
  // Workers start loading the tokenizer first (they need only the spec); this thread hashes
  // the files meanwhile, and parses them only if the header values must be worked out: the
  // workers send what spelling tokens takes (the pieces they meet, a vocabulary profile).
  const opening = TokenizerPool.open(loaded, {
    workers: options.workers,
    addSpecialTokens: config.addSpecialTokens,
    offsets: false,
    pieces: true,
  });
  opening.catch(() => {});
  let digest: TokenizerDigest;
  let fileHashes: Array<[string, string]>;
  try {
    fileHashes = tokenizerFileHashes(tokenizerPath);
    const tokpeek = packageVersion('tokpeek');
    const known = options.previous?.find(
      (h) => h.tokpeek === tokpeek && h.files.length > 0 && canonicalJson(h.files) === canonicalJson(fileHashes),
    );
    if (known) {
      loaded.fingerprint = known.fingerprint;
      digest = digestOfHeader(known);
    } else {
      const f = loaded.files;
      loaded.fingerprint = filesFingerprint(f);
      digest = tokenizerDigest(f);
    }
  } catch (e) {
    await opening.then(
      (p) => p.close(),
      () => {},
    );
    throw e;
  }
  const pool = await opening;
  try {
    const canaryIds = (await pool.encode(CANARIES.map(([, text]) => text))).map((e) => e.ids);
    // Asked for every token of every sample: arrays indexed by id, filled on first use.
    const shown: Array<Array<string | undefined>> = [[], []];
    const fallback = new Map<number, boolean>();
    const describe = (id: number, inserted: boolean) => {
      // The workers' pieces and profile, else (inline encoding, ids from elsewhere) the files.
      const piece = pool.piece(id);
      const v = piece === undefined ? loaded.vocabulary : pool.vocabulary!;
      return v.describe(id, piece ?? v.pieceOf(id), 0, 0, inserted);
    };
    let renderer: ChatRenderer | undefined;
    return {
      config,
      loaded,
      pool,
      fileHashes,
      digest,
      canaries: canaryIds.map((ids, i) => [CANARIES[i]![0], canaryHash(ids)]),
      behaviour: behaviourFingerprint(canaryIds),
      engineVersion,
      ...(loaded.engine.copy ? { engineCopy: engineCopyOf(loaded.engine.copy, options.baseDir) } : {}),
      display(id, inserted) {
        const table = shown[inserted ? 1 : 0]!;
        let d = table[id];
        if (d === undefined) {
          d = tokenDisplay(describe(id, inserted));
          while (table.length <= id) table.push(undefined); // kept dense: a sparse array is a slow dictionary
          table[id] = d;
        }
        return d;
      },
      // Asked for drifted samples only: a map is enough.
      byteFallback: (id) => fallback.get(id) ?? fallback.set(id, describe(id, false).byteFallback).get(id)!,
      // Only the js engine gives evidence: building another engine here would load it a second
      // time for nothing (llama.cpp: seconds, and its log then bypasses tokpeek's).
      evidence: async (text) =>
        loaded.engine.name === 'js' ? (await loaded.realEngine()).evidence?.(text) : undefined,
      renderer: () =>
        (renderer ??= chatRendererFor(readChatFiles(tokenizerPath), { cwd: options.baseDir, flag: config.name })),
      close: () => pool.close(),
    };
  } catch (e) {
    await pool.close();
    throw e;
  }
}

/** A suite tokenizer whose engine could not run it: one finding, and the suite goes on. */
export interface UnavailableEngine {
  unavailable: EngineUnavailableError;
  close(): Promise<void>;
}

/** `opening`, with an engine that cannot run the tokenizer as a value instead of an error. */
export function orUnavailable<T>(opening: Promise<T>): Promise<T | UnavailableEngine> {
  return opening.catch((e) => {
    if (e instanceof EngineUnavailableError) return { unavailable: e, close: async () => {} };
    throw e;
  });
}

/**
 * Yields each item of a plan with what `open` makes of it, opening the next items while the
 * current one is worked on: a suite of several tokenizers on small corpora would otherwise
 * leave the cores idle while each one loads. Items are opened ahead while those waiting hold
 * fewer than `budget` worker threads (`workersOf`), at least one; every one opened is closed,
 * also when work on an earlier one fails.
 */
export async function* openedInTurn<P, T extends { close(): Promise<void> }>(
  plan: readonly P[],
  open: (item: P) => Promise<T>,
  workersOf: (item: P) => number,
  budget: number,
): AsyncGenerator<[P, T]> {
  const ahead: Array<Promise<T>> = [];
  let opened = 0;
  const openAhead = (current: number) => {
    let waiting = 0;
    for (let i = current + 1; i < opened; i++) waiting += workersOf(plan[i]!);
    while (opened < plan.length && (opened === current + 1 || waiting < budget)) {
      waiting += workersOf(plan[opened]!);
      const next = open(plan[opened++]!);
      next.catch(() => {}); // awaited in its turn, or closed below
      ahead.push(next);
    }
  };
  try {
    for (let i = 0; i < plan.length; i++) {
      if (opened === i) openAhead(i - 1);
      const current = await ahead.shift()!;
      try {
        openAhead(i);
        yield [plan[i]!, current];
      } finally {
        await current.close();
      }
    }
  } finally {
    await Promise.all(
      ahead.map((p) =>
        p.then(
          (t) => t.close(),
          () => {},
        ),
      ),
    );
  }
}

/** Which tokens of an encoding are byte fallback (inserted tokens never are). */
export function byteFallbacksOf(
  t: Pick<OpenTokenizer, 'byteFallback'>,
  encoding: Pick<RawEncoding, 'ids' | 'inserted'>,
): boolean[] {
  return encoding.ids.map((id, i) => !encoding.inserted[i] && t.byteFallback(id));
}

/** Spellings of one encoding's tokens. */
export function displaysOf(
  t: Pick<OpenTokenizer, 'display'>,
  encoding: Pick<RawEncoding, 'ids' | 'inserted'>,
): string[] {
  const out = new Array<string>(encoding.ids.length);
  for (let i = 0; i < encoding.ids.length; i++) out[i] = t.display(encoding.ids[i]!, encoding.inserted[i]!);
  return out;
}

/** Workers worth starting: about one per 256 KiB of corpus, at most `requested` (default: the cores). */
export function workersFor(totalBytes: number, requested: number | undefined): number {
  if (requested !== undefined) return requested;
  return Math.max(1, Math.min(defaultWorkers(), Math.ceil(totalBytes / (256 * 1024))));
}

// --- corpora ---------------------------------------------------------------------------------

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

/** sha256 of a file's bytes, or of its first `limit` bytes. */
export function fileSha256(file: string, limit = Number.POSITIVE_INFINITY): string {
  const hash = createHash('sha256');
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    let left = limit;
    for (let n: number; left > 0 && (n = fs.readSync(fd, buf, 0, Math.min(buf.length, left), null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      left -= n;
    }
  } catch (e) {
    throw fileError(file, e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return hash.digest('hex');
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
  const seen = new Set<string>();
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
        sample.record = canonicalJson(s.variant ? { ...s.chat, variant: s.variant } : s.chat);
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
      if (seen.has(sample.key)) continue;
      seen.add(sample.key);
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

export function headerFor(
  t: OpenTokenizer,
  corpus: string,
  files: CorpusFileHash[],
  tokpeekVersion = packageVersion('tokpeek'),
): SnapshotHeader {
  const source = t.loaded.source;
  const c = t.config;
  return {
    tokpeek: tokpeekVersion,
    tokenizer: c.name,
    spec: c.spec,
    source: source.kind,
    ...(source.revision !== undefined ? { revision: source.revision } : {}),
    ...(source.commit !== undefined ? { commit: source.commit } : {}),
    fingerprint: t.loaded.fingerprint,
    files: t.fileHashes,
    engine: t.loaded.engine.name,
    engineVersion: t.engineVersion,
    ...(t.engineCopy !== undefined ? { engineCopy: t.engineCopy } : {}),
    options: {
      addSpecialTokens: c.addSpecialTokens,
      ...(c.maxLength !== undefined ? { maxLength: c.maxLength } : {}),
      truncationSide: c.truncationSide,
    },
    corpus,
    corpusFiles: files,
    behaviour: t.behaviour,
    canarySet: CANARY_SET,
    canaries: t.canaries,
    stages: t.digest.stages,
    sections: t.digest.sections,
    config: t.digest.config,
  };
}

export function digestOfHeader(h: SnapshotHeader): TokenizerDigest {
  return { stages: h.stages, sections: h.sections, config: h.config };
}

/** Encodes a corpus stream into snapshot entries, in corpus order; `progress` hears of each result. */
export async function* encodeEntries(
  t: OpenTokenizer,
  samples: AsyncIterable<KeyedSample>,
  progress?: { sample(position: number): void },
): AsyncGenerator<{ sample: KeyedSample; encoding: RawEncoding }> {
  const optionsOf = (s: KeyedSample) => ({ addSpecialTokens: s.addSpecialTokens ?? t.config.addSpecialTokens });
  for await (const { item, encoding } of t.pool.encodeStream(samples, (s) => s.text, optionsOf)) {
    progress?.sample(item.position);
    yield { sample: item, encoding };
  }
}

/** Bytes of a subject's corpus files, what its samples' positions run up to. */
export function corpusBytes(files: CorpusFile[]): number {
  return files.reduce((n, f) => n + fs.statSync(f.file).size, 0);
}

/** Offsets of a few samples' tokens (for excerpts), each encoded as its stream encoded it. */
export async function offsetsOf(
  t: OpenTokenizer,
  samples: ReadonlyArray<Pick<KeyedSample, 'text' | 'addSpecialTokens'>>,
): Promise<Array<ReadonlyArray<readonly [number, number]>>> {
  const out = new Array<ReadonlyArray<readonly [number, number]>>(samples.length).fill([]);
  for (const add of [true, false]) {
    const at = samples.flatMap((s, i) => ((s.addSpecialTokens ?? t.config.addSpecialTokens) === add ? [i] : []));
    if (!at.length) continue;
    const encodings = await t.pool.encode(
      at.map((i) => samples[i]!.text),
      { offsets: true, addSpecialTokens: add },
    );
    at.forEach((i, k) => (out[i] = encodings[k]!.offsets ?? []));
  }
  return out;
}

export function entryOf(t: OpenTokenizer, sample: KeyedSample, encoding: RawEncoding): SnapshotEntry {
  return {
    key: sample.key,
    location: sample.location,
    ...(sample.record !== undefined ? { record: sample.record } : {}),
    text: sample.text,
    tokens: displaysOf(t, encoding),
    ids: encoding.ids,
  };
}

// --- suite selection -------------------------------------------------------------------------
