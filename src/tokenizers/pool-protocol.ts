// Messages between the tokenization pool and its workers. Encodings travel as flat typed
// arrays (transferred, not copied); pieces are looked up from ids on the receiving side, or,
// when the pool asks for them, sent once per id by each worker with the vocabulary's profile,
// so that the receiving side need not parse a megabytes-large tokenizer.json to spell tokens.

import type { EngineName, RawEncoding } from '../core/token-model.js';
import type { Engine } from '../engines/engine.js';
import type { TokenizerJson } from '../core/tokenizer-files.js';

export interface PoolWorkerData {
  spec: string;
  engine: EngineName;
  /** Where the engine package is looked for first (LoadedTokenizer.project). */
  project: string;
  env: Record<string, string | undefined>;
  /** Send the vocabulary profile when ready, and each id's piece the first time it comes. */
  pieces: boolean;
  /**
   * The worker's watch (a SharedArrayBuffer of WATCH_SLOTS float64): the request and the index
   * of the text it is encoding, and since when (ms since the epoch; 0 when idle). The pool reads
   * it to stop a worker stuck on one text (a backtracking pre-tokenizer regex) past its budget.
   */
  watch: SharedArrayBuffer;
  /**
   * For the js engine over a BPE or a BERT-style WordPiece: the model as a table the main thread
   * built (shared, not copied), and tokenizer.json and tokenizer_config.json without the model's
   * vocabulary and merges: the worker builds its encoder from these instead of loading the tokenizer.
   */
  table?: {
    buffer: SharedArrayBuffer;
    stub: Record<string, any>;
    config: Record<string, any>;
    /** With `pieces`: the vocabulary profile the pool describes tokens by (see TokenizerPool.vocabulary). */
    profile?: TokenizerJson;
  };
}

export const WATCH_SLOTS = 3;
export const WATCH = { request: 0, index: 1, since: 2 } as const;

export interface PoolRequest {
  id: number;
  texts: string[];
  addSpecialTokens: boolean;
  offsets: boolean;
  roundTrip: boolean;
  /** Also decode each encoding as an application would (see Engine.decodeAsUsed), for the decode pins. */
  decode?: boolean;
  /** Instead of encoding: answer with the tokenizer files' fingerprint (a `fingerprint` message). */
  fingerprint?: boolean;
  /** The snapshot blocks the texts are expected to give: the worker compares each encoding with its own. */
  expect?: ExpectedBlocks;
}

/**
 * What `check` expects a batch to give: each text's block in its snapshot file, read and compared
 * by the worker (block-verifier.ts), so that the main thread neither reads nor compares the
 * unchanged samples (most of them), and their ids are not sent back.
 */
export interface ExpectedBlocks {
  /** The snapshot file's open descriptor (worker threads share the process's descriptors). */
  fd: number;
  /** Per text: its block's offset and length in the file; a length of -1 when there is none to compare. */
  spans: Float64Array;
  /** Per text, what the block's head holds besides the text (see blockHead). */
  keys: string[];
  locations: string[];
  /** Per text, a chat record (undefined for plain text); absent when no text has one. */
  records?: Array<string | undefined>;
  /**
   * Per text (2 words each), its block's ids digest (ids-digest.ts), which the worker compares
   * instead of reading the block; (0, 0) where it reads and compares the block.
   */
  digests?: Uint32Array;
}

export interface PackedEncodings {
  /** Token count of each text. */
  lengths: Int32Array;
  ids: Int32Array;
  /** start, end per token. */
  offsets: Int32Array;
  inserted: Uint8Array;
  /** Per text: first index where decode(encode(text)) differs, -1 when equal; present when asked for. */
  roundTrip?: Int32Array;
  /** With `decode`: per text, its decode without and with skip_special_tokens (engines that can say). */
  decoded?: string[];
  /** Pieces of ids this worker had not sent before (with `pieces`). */
  pieces?: Array<[id: number, piece: string]>;
  /** With `expect`: 1 where the encoding gave its expected block (its length is then 0: no ids sent). */
  matched?: Uint8Array;
}

/** First UTF-16 index where two strings differ, or -1 when they are equal. */
function firstDifference(a: string, b: string): number {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** decode(encode(text)) = text? The post-processor's inserted tokens are left out of the decode. */
export async function roundTripAt(
  engine: { decode(ids: number[]): Promise<string>; knownRoundTrip?(text: string, e: RawEncoding): number | undefined },
  text: string,
  e: RawEncoding,
): Promise<number> {
  const known = engine.knownRoundTrip?.(text, e);
  if (known !== undefined) return known;
  const decode = (ids: number[]) => engine.decode(ids);
  const ids = e.inserted.some(Boolean) ? e.ids.filter((_, j) => !e.inserted[j]) : e.ids;
  return firstDifference(text, await decode(ids));
}

/** Sets `decoded` on each encoding, when the engine can say (see Engine.decodeAsUsed); whether it could. */
export async function withDecodes(engine: Engine, encodings: RawEncoding[]): Promise<boolean> {
  if (!engine.decodeAsUsed) return false;
  for (const e of encodings) {
    const [plain, skip] = [await engine.decodeAsUsed(e.ids, false), await engine.decodeAsUsed(e.ids, true)];
    if (plain === undefined || skip === undefined) return false;
    e.decoded = [plain, skip];
  }
  return true;
}

/** `matched` (see PackedEncodings): those encodings' ids are left out. */
export function packEncodings(encodings: RawEncoding[], matched?: Uint8Array): PackedEncodings {
  const lengths = new Int32Array(encodings.length);
  let total = 0;
  for (const [i, e] of encodings.entries()) total += lengths[i] = matched?.[i] ? 0 : e.ids.length;
  const ids = new Int32Array(total);
  const inserted = new Uint8Array(total);
  // Without offsets (the bulk of snapshot and report work) nothing is sent for them.
  const offsets = new Int32Array(encodings.some((e) => e.offsets) ? total * 2 : 0);
  let k = 0;
  for (const [index, e] of encodings.entries()) {
    if (matched?.[index]) continue;
    ids.set(e.ids, k);
    for (let i = 0; i < e.ids.length; i++) if (e.inserted[i]) inserted[k + i] = 1;
    if (offsets.length) {
      for (let i = 0; i < e.ids.length; i++) {
        const span = e.offsets?.[i];
        offsets[2 * (k + i)] = span?.[0] ?? -1;
        offsets[2 * (k + i) + 1] = span?.[1] ?? -1;
      }
    }
    k += e.ids.length;
  }
  return { lengths, ids, offsets, inserted, ...(matched ? { matched } : {}) };
}

/** An encoding from a worker; its pieces are looked up only if someone reads them (bulk statistics never do). */
class UnpackedEncoding implements RawEncoding {
  offsets?: Array<[number, number]>;
  roundTripAt?: number;
  decoded?: [string, string];
  matched?: boolean;
  private looked: string[] | undefined;

  constructor(
    readonly ids: number[],
    readonly inserted: boolean[],
    private readonly pieceOf: (id: number) => string,
  ) {}

  get pieces(): string[] {
    return (this.looked ??= this.ids.map(this.pieceOf));
  }

  set pieces(value: string[]) {
    this.looked = value;
  }
}

export function unpackEncodings(
  packed: PackedEncodings,
  pieceOf: (id: number) => string,
  withOffsets: boolean,
): RawEncoding[] {
  const out: RawEncoding[] = new Array(packed.lengths.length);
  let k = 0;
  for (let index = 0; index < packed.lengths.length; index++) {
    const length = packed.lengths[index]!;
    // Plain loops: Array.from with a map function costs a call per token.
    const ids = new Array<number>(length);
    const inserted = new Array<boolean>(length);
    for (let i = 0; i < length; i++) {
      ids[i] = packed.ids[k + i]!;
      inserted[i] = packed.inserted[k + i] === 1;
    }
    const e = new UnpackedEncoding(ids, inserted, pieceOf);
    if (packed.matched?.[index]) e.matched = true;
    if (packed.roundTrip) e.roundTripAt = packed.roundTrip[index]!;
    if (packed.decoded) e.decoded = [packed.decoded[2 * index]!, packed.decoded[2 * index + 1]!];
    if (withOffsets) {
      const offsets: Array<[number, number]> = new Array(length);
      const sent = packed.offsets.length > 0;
      for (let i = 0; i < length; i++)
        offsets[i] = sent ? [packed.offsets[2 * (k + i)]!, packed.offsets[2 * (k + i) + 1]!] : [-1, -1];
      e.offsets = offsets;
    }
    k += length;
    out[index] = e;
  }
  return out;
}
