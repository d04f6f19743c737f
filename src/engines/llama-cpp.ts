// llama.cpp's own tokenizer over the vocabulary inside a GGUF file, through the optional
// package node-llama-cpp (prebuilt binaries from npm; never built or downloaded here).
// The model is loaded vocab-only: the weights are never read, so multi-GB files open in
// about a second. llama.cpp reports ids only: pieces come from the GGUF's token list and
// offsets from laying each token's bytes over the text (byte-offsets.ts).

import { isMainThread } from 'node:worker_threads';
import type { RawEncoding } from '../core/token-model.js';
import type { Engine, EngineInput } from './engine.js';
import { byteFallbackByte, byteLevelBytes, utf8Bytes } from '../core/byte-level.js';
import { InputError, TokpeekError } from '../errors.js';
import { engineVersion, packageVersion } from '../package-info.js';
import { type GgufTokenizer, TOKEN_TYPE } from '../core/gguf-vocabulary.js';
import { alignTokenBytes } from './byte-offsets.js';

const NODE_LLAMA_CPP = 'node-llama-cpp@3.21.1';
/** How a load error of a GGUF's vocabulary starts (after the file name). */
export const LLAMA_CPP_REFUSES = 'llama.cpp cannot load its vocabulary';

type LlamaModule = typeof import('node-llama-cpp');
type Llama = Awaited<ReturnType<LlamaModule['getLlama']>>;

interface LlamaCppLoad {
  model: Awaited<ReturnType<Llama['loadModel']>>;
  release: string;
  /** What llama.cpp logged while loading this file (warnings such as a pre-tokenizer it fell back from). */
  log: string[];
}

let llama: Promise<{ llama: Llama; log: string[] }> | undefined;

async function loadLibrary(): Promise<LlamaModule> {
  try {
    return await import('node-llama-cpp');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ERR_MODULE_NOT_FOUND' ? 'node-llama-cpp is not installed' : (e as Error).message.split('\n')[0];
    throw new TokpeekError(
      `the llama.cpp engine is unavailable: ${why}`,
      undefined,
      `Install it beside tokpeek with \`npm install ${NODE_LLAMA_CPP}\` (optional; only GGUF files need it).`,
    );
  }
}

/** One llama.cpp per process (CPU only, prebuilt binary), its log collected instead of printed. */
function theLlama(): Promise<{ llama: Llama; log: string[] }> {
  llama ??= loadLibrary().then(async (lib) => {
    const log: string[] = [];
    const instance = await lib.getLlama({
      build: 'never',
      gpu: false,
      // llama.cpp's log reaches the logger of one thread only; on other threads it would be
      // printed straight to stdout (measured), so pool workers silence it: `info` reads it here.
      logLevel: isMainThread ? lib.LlamaLogLevel.warn : lib.LlamaLogLevel.disabled,
      logger: (_level, message) => {
        log.push(message.trim());
      },
    });
    return { llama: instance, log };
  });
  return llama;
}

/** Loads a GGUF file's vocabulary with llama.cpp. Load failures (a pre-tokenizer it does not know…) are the file's fault. */
async function loadGgufVocabulary(file: string): Promise<LlamaCppLoad> {
  const { llama: instance, log } = await theLlama();
  const from = log.length;
  try {
    const model = await instance.loadModel({ modelPath: file, vocabOnly: true });
    return { model, release: instance.llamaCppRelease.release, log: relevant(log.slice(from)) };
  } catch (e) {
    // llama.cpp's log reaches JavaScript asynchronously: give the reason a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const said = relevant(log.slice(from))
      .map((l) => /.*error loading model(?: vocabulary)?: (.*)$/.exec(l)?.[1])
      .find((reason) => reason !== undefined);
    throw new InputError(file, `${LLAMA_CPP_REFUSES}: ${said ?? (e as Error).message.split('\n')[0]}`);
  }
}

// node-llama-cpp first tries a memory-estimating full load, which fails on vocab-only files
// with "missing tensor" lines; those say nothing about the tokenizer.
function relevant(lines: string[]): string[] {
  return lines.filter(
    (l) =>
      l !== '' &&
      !/missing tensor|failed to load model$|Failed simulating model resource usage|error loading model hyperparameters/.test(
        l,
      ),
  );
}

export async function createLlamaCppEngine({ files, tokenizerPath }: EngineInput): Promise<Engine> {
  const gguf = files.gguf;
  if (!gguf)
    throw new TokpeekError(
      'the llama.cpp engine reads GGUF files',
      undefined,
      'Give it a model: -t model.gguf (an HF tokenizer.json runs on the js, rust or transformers engine).',
    );
  refuseUnloadable(gguf, tokenizerPath);
  const { model, release, log } = await loadGgufVocabulary(tokenizerPath);
  const version = engineVersion('node-llama-cpp');
  const types = runtimeTypes(gguf, (id) => model.getTokenAttributes(id as never).control);
  const bytesOf = tokenBytes(gguf, types);
  const prefixSpace = gguf.model === 'llama' && gguf.addSpacePrefix !== false;
  const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  const eos = model.tokens.shouldAppendEosToken ? model.tokens.eos : null;
  const noBytes = missingByteTokens(gguf, types, tokenizerPath);
  return {
    name: 'llama.cpp',
    label: `node-llama-cpp ${packageVersion('node-llama-cpp')}, llama.cpp ${release}`,
    version,
    loadLog: log,
    runtimeSpecialTokens: types.flatMap((type, id) =>
      type === TOKEN_TYPE.control && gguf.types[id] !== TOKEN_TYPE.control ? [{ id, content: gguf.tokens[id]! }] : [],
    ),
    async encodeBatch(texts, addSpecialTokens, options) {
      return texts.map((text): RawEncoding => {
        // Special-token text is parsed (as HF matches added tokens, and as llama-server reads
        // prompts); BOS/EOS are never added by tokenize.
        const ids = noBytes ? noBytes(text, (t) => model.tokenize(t, true) as unknown as number[]) : tokenize(text);
        const inserted = ids.map(() => false);
        if (addSpecialTokens && bos !== null) {
          ids.unshift(bos as unknown as number);
          inserted.unshift(true);
        }
        if (addSpecialTokens && eos !== null) {
          ids.push(eos as unknown as number);
          inserted.push(true);
        }
        const pieces = ids.map((id) => gguf.tokens[id] ?? `<id ${id}>`);
        if (options?.offsets === false) return { ids, pieces, inserted };
        const tokens = ids.map((id, i) => {
          const type = types[id];
          const unknown = type === TOKEN_TYPE.unknown;
          // Control, user-defined and unknown tokens are matched in the text as whole pieces.
          const special = unknown || type === TOKEN_TYPE.control || type === TOKEN_TYPE.userDefined;
          return { bytes: bytesOf(id), inserted: inserted[i]!, special, unknown };
        });
        const { offsets } = alignTokenBytes(text, tokens, prefixSpace);
        return { ids, pieces, offsets, inserted };
      });
    },
    async decode(ids) {
      return model.detokenize(ids as never, true);
    },
  };

  function tokenize(text: string): number[] {
    return model.tokenize(text, true) as unknown as number[];
  }
}

/**
 * Token types as llama.cpp uses them once loaded. Its loader makes some tokens control tokens
 * by their text whatever the file says ("control-looking token … its type will be
 * overridden"): names on its end-of-generation and fill-in-the-middle lists, among them
 * `</s>`, which Qwen's byte-level vocabulary has as an ordinary token. llama.cpp then matches
 * such a token in text as one special token (measured: `a</s>b` is 3 tokens on a Qwen3 GGUF,
 * 4 under HF), so tokpeek flags it as llama.cpp treats it.
 */
function runtimeTypes(g: GgufTokenizer, isControl: (id: number) => boolean): number[] {
  return g.types.map((type, id) => (type !== TOKEN_TYPE.control && isControl(id) ? TOKEN_TYPE.control : type));
}

/**
 * A SentencePiece vocabulary without byte tokens (`<0x00>`…`<0xFF>`): llama.cpp falls back to
 * them for a character that has no token, and aborts the whole process when one is missing
 * (std::out_of_range in byte_to_token; measured on 3.21.1). So tokpeek never hands it such a
 * character: it stands in a character of the vocabulary that no merge can join (so the text
 * around it tokenizes exactly as around the missing one) and reports the unknown token there.
 * undefined when every byte has its token (or the vocabulary is not SentencePiece).
 */
function missingByteTokens(
  g: GgufTokenizer,
  types: readonly number[],
  file: string,
): ((text: string, tokenize: (text: string) => number[]) => number[]) | undefined {
  if (g.model !== 'llama') return undefined;
  const pieces = new Set(g.tokens);
  const lacking = new Set<number>();
  for (let b = 0; b < 256; b++) if (!pieces.has(byteTokenOf(b))) lacking.add(b);
  if (!lacking.size) return undefined;
  const unk = g.special.unknown ?? types.indexOf(TOKEN_TYPE.unknown);
  const aborts = (ch: string) => !pieces.has(ch === ' ' ? '▁' : ch) && utf8Bytes(ch).some((b) => lacking.has(b));
  let stand: { char: string; id: number } | undefined;
  const standIn = () => {
    if (stand) return stand;
    // Characters inside longer tokens can be merged; one that is a token and in no other cannot.
    const inLonger = new Set<string>();
    for (const p of g.tokens) if (p.length > 1) for (const ch of p) inLonger.add(ch);
    const id = g.tokens.findIndex(
      (p, i) => types[i] === TOKEN_TYPE.normal && [...p].length === 1 && p !== '▁' && !inLonger.has(p),
    );
    if (id >= 0) stand = { char: g.tokens[id]!, id };
    return stand;
  };
  return (text, tokenize) => {
    const chars = [...text];
    const missing = chars.map(aborts);
    if (!missing.includes(true)) return tokenize(text);
    const s = standIn();
    if (!s || unk < 0) {
      const ch = chars[missing.indexOf(true)]!;
      throw new InputError(file, `llama.cpp would abort on ${JSON.stringify(ch)}: ${NO_BYTE_TOKEN}`);
    }
    // Which occurrences of the stand-in character in the text given to llama.cpp stand for a missing one.
    const marks: boolean[] = [];
    const safe = chars
      .map((ch, i) => {
        if (missing[i]) {
          marks.push(true);
          return s.char;
        }
        if (ch === s.char) marks.push(false);
        return ch;
      })
      .join('');
    let k = 0;
    return tokenize(safe).map((id) => (id === s.id && marks[k++] ? unk : id));
  };
}

const NO_BYTE_TOKEN = 'this SentencePiece vocabulary has no token for it and lacks the byte tokens to fall back to';

const byteTokenOf = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

/**
 * node-llama-cpp tokenizes a newline while loading a model (its round-trip check): on a
 * SentencePiece vocabulary with neither a newline token nor `<0x0A>`, llama.cpp aborts the
 * process there. Refused before loading, in one line.
 */
function refuseUnloadable(g: GgufTokenizer, file: string): void {
  if (g.model !== 'llama' || g.tokens.includes('\n') || g.tokens.includes(byteTokenOf(0x0a))) return;
  throw new InputError(file, `${LLAMA_CPP_REFUSES}: loading it would abort llama.cpp on a newline: ${NO_BYTE_TOKEN}`);
}

/** The bytes a GGUF token stands for in text, from its piece and type (an unknown token's piece, e.g. `<unk>`, written in the text). */
function tokenBytes(g: GgufTokenizer, types: readonly number[] = g.types): (id: number) => Uint8Array | undefined {
  const cache = new Map<number, Uint8Array | undefined>();
  const compute = (id: number): Uint8Array | undefined => {
    const piece = g.tokens[id];
    const type = types[id];
    if (piece === undefined) return undefined;
    if (type === TOKEN_TYPE.control || type === TOKEN_TYPE.userDefined || type === TOKEN_TYPE.unknown)
      return utf8Bytes(g.model === 'llama' ? piece.replaceAll('▁', ' ') : piece);
    if (type === TOKEN_TYPE.byte) {
      const b = byteFallbackByte(piece);
      return b === undefined ? utf8Bytes(piece) : Uint8Array.of(b);
    }
    if (g.model === 'gpt2') {
      const bytes = byteLevelBytes(piece);
      return bytes ? Uint8Array.from(bytes) : utf8Bytes(piece);
    }
    return utf8Bytes(g.model === 'llama' ? piece.replaceAll('▁', ' ') : piece);
  };
  return (id) => {
    if (!cache.has(id)) cache.set(id, compute(id));
    return cache.get(id);
  };
}
