// The default engine: @huggingface/tokenizers, what transformers.js applications run.

import { Tokenizer } from '@huggingface/tokenizers';
import type { BulkPath, RawEncoding } from '../core/token-model.js';
import type { Engine, EngineInput } from './engine.js';
import { findEnginePackage, importEnginePackage } from './engine-package.js';
import { offsetsFromPieces } from './byte-offsets.js';
import { Vocabulary } from '../core/vocabulary.js';
import { CANARIES } from '../core/snapshot/canaries.js';
import { TokpeekError } from '../errors.js';
import { type BpeTable, bpeTableOf } from './bpe-table.js';
import { MemoEncoder } from './js-fast.js';
import { TableEncoding } from './table-encoding.js';
import { WordPieceEncoder } from './wordpiece-fast.js';
import { JsOffsetTokenizer } from './js-offsets.js';
import { type TokenwiseDecoder, checkedTokenwiseDecoder } from './tokenwise-decode.js';
import { packageVersion } from '../package-info.js';
import { BASELINE, engineOnly } from './engine-only.js';

const version = packageVersion('@huggingface/tokenizers');
const label = `@huggingface/tokenizers ${version}`;

export async function createJsEngine({ files, project }: EngineInput): Promise<Engine> {
  // The copy the user's project runs (see engine-package.ts), else tokpeek's own.
  const copy = findEnginePackage('@huggingface/tokenizers', project);
  if (!copy) throw new TokpeekError('the js engine needs @huggingface/tokenizers, which is not installed');
  const own = copy.origin === 'tokpeek' && copy.version === version;
  const Library: typeof Tokenizer = own ? Tokenizer : (await importEnginePackage(copy)).Tokenizer;
  const tokenizer = new Library(files.tokenizer, files.config ?? {});
  // The offset replay and the memo path read the library's internals as the release tokpeek is
  // built with has them. Another release (a project may pin any) goes through them only while
  // they give its own ids on the canary strings; otherwise through its encode.
  const replay = trusted(() => new JsOffsetTokenizer(tokenizer, files.tokenizer));
  const { prefix, suffix } =
    replay?.template ?? templateOf((text, add) => tokenizer.encode(text, { add_special_tokens: add }).ids);
  const insertedMask = (n: number, added: boolean): boolean[] => {
    const mask = new Array<boolean>(n).fill(false);
    if (added) for (let i = 0; i < n; i++) if (i < prefix || i >= n - suffix) mask[i] = true;
    return mask;
  };
  // Without offsets (bulk statistics, snapshots), the memo path when it covers this tokenizer;
  // its table is built on first use (a screen that only shows offsets never needs it).
  let plan: BulkPlan | undefined;
  const engineEncode = (text: string, addSpecialTokens: boolean): RawEncoding => {
    const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
    return { ids, pieces: tokens, inserted: insertedMask(ids.length, addSpecialTokens) };
  };
  const libraryPath = (reason: string): BulkPlan => ({ path: { path: 'engine', reason } });
  const planned = () =>
    (plan ??= engineOnly()
      ? libraryPath(`${BASELINE}=engine: the library's own encode (a benchmark's baseline)`)
      : !replay
        ? libraryPath(`@huggingface/tokenizers ${copy.version}: the library's own encode`)
        : (verified(
            trusted(() => planBulk(tokenizer, files.tokenizer, replay.template, bpeTableOf(files.tokenizer))),
            (plan) => own || (plan.encoder !== undefined && agrees((t, a) => plan.encoder!.encode(t, a), engineEncode)),
          ) ?? libraryPath(`@huggingface/tokenizers ${copy.version}: the memo path does not apply to this release`)));
  const withOffsets = replay && (own || agrees((t, a) => replay.encode(t, a), engineEncode)) ? replay : undefined;
  let vocabulary: Vocabulary | undefined;
  const laidOver = (text: string, add: boolean): RawEncoding => {
    const e = engineEncode(text, add);
    vocabulary ??= new Vocabulary(files.tokenizer);
    return { ...e, offsets: offsetsFromPieces(text, e, vocabulary) };
  };
  const libraryDecode = (ids: number[]) =>
    tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  // A decoder that works token by token is memoised per id (tokenwise-decode.ts) while it gives
  // the library's decode of the canaries; decided on the first decode.
  let fastDecode: TokenwiseDecoder | null | undefined;
  const decoderOf = () =>
    (fastDecode ??=
      (!engineOnly() &&
        checkedTokenwiseDecoder(tokenizer, files.tokenizer, (text) => engineEncode(text, true).ids, libraryDecode)) ||
      null);
  const decode = async (ids: number[]) => (ids.length === 0 ? '' : (decoderOf()?.decode(ids) ?? libraryDecode(ids)));
  // This release builds them with `new Map(Object.entries(model.vocab))`, indexing nothing by id.
  const pairs =
    own && ['BPE', 'WordPiece'].includes(files.tokenizer.model?.type)
      ? (tokenizer as unknown as { model: { tokens_to_ids?: Map<string, unknown> } }).model.tokens_to_ids
      : undefined;
  return {
    decodeAsUsed: async (ids, skip) => (ids.length ? tokenizer.decode(ids, { skip_special_tokens: skip }) : ''),
    ...(pairs instanceof Map ? { vocabIds: () => pairs } : {}),
    name: 'js',
    label: `@huggingface/tokenizers ${copy.version}`,
    version: copy.version,
    copy,
    get bulkPath() {
      return planned().path;
    },
    async encodeBatch(texts, addSpecialTokens, options) {
      if (options?.offsets === false) {
        const memo = planned().encoder;
        return texts.map((text) => memo?.encode(text, addSpecialTokens) ?? engineEncode(text, addSpecialTokens));
      }
      return texts.map((text) => withOffsets?.encode(text, addSpecialTokens) ?? laidOver(text, addSpecialTokens));
    },
    evidence: (text) => (withOffsets ? trusted(() => withOffsets.evidence(text)) : undefined),
    decode,
    knownRoundTrip: knownRoundTripOf(files.tokenizer, () => decoderOf() ?? undefined),
  };
}

type BulkPlan = { encoder?: Pick<MemoEncoder, 'encode'>; path: BulkPath };

/**
 * The bulk path of a tokenizer: a WordPiece model takes its own encoder over the table where
 * it applies (wordpiece-fast.ts), the memo path over the library's model where it does not
 * (saying why); a BPE the memo path, over its table when it has one.
 */
function planBulk(
  tokenizer: unknown,
  json: Record<string, any>,
  template: { prefix: number; suffix: number },
  built: { table?: BpeTable; refusal?: string },
): BulkPlan {
  if (json.model?.type !== 'WordPiece') return MemoEncoder.plan(tokenizer, json, template, built);
  const wordPiece = WordPieceEncoder.plan(tokenizer, json, template, built);
  if ('encoder' in wordPiece) return wordPiece;
  const memo = MemoEncoder.plan(tokenizer, json, template);
  return {
    ...memo,
    path: { ...memo.path, reason: `${memo.path.reason} (not tokpeek's WordPiece: ${wordPiece.refusal})` },
  };
}

/** How many tokens the post-processor puts before and after a text's own. */
function templateOf(encode: (text: string, add: boolean) => number[]): { prefix: number; suffix: number } {
  const own = encode('a', false);
  const all = encode('a', true);
  for (let at = 0; at + own.length <= all.length; at++)
    if (own.every((id, i) => all[at + i] === id)) return { prefix: at, suffix: all.length - at - own.length };
  return { prefix: 0, suffix: 0 };
}

/** What `make` returns, or undefined when it throws (the internals it reads are not there). */
function trusted<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/** `value` when it passes `check`. */
function verified<T>(value: T | undefined, check: (value: T) => boolean): T | undefined {
  return value !== undefined && check(value) ? value : undefined;
}

/** Whether `path` gives the library's own ids on every canary string, with and without specials. */
function agrees(
  path: (text: string, add: boolean) => RawEncoding | undefined,
  library: (text: string, add: boolean) => RawEncoding,
): boolean {
  for (const [, text] of CANARIES)
    for (const add of [true, false]) {
      let mine: RawEncoding | undefined;
      try {
        mine = path(text, add);
      } catch {
        return false;
      }
      if (mine === undefined) continue; // the path handed this text to the library
      const theirs = library(text, add).ids;
      if (mine.ids.length !== theirs.length || mine.ids.some((id, i) => id !== theirs[i])) return false;
    }
  return true;
}

/**
 * The js engine of a pool worker over a table the main thread built: the library's normaliser,
 * pre-tokenizer, added tokens, post-processor and decoder come from the tokenizer.json without
 * its model's vocabulary and merges (`stub`), the model is the table. Texts that need offsets
 * (or that the memo path leaves to the engine) go to the whole engine, loaded on first need.
 */
export function createTableJsEngine(
  stub: Record<string, any>,
  config: Record<string, any>,
  table: BpeTable,
  whole: () => Promise<Engine>,
): Engine {
  const tokenizer = new Tokenizer(stub, config);
  const template = new JsOffsetTokenizer(tokenizer, stub).template;
  const { encoder, path } = planBulk(tokenizer, stub, template, { table });
  if (path.path !== 'table' || !encoder) throw new Error(`the table path does not apply: ${path.reason}`);
  const libraryDecode = (ids: number[]) =>
    tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  // The library's decoder reads token strings from its model's array: filled from the table on
  // the first decode, which also decides whether the decoder is memoised per id (tokenwise-decode.ts).
  let decoder: { tokenwise?: TokenwiseDecoder } | undefined;
  const decoderOf = () => {
    if (!decoder) {
      const model = (tokenizer as unknown as { model: { vocab: string[] } }).model;
      model.vocab = table.pieces();
      decoder = {
        tokenwise: checkedTokenwiseDecoder(tokenizer, stub, (text) => encoder.encode(text, true)?.ids, libraryDecode),
      };
    }
    return decoder;
  };
  const decode = async (ids: number[]) => {
    if (ids.length === 0) return '';
    return decoderOf().tokenwise?.decode(ids) ?? libraryDecode(ids);
  };
  return {
    // The library's own decode: it reads clean_up_tokenization_spaces from tokenizer_config.json.
    decodeAsUsed: async (ids, skip) => {
      if (ids.length === 0) return '';
      await decode(ids);
      return tokenizer.decode(ids, { skip_special_tokens: skip });
    },
    name: 'js',
    label,
    version,
    bulkPath: path,
    async encodeBatch(texts, addSpecialTokens, options) {
      if (options?.offsets !== false) return (await whole()).encodeBatch(texts, addSpecialTokens, options);
      const out: RawEncoding[] = [];
      for (const text of texts)
        out.push(
          encoder.encode(text, addSpecialTokens) ??
            (await (await whole()).encodeBatch([text], addSpecialTokens, options))[0]!,
        );
      return out;
    },
    decode,
    knownRoundTrip: knownRoundTripOf(stub, () => decoderOf().tokenwise),
  };
}

/**
 * decode(encode(text)) = text known without building the decode: a byte-level BPE
 * (ByteLevel decoder alone, no prefix space added) gives back every text that went through
 * unchanged (see MemoEncoder) and is well-formed UTF-16, with no unknown token: its tokens are
 * the text's UTF-8 bytes and the added tokens' contents, in order. A tokenwise decoder (the
 * engine's decode, tokenwise-decode.ts) compares token by token up to the first difference.
 * The differential test checks both against the decode on every sample.
 */
function knownRoundTripOf(
  json: Record<string, any>,
  tokenwise: () => TokenwiseDecoder | undefined,
): (text: string, e: RawEncoding) => number | undefined {
  const byteLevelOnly =
    json.decoder?.type === 'ByteLevel' &&
    !JSON.stringify(json.pre_tokenizer ?? null).includes('"add_prefix_space":true') &&
    !json.model?.end_of_word_suffix;
  return (text, e) =>
    byteLevelOnly && e instanceof TableEncoding && e.unchanged && wellFormed(text)
      ? -1
      : tokenwise()?.roundTrip(text, e.ids, e.inserted);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No lone surrogate (which UTF-8 turns into U+FFFD). */
function wellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}
