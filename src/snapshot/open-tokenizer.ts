// A suite tokenizer opened for snapshot, check and diff: worker threads load the engine and
// compute ids, this thread hashes the files and spells tokens as snapshots show them.

import fs from 'node:fs';
import path from 'node:path';
import { within } from '../contained-path.js';
import type { RawEncoding } from '../core/token-model.js';
import { type SuiteTokenizer, jsonPath } from '../core/config/suite-config.js';
import { canonicalJson } from '../core/fingerprint.js';
import { filesFingerprint } from '../core/tokenizer-files.js';
import { CANARIES, behaviourFingerprint, canaryHash } from '../core/snapshot/canaries.js';
import type { SnapshotHeader } from '../core/snapshot/format.js';
import { tokenDisplay } from '../core/snapshot/text-escape.js';
import { type TokenizerDigest, digestOfHeader, tokenizerDigest } from '../core/snapshot/tokenizer-digest.js';
import type { PipelineEvidence } from '../core/drift/classify.js';
import { ADDED_TOKENS_PIN, type DecodePin, pinOf } from '../core/drift/decode.js';
import type { ChatRenderer } from '../core/chat/apply-template.js';
import { chatRendererFor, isTemplateFile } from '../tokenizers/chat-renderer.js';
import { InputError } from '../errors.js';
import { packageVersion } from '../package-info.js';
import { type LoadedTokenizer, engineCopyOf, lazyTokenizer, readChatFiles } from '../tokenizers/load.js';
import { TokenizerPool } from '../tokenizers/pool.js';
import { fileSha256, tokenizerFileHashes } from './file-hashes.js';

/** Engines whose Engine can give pipeline evidence (see `evidence` below). */
const EVIDENCE_ENGINES: ReadonlySet<string> = new Set(['js', 'transformers']);

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
  /** What decode returns for the canaries and the added tokens (engines that can say; see core/drift/decode.ts). */
  decodePins?: DecodePin[];
  engineVersion: string;
  /** Which copy of the engine package runs, as a header records it (see engineCopyOf). */
  engineCopy?: string;
  /** Snapshot spelling of a token id (cached). */
  display(id: number, inserted: boolean): string;
  /** Whether an id is a byte-fallback token (`<0xF0>`), for the drift classifier (cached). */
  byteFallback(id: number): boolean;
  /** The live pipeline's evidence for the drift classifier (engines that can say; built on this thread on first use). */
  evidence(text: string): Promise<PipelineEvidence | undefined>;
  /** Renders chat corpora's records through the tokenizer's chat template, or the suite's choice (made on first use). */
  renderer(): ChatRenderer;
  /** The suite's `chat_template` as a chat corpus's header records it (see SnapshotOptions.chatTemplate). */
  templateChoice(): string | undefined;
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
  // As report's: each worker's young generation stays at its starting size. Left to grow, check's
  // workers scavenged about half as often but at 3-4 times the cost (the samples in flight and
  // the compared blocks' garbage copied each time): on the 40 MB bench corpus their scavenges
  // took 450-530 ms each instead of about 210, and the process 5.7-6.3 s of CPU instead of 5.2-5.5.
  const opening = TokenizerPool.open(loaded, {
    workers: options.workers,
    addSpecialTokens: config.addSpecialTokens,
    offsets: false,
    pieces: true,
    keepYoungGenerationsSmall: true,
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
  // This thread has what it needs of tokenizer.json (hashes, fingerprint, digest): where the
  // workers share a table, it keeps only that (the parsed file was most of a check's live heap,
  // which every full collection of the stream marks again).
  loaded.releaseModel?.();
  try {
    // The canaries, and every added token's content (their special flags decide what
    // skip_special_tokens drops), encoded and decoded as an application would.
    const added = [...(pool.vocabulary ?? loaded.vocabulary).added.values()].sort((a, b) => a.id - b.id);
    const pinned = await pool.encode([...CANARIES.map(([, text]) => text), added.map((t) => t.content).join(' ')], {
      decode: true,
    });
    const canaryIds = pinned.slice(0, CANARIES.length).map((e) => e.ids);
    const names = [...CANARIES.map(([name]) => name), ADDED_TOKENS_PIN];
    const decodePins = pinned.every((e) => e.decoded)
      ? pinned.map((e, i) => pinOf(names[i]!, ...e.decoded!))
      : undefined;
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
    const choice = config.chatTemplate;
    const templateFlag = jsonPath('$.tokenizers', config.name) + '.chat_template';
    return {
      config,
      loaded,
      pool,
      fileHashes,
      digest,
      canaries: canaryIds.map((ids, i) => [CANARIES[i]![0], canaryHash(ids)]),
      behaviour: behaviourFingerprint(canaryIds),
      ...(decodePins ? { decodePins } : {}),
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
      // The engine that ran gives the evidence, built here on the first drifted sample. The js
      // and transformers engines can say where their pre-tokens end; the Rust binding exposes no
      // pre-tokenizer run of its own, llama.cpp and tiktoken none either: loading those a second
      // time would give nothing (llama.cpp: seconds, and its log then bypasses tokpeek's), so
      // their drift is classified from the bytes of the tokens alone.
      evidence: async (text) =>
        EVIDENCE_ENGINES.has(loaded.engine.name) ? (await loaded.realEngine()).evidence?.(text) : undefined,
      renderer: () =>
        (renderer ??= chatRendererFor(readChatFiles(tokenizerPath), {
          choice,
          cwd: options.baseDir,
          flag: choice === undefined ? config.name : templateFlag,
          ...(options.contained !== false ? { containedIn: options.baseDir } : {}),
        })),
      templateChoice: () => {
        if (choice === undefined || !isTemplateFile(choice, options.baseDir)) return choice;
        const file = path.resolve(options.baseDir, choice);
        if (options.contained !== false) within(options.baseDir, file, choice, templateFlag);
        if (!fs.existsSync(file)) throw new InputError(choice, `no such file (${templateFlag})`);
        return `${choice.replace(/[\s=%]/g, encodeURIComponent)}#${fileSha256(file).slice(0, 12)}`;
      },
      close: () => pool.close(),
    };
  } catch (e) {
    await pool.close();
    throw e;
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
