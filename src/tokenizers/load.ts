// `--tokenizer SPEC` → tokenizer files, a fingerprint, and an engine ready to encode.
// A SPEC is a bundled name, a folder, a tokenizer.json path, or `org/name[@revision]`
// from the Hugging Face cache (offline).

import { readTextFile } from '../decode-utf8.js';
import fs from 'node:fs';
import { regularFile } from '../contained-path.js';
import { clip } from '../core/visible.js';
import { SampleBudgetError, sampleBudgetMs, withinBudget } from '../time-budget.js';
import path from 'node:path';
import type { Engine, EngineInput } from '../engines/engine.js';
import { ENGINE_PACKAGES, type EngineName, type TokenizedSample } from '../core/token-model.js';
import { type TokenizerFiles, type TokenizerSource, filesFingerprint } from '../core/tokenizer-files.js';
import { packageVersion, engineVersion as runtimeVersion } from '../package-info.js';
import { type EnginePackage, findEnginePackage } from '../engines/engine-package.js';
import { Vocabulary, vocabularyProfile, withRuntimeSpecials } from '../core/vocabulary.js';
import { builtBpeTable } from '../engines/bpe-table.js';
import { type TokenizeOptions, toSample } from '../core/tokenized-sample.js';
import { EngineUnavailableError, InputError, TokpeekError, UsageError, fileError } from '../errors.js';
import { BUNDLED, findBundled } from './bundled.js';
import { checkTokenIds, checkVocabIds } from './token-ids.js';
import { HUB_REPO, resolveFromHubCache } from './hf-cache.js';
import { isGgufFile, readGgufHeader } from '../gguf/read-gguf.js';
import { ggufTokenizerOf, tokenizerFilesOf } from '../gguf/gguf-tokenizer.js';
import { legacyFileError, legacyFilesIn, legacyFolderError } from './legacy-files.js';

export interface LoadedTokenizer {
  /** Short display name: the bundled name, the repo, or the folder's name. */
  name: string;
  source: TokenizerSource;
  /** Where the engine package was looked for first (see loadTokenizer). */
  project: string;
  files: TokenizerFiles;
  /** `sha256:` over the canonical JSON of the files; computed on first use. */
  fingerprint: string;
  vocabulary: Vocabulary;
  engine: Engine;
  /**
   * Lazy tokenizers (see lazyTokenizer): lets go of this thread's parsed tokenizer.json when a
   * shared table holds its vocabulary, once the callers have read what they need of the files.
   */
  releaseModel?(): void;
}

const MODEL_TYPES = new Set(['BPE', 'WordPiece', 'Unigram', 'WordLevel']);

export function resolveSpec(
  spec: string,
  env: NodeJS.ProcessEnv = process.env,
): { name: string; source: TokenizerSource; tokenizerPath: string } {
  const bundled = findBundled(spec);
  if (bundled) {
    const folder = bundled.folder();
    return {
      name: bundled.name,
      source: { spec, kind: 'bundled', path: folder, description: bundled.description },
      tokenizerPath: path.join(folder, 'tokenizer.json'),
    };
  }
  if (fs.existsSync(spec)) {
    const full = path.resolve(spec);
    if (fs.statSync(full).isDirectory()) {
      const file = path.join(full, 'tokenizer.json');
      const legacy = fs.existsSync(file) ? [] : legacyFilesIn(full);
      if (legacy.length) throw legacyFolderError(spec, full, legacy);
      if (!fs.existsSync(file))
        throw new InputError(
          spec,
          'folder has no tokenizer.json',
          undefined,
          'Point --tokenizer at a folder holding tokenizer.json, or at the file itself.',
        );
      return { name: path.basename(full), source: { spec, kind: 'folder', path: full }, tokenizerPath: file };
    }
    if (full.toLowerCase().endsWith('.gguf') || isGgufFile(full))
      return { name: path.basename(full), source: { spec, kind: 'gguf', path: full }, tokenizerPath: full };
    const legacy = legacyFileError(spec, full);
    if (legacy) throw legacy;
    return {
      name: path.basename(path.dirname(full)) || path.basename(full),
      source: { spec, kind: 'file', path: full },
      tokenizerPath: full,
    };
  }
  if (HUB_REPO.test(spec) && !spec.startsWith('.')) {
    const hit = resolveFromHubCache(spec, env);
    return {
      name: `${hit.repo}@${hit.revision}`,
      source: { spec, kind: 'hf-cache', path: hit.folder, repo: hit.repo, revision: hit.revision, commit: hit.commit },
      tokenizerPath: path.join(hit.folder, 'tokenizer.json'),
    };
  }
  throw new UsageError(
    `${spec}: no such file, folder or bundled tokenizer`,
    `Bundled tokenizers: ${BUNDLED.map((b) => b.name).join(', ')} (see \`tokpeek tokenizers\`); a Hugging Face cache entry is written org/name[@revision].`,
  );
}

export function readJsonFile(file: string): any {
  try {
    regularFile(file, 'JSON file');
  } catch (e) {
    throw fileError(file, e);
  }
  const text = readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    const why =
      text.trim().length === 0
        ? 'file is empty'
        : `invalid JSON (${clip(message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected'))})`;
    throw new InputError(file, why, line);
  }
}

/** tokenizer.json and, beside it, tokenizer_config.json and special_tokens_map.json; or a GGUF file's tokenizer. */
export function readTokenizerFiles(tokenizerPath: string, { checkVocab = true } = {}): TokenizerFiles {
  if (tokenizerPath.toLowerCase().endsWith('.gguf') || isGgufFile(tokenizerPath)) {
    const gguf = ggufTokenizerOf(tokenizerPath, readGgufHeader(tokenizerPath));
    return { ...tokenizerFilesOf(gguf), gguf };
  }
  const tokenizer = readJsonFile(tokenizerPath);
  if (
    !tokenizer ||
    typeof tokenizer !== 'object' ||
    Array.isArray(tokenizer) ||
    !tokenizer.model ||
    typeof tokenizer.model !== 'object'
  ) {
    throw new InputError(tokenizerPath, 'not a tokenizer.json: it has no "model" object');
  }
  const type = tokenizer.model.type;
  if (type !== undefined && !MODEL_TYPES.has(type)) {
    throw new InputError(tokenizerPath, `unknown model type "${type}" (tokpeek knows ${[...MODEL_TYPES].join(', ')})`);
  }
  if (type === undefined && !tokenizer.model.vocab)
    throw new InputError(tokenizerPath, 'the "model" object has neither a type nor a vocab');
  checkTokenIds(tokenizerPath, tokenizer, { vocab: checkVocab });
  const files: TokenizerFiles = { tokenizer, ...readChatFiles(tokenizerPath) };
  if (path.basename(tokenizerPath) === 'tokenizer.json') {
    const special = path.join(path.dirname(tokenizerPath), 'special_tokens_map.json');
    if (fs.existsSync(special)) files.specialTokensMap = readJsonFile(special);
  }
  return files;
}

/** What rendering chat records needs, without parsing tokenizer.json: tokenizer_config.json and the template files beside it. */
export function readChatFiles(tokenizerPath: string): Pick<TokenizerFiles, 'config' | 'chatTemplates'> {
  // A GGUF keeps its template in its metadata (tokenizer.chat_template).
  if (isGgufFile(tokenizerPath)) {
    const { config } = tokenizerFilesOf(ggufTokenizerOf(tokenizerPath, readGgufHeader(tokenizerPath)));
    return config ? { config } : {};
  }
  if (path.basename(tokenizerPath) !== 'tokenizer.json') return {};
  const dir = path.dirname(tokenizerPath);
  const out: Pick<TokenizerFiles, 'config' | 'chatTemplates'> = {};
  const config = path.join(dir, 'tokenizer_config.json');
  if (fs.existsSync(config)) out.config = readJsonFile(config);
  const templates = readChatTemplateFiles(dir);
  if (templates) out.chatTemplates = templates;
  return out;
}

/** `chat_template.jinja` (as "default") and `additional_chat_templates/*.jinja` of a tokenizer folder. */
function readChatTemplateFiles(dir: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const read = (file: string, name: string) => {
    out[name] = readTextFile(file);
  };
  const main = path.join(dir, 'chat_template.jinja');
  if (fs.existsSync(main)) read(main, 'default');
  const extra = path.join(dir, 'additional_chat_templates');
  if (fs.existsSync(extra) && fs.statSync(extra).isDirectory())
    for (const f of fs.readdirSync(extra).sort()) if (f.endsWith('.jinja')) read(path.join(extra, f), f.slice(0, -6));
  return Object.keys(out).length ? out : undefined;
}

/** Engines whose package is looked for in the user's project first (see engines/engine-package.ts). */
const RESOLVED_ENGINES = new Set<EngineName>(['js', 'rust', 'transformers']);

async function createEngine(name: EngineName, input: EngineInput): Promise<Engine> {
  try {
    switch (name) {
      case 'js':
        return await (await import('../engines/js.js')).createJsEngine(input);
      case 'rust':
        return await (await import('../engines/rust.js')).createRustEngine(input);
      case 'transformers':
        return await (await import('../engines/transformers.js')).createTransformersEngine(input);
      case 'llama.cpp':
        return await (await import('../engines/llama-cpp.js')).createLlamaCppEngine(input);
      case 'tiktoken':
        return await (await import('../engines/tiktoken.js')).createTiktokenEngine(input);
    }
  } catch (e) {
    if (e instanceof EngineUnavailableError) throw e;
    if (e instanceof TokpeekError) throw new EngineUnavailableError(e.message, e.hint);
    // The engine could not build a tokenizer from these files: say which file, in one line.
    throw new EngineUnavailableError(
      `${input.tokenizerPath}: the ${name} engine cannot load it: ${String((e as Error).message ?? e).split('\n')[0]}`,
    );
  }
}

/** A GGUF file has one engine that reads it: llama.cpp. The engine asked for applies to the HF tokenizers beside it. */
function engineFor(source: TokenizerSource, asked: EngineName): EngineName {
  return source.kind === 'gguf' ? 'llama.cpp' : asked;
}

/**
 * `project`: the folder whose node_modules hold the engine package the user's project runs (the
 * suite's folder; see engines/engine-package.ts). Commands without a suite use the working folder.
 */
export async function loadTokenizer(
  spec: string,
  engineName: EngineName = 'js',
  env: NodeJS.ProcessEnv = process.env,
  project: string = process.cwd(),
): Promise<LoadedTokenizer> {
  const { name, source, tokenizerPath } = resolveSpec(spec, env);
  // The js library builds its vocabulary without indexing anything by id: its ids are checked
  // after it, in its own Map when it keeps one (checkVocabIds), and before an error it gives.
  const js = engineFor(source, engineName) === 'js';
  const files = readTokenizerFiles(tokenizerPath, { checkVocab: !js });
  const input = { files, tokenizerPath, folder: path.dirname(tokenizerPath), project };
  const engine = await createEngine(engineFor(source, engineName), input).catch((e) => {
    if (js) checkTokenIds(tokenizerPath, files.tokenizer);
    throw e;
  });
  const pairs = js && engine.vocabIds?.();
  if (pairs) checkVocabIds(tokenizerPath, files.tokenizer, pairs);
  else if (js) checkTokenIds(tokenizerPath, files.tokenizer);
  let fingerprint: string | undefined;
  return {
    name,
    source,
    project,
    files,
    // Hashing a 9 MB vocabulary costs about as much as parsing it: only when someone asks.
    get fingerprint() {
      fingerprint ??= filesFingerprint(files);
      return fingerprint;
    },
    set fingerprint(value: string) {
      fingerprint = value;
    },
    vocabulary: new Vocabulary(withRuntimeSpecials(files.tokenizer, engine.runtimeSpecialTokens)),
    engine,
  };
}

/**
 * A tokenizer for a thread that hands the encoding to a pool's workers (which load the spec
 * themselves, and can start at once): its files and vocabulary are read on first use, and its
 * engine is built only if this thread encodes (workers: 0). That saves a whole engine (over
 * 100 MB and a second for a 200k vocabulary) on the main thread of bulk runs.
 */
export function lazyTokenizer(
  spec: string,
  asked: EngineName,
  env: NodeJS.ProcessEnv = process.env,
  project: string = process.cwd(),
): LoadedTokenizer & { tokenizerPath: string; realEngine: () => Promise<Engine> } {
  const { name, source, tokenizerPath } = resolveSpec(spec, env);
  const engineName = engineFor(source, asked);
  const copy = RESOLVED_ENGINES.has(engineName) ? findEnginePackage(ENGINE_PACKAGES[engineName], project) : undefined;
  const engineVersion = copy?.version ?? runtimeVersion(ENGINE_PACKAGES[engineName]);
  let files: TokenizerFiles | undefined;
  let vocabulary: Vocabulary | undefined;
  let engine: Promise<Engine> | undefined;
  let fingerprint: string | undefined;
  const real = (): Promise<Engine> =>
    (engine ??= createEngine(engineName, {
      files: loaded.files,
      tokenizerPath,
      folder: path.dirname(tokenizerPath),
      project,
    }));
  const loaded = {
    name,
    source: { ...source, spec },
    project,
    tokenizerPath,
    realEngine: real,
    engine: {
      name: engineName,
      label: `${ENGINE_PACKAGES[engineName]} ${copy?.version ?? packageVersion(ENGINE_PACKAGES[engineName])}`,
      version: engineVersion,
      ...(copy ? { copy } : {}),
      encodeBatch: async (texts: string[], add: boolean, opts?: { offsets?: boolean }) =>
        (await real()).encodeBatch(texts, add, opts),
      decode: async (ids: number[]) => (await real()).decode(ids),
      decodeAsUsed: async (ids: number[], skip: boolean) => (await real()).decodeAsUsed?.(ids, skip),
    } satisfies Engine as Engine,
    get files(): TokenizerFiles {
      return (files ??= readTokenizerFiles(tokenizerPath));
    },
    get vocabulary(): Vocabulary {
      return (vocabulary ??= new Vocabulary(loaded.files.tokenizer));
    },
    get fingerprint(): string {
      return (fingerprint ??= filesFingerprint(loaded.files));
    },
    set fingerprint(value: string) {
      fingerprint = value;
    },
    releaseModel(): void {
      // The parsed file of a 200k vocabulary (its object graph, with the canonical text the
      // fingerprint keeps: about 35 MB) was most of what stayed alive on the main thread of a
      // bulk run; the workers read the model from the table, and this thread needs only its
      // strings, which the table has.
      const table = files && builtBpeTable(files.tokenizer);
      if (!files || !table) return;
      fingerprint ??= filesFingerprint(files);
      const kept = files;
      const profile = vocabularyProfile(kept.tokenizer);
      let reread: TokenizerFiles['tokenizer'] | undefined;
      files = {
        ...kept,
        // Whoever still asks for the whole file gets it, read again (nothing in a bulk run does).
        get tokenizer() {
          return (reread ??= readTokenizerFiles(tokenizerPath).tokenizer);
        },
      };
      vocabulary = new Vocabulary(profile, table);
    },
  };
  return loaded;
}

export async function tokenizeTexts(
  tok: LoadedTokenizer,
  texts: string[],
  options: TokenizeOptions = {},
): Promise<TokenizedSample[]> {
  // On this thread, under the same per-text budget as the pool's workers (a backtracking regex
  // would otherwise hang `show` for minutes).
  const chars = texts.reduce((n, t) => n + t.length, 0);
  const budget = sampleBudgetMs(chars);
  const raws = await withinBudget(
    budget,
    () => tok.engine.encodeBatch(texts, options.addSpecialTokens ?? true),
    () => new SampleBudgetError(texts.join('\n'), 0, budget),
  );
  return raws.map((raw, i) => toSample(texts[i]!, raw, tok.vocabulary, options));
}

/**
 * tokenizeTexts for the command line: the Rust engine runs in a child process (a panic of the
 * binding aborts its whole process; see process-worker.ts), the others here under the budget.
 */
export async function tokenizeIsolated(
  tok: LoadedTokenizer,
  texts: string[],
  options: TokenizeOptions = {},
): Promise<TokenizedSample[]> {
  if (tok.engine.name !== 'rust') return tokenizeTexts(tok, texts, options);
  const { TokenizerPool } = await import('./pool.js');
  const pool = await TokenizerPool.open(tok, { workers: 1, addSpecialTokens: options.addSpecialTokens ?? true });
  try {
    const raws = await pool.encode(texts);
    return raws.map((raw, i) => toSample(texts[i]!, raw, tok.vocabulary, options));
  } finally {
    await pool.close();
  }
}

/**
 * What a snapshot header records of the copy: `project <path from the suite folder>` or
 * `tokpeek` (tokpeek's own copy lives somewhere else on every machine).
 */
export function engineCopyOf(p: EnginePackage, suiteDir: string): string {
  if (p.origin === 'tokpeek') return 'tokpeek';
  return `project ${path.relative(suiteDir, p.dir).split(path.sep).join('/')}`;
}

/** The copy a loaded tokenizer's engine came from, relative to the folder it was resolved from (show, info, report). */
export function engineCopyOfLoaded(t: Pick<LoadedTokenizer, 'engine' | 'project'>): string | undefined {
  return t.engine.copy && engineCopyOf(t.engine.copy, t.project);
}
