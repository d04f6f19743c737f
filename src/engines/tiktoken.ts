// OpenAI's tiktoken (its Rust core compiled to WASM, npm `tiktoken`), for the encodings it
// defines. It runs on an HF-format conversion of an OpenAI encoding (`-t gpt4o -e tiktoken`):
// the encoding is the one whose token bytes are that vocabulary's, so a diff against the js
// or rust engine shows whether the conversion matches OpenAI's own (special tokens,
// whitespace handling). Optional, loaded on demand.

import type { RawEncoding } from '../core/token-model.js';
import type { Engine, EngineInput } from './engine.js';
import type { TokenizerJson } from '../core/tokenizer-files.js';
import { byteLevelBytes, byteToChar } from '../core/byte-level.js';
import { piecesById } from '../core/vocabulary.js';
import { InputError, TokpeekError } from '../errors.js';
import { packageVersion } from '../package-info.js';
import { alignTokenBytes } from './byte-offsets.js';

type TiktokenModule = typeof import('tiktoken');
type TiktokenEncodingName = 'o200k_base' | 'cl100k_base' | 'p50k_base' | 'r50k_base';

/** Ordinary (mergeable) tokens of each encoding: how a vocabulary is matched to one. */
const RANKS: Record<TiktokenEncodingName, number> = {
  o200k_base: 199998,
  cl100k_base: 100256,
  p50k_base: 50281,
  r50k_base: 50256,
};

async function loadLibrary(): Promise<TiktokenModule> {
  try {
    return await import('tiktoken');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ERR_MODULE_NOT_FOUND' ? 'tiktoken is not installed' : (e as Error).message.split('\n')[0];
    throw new TokpeekError(
      `the tiktoken engine is unavailable: ${why}`,
      undefined,
      'Install it beside tokpeek with `npm install tiktoken` (optional; only `-e tiktoken` needs it).',
    );
  }
}

/** Which tiktoken encoding this vocabulary is: same size, and the same bytes at sampled ids. */
function matchEncoding(
  lib: TiktokenModule,
  json: TokenizerJson,
  file: string,
): { name: TiktokenEncodingName; encoding: ReturnType<TiktokenModule['get_encoding']> } {
  const pieces = piecesById(json);
  const added = new Set(((json.added_tokens ?? []) as Array<{ id: number }>).map((t) => t.id));
  const ordinary = pieces.filter((p, id) => p !== undefined && !added.has(id)).length;
  const candidates = (Object.keys(RANKS) as TiktokenEncodingName[]).sort(
    (a, b) => Math.abs(RANKS[a] - ordinary) - Math.abs(RANKS[b] - ordinary),
  );
  for (const name of candidates.slice(0, 2)) {
    if (Math.abs(RANKS[name] - ordinary) > 300) continue;
    const encoding = lib.get_encoding(name);
    let same = true;
    for (let id = 0; id < RANKS[name] && same; id += 997) {
      if (added.has(id) || pieces[id] === undefined) continue;
      const want = byteLevelBytes(pieces[id]!);
      const got = encoding.decode_single_token_bytes(id);
      same = want !== undefined && want.length === got.length && want.every((b, k) => b === got[k]);
    }
    if (same) return { name, encoding };
    encoding.free();
  }
  throw new InputError(
    file,
    `the tiktoken engine has no encoding with this vocabulary (${ordinary} ordinary tokens)`,
    undefined,
    `tiktoken defines ${Object.keys(RANKS).join(', ')}; use it on an HF conversion of one (bundled: gpt4o).`,
  );
}

export async function createTiktokenEngine({ files, tokenizerPath }: EngineInput): Promise<Engine> {
  const lib = await loadLibrary();
  const { name, encoding } = matchEncoding(lib, files.tokenizer, tokenizerPath);
  const version = packageVersion('tiktoken');
  const specialPiece = new Map<number, string>();
  for (const t of (files.tokenizer.added_tokens ?? []) as Array<{ id: number; content: string }>)
    specialPiece.set(t.id, t.content);
  // Asked of the WASM module once per id: a call per token of every text cost 2.8x the bare
  // encode in ids-only runs (npm run bench -- runtimes).
  const bytesCache = new Map<number, Uint8Array | undefined>();
  const bytesOf = (id: number): Uint8Array | undefined => {
    if (bytesCache.has(id)) return bytesCache.get(id);
    let bytes: Uint8Array | undefined;
    try {
      bytes = encoding.decode_single_token_bytes(id);
    } catch {
      bytes = undefined;
    }
    bytesCache.set(id, bytes);
    return bytes;
  };
  const pieceCache = new Map<number, string>();
  const pieceOf = (id: number): string => {
    let piece = pieceCache.get(id);
    if (piece === undefined) {
      const bytes = bytesOf(id);
      piece = specialPiece.get(id) ?? (bytes ? Array.from(bytes, byteToChar).join('') : `<id ${id}>`);
      pieceCache.set(id, piece);
    }
    return piece;
  };
  return {
    name: 'tiktoken',
    label: `tiktoken ${version} (${name})`,
    version,
    async encodeBatch(texts, _addSpecialTokens, options) {
      // OpenAI encodings insert nothing; special-token text is matched, as HF matches added tokens.
      return texts.map((text): RawEncoding => {
        const ids = Array.from(encoding.encode(text, 'all'));
        const inserted = ids.map(() => false);
        const pieces = ids.map(pieceOf);
        if (options?.offsets === false) return { ids, pieces, inserted };
        const { offsets } = alignTokenBytes(
          text,
          ids.map((id) => ({ bytes: bytesOf(id), inserted: false })),
        );
        return { ids, pieces, offsets, inserted };
      });
    },
    async decode(ids) {
      return new TextDecoder().decode(encoding.decode(Uint32Array.from(ids)));
    },
  };
}
