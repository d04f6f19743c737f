// The default engine: @huggingface/tokenizers, what transformers.js applications run.

import { Tokenizer } from '@huggingface/tokenizers';
import type { RawEncoding } from '../core/token-model.js';
import type { Engine, EngineInput } from './engine.js';
import { BpeTable } from './bpe-table.js';
import { MemoEncoder, TableEncoding } from './js-fast.js';
import { JsOffsetTokenizer } from './js-offsets.js';
import { packageVersion } from '../package-info.js';

const version = packageVersion('@huggingface/tokenizers');
const label = `@huggingface/tokenizers ${version}`;

/** The environment variable that turns the bulk paths off, so benchmarks can compare with the engine alone. */
export const BASELINE = 'TOKPEEK_BULK';
export const engineOnly = (): boolean => process.env[BASELINE] === 'engine';

// Tables built in this process, by the parsed tokenizer.json they come from.
const tables = new WeakMap<object, { table?: BpeTable; refusal?: string }>();

/** The BPE table of a parsed tokenizer.json (built once per process), or why it has none. */
export function bpeTableOf(json: Record<string, any>): { table?: BpeTable; refusal?: string } {
  let built = tables.get(json);
  if (!built) tables.set(json, (built = BpeTable.build(json)));
  return built;
}

export function createJsEngine({ files }: EngineInput): Engine {
  const tokenizer = new Tokenizer(files.tokenizer, files.config ?? {});
  const withOffsets = new JsOffsetTokenizer(tokenizer, files.tokenizer);
  const { prefix, suffix } = withOffsets.template;
  const insertedMask = (n: number, added: boolean): boolean[] => {
    const mask = new Array<boolean>(n).fill(false);
    if (added) for (let i = 0; i < n; i++) if (i < prefix || i >= n - suffix) mask[i] = true;
    return mask;
  };
  // Without offsets (bulk statistics, snapshots), the memo path when it covers this tokenizer;
  // its table is built on first use (a screen that only shows offsets never needs it).
  let plan: ReturnType<typeof MemoEncoder.plan> | undefined;
  const planned = () =>
    (plan ??= engineOnly()
      ? { path: { path: 'engine', reason: `${BASELINE}=engine: the library's own encode (a benchmark's baseline)` } }
      : MemoEncoder.plan(tokenizer, files.tokenizer, withOffsets.template, bpeTableOf(files.tokenizer)));
  const engineEncode = (text: string, addSpecialTokens: boolean) => {
    const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
    return { ids, pieces: tokens, inserted: insertedMask(ids.length, addSpecialTokens) };
  };
  const decode = async (ids: number[]) =>
    ids.length === 0 ? '' : tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  return {
    name: 'js',
    label,
    version,
    get bulkPath() {
      return planned().path;
    },
    async encodeBatch(texts, addSpecialTokens, options) {
      if (options?.offsets === false) {
        const memo = planned().encoder;
        return texts.map((text) => memo?.encode(text, addSpecialTokens) ?? engineEncode(text, addSpecialTokens));
      }
      return texts.map((text) => withOffsets.encode(text, addSpecialTokens));
    },
    evidence: (text) => withOffsets.evidence(text),
    decode,
    knownRoundTrip: knownRoundTripOf(files.tokenizer),
  };
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
  const { encoder, path } = MemoEncoder.plan(tokenizer, stub, template, { table });
  if (path.path !== 'table' || !encoder) throw new Error(`the table path does not apply: ${path.reason}`);
  let vocabulary = false;
  const decode = async (ids: number[]) => {
    if (ids.length === 0) return '';
    // The library's decoder reads token strings from its model's array: filled from the table once.
    if (!vocabulary) {
      const model = (tokenizer as unknown as { model: { vocab: string[] } }).model;
      model.vocab = table.pieces();
      vocabulary = true;
    }
    return tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  };
  return {
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
    knownRoundTrip: knownRoundTripOf(stub),
  };
}

/**
 * decode(encode(text)) = text known without decoding: a byte-level BPE
 * (ByteLevel decoder alone, no prefix space added) gives back every text that went through
 * unchanged (see MemoEncoder) and is well-formed UTF-16, with no unknown token: its tokens are
 * the text's UTF-8 bytes and the added tokens' contents, in order. The differential test
 * checks this against the decode on every sample.
 */
function knownRoundTripOf(json: Record<string, any>): (text: string, e: RawEncoding) => number | undefined {
  const byteLevelOnly =
    json.decoder?.type === 'ByteLevel' &&
    !JSON.stringify(json.pre_tokenizer ?? null).includes('"add_prefix_space":true') &&
    !json.model?.end_of_word_suffix;
  return (text, e) => (byteLevelOnly && e instanceof TableEncoding && e.unchanged && wellFormed(text) ? -1 : undefined);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** No lone surrogate (which UTF-8 turns into U+FFFD). */
function wellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}
