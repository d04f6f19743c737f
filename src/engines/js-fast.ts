// The bulk path of the js engine: ids (and the engine's token strings) without offsets, as
// @huggingface/tokenizers computes them, several times faster.
//
// Where the library's time goes (FACTS.md): its BPE word cache (an LRU that deletes and
// re-inserts on every hit, 10,000 words) and its merge queue, then the byte-level mapping of
// every pre-token. Text is Zipfian, so this path memoises whole pre-tokens: the first stage of
// the pre-tokenizer cuts a section into pieces, and each distinct piece goes once through the
// remaining stages and the model, both the library's own components. Nothing is
// re-implemented, so nothing can differ; what must hold is that those later stages and the
// model treat each piece on its own, which is checked here per tokenizer:
//  - every pre-tokenizer stage of the library maps pieces one by one (`pre_tokenize` is a
//    flatMap), so a Sequence's later stages see each first-stage piece alone;
//  - BPE and WordPiece encode word by word; with `fuse_unk`, unknown tokens are joined across
//    words, so a text where the model meets one takes the engine's encode (Unigram, whose
//    model is not word by word, always does);
//  - with no pre-tokenizer (SentencePiece-style BPE, the whole section is one word), a section
//    is cut before each run of `▁` that follows another character only when no merge can
//    produce a symbol holding such a boundary: BPE then never merges across it, and the merges
//    on each side do not depend on the other side.
// With a BpeTable (a BPE model whose strings and ids map one to one), the model stage is
// tokpeek's own merge loop over the table (bpe-merge.ts) instead of the library's, and the
// encoder needs no vocabulary of its own: a pool worker runs it over a table the main thread
// built, with the library's other stages built from the tokenizer.json without its model; and
// where the first stage is the library's regex Split, pieces are found in the memo by their
// place in the text (first-stage.ts `firstRanges`, piece-memo.ts), without making a string each.
// The differential test checks the result against the Rust reference on every `npm test`.

import type { BulkPath, RawEncoding } from '../core/token-model.js';
import { bpeWord } from './bpe-merge.js';
import type { BpeTable } from './bpe-table.js';
import { PieceRanges, firstRanges, firstStage, scansAscii } from './first-stage.js';
import type { JsTokenizerInternals } from './js-internals.js';
import { MAX_ENTRIES, MAX_KEY, PieceMemo } from './piece-memo.js';
import { quickSplit, stripAround } from './added-sections.js';
import { rawWordSeparators } from './raw-words.js';
import { sentencePiecePieces, spaceBoundariesHold } from './sentencepiece-pieces.js';
import { TableEncoding } from './table-encoding.js';

interface PreTokenizerStage {
  pre_tokenize(text: string | string[], options?: object): string[];
}

interface Entry {
  ids: number[];
  /** The model's token strings (without a table; with one, they are the table's pieces of the ids). */
  tokens?: string[];
  /** Holds a token the model's `fuse_unk` would fuse with its neighbours across pieces. */
  unknown: boolean;
}

export class MemoEncoder {
  /** Pieces (outside and in the first section), then raw words. */
  private readonly memo = [
    new Map<string, Entry | null>(),
    new Map<string, Entry | null>(),
    new Map<string, Entry | null>(),
  ];
  /** The runs between whitespace that a BERT-style pipeline encodes independently (raw-words.ts), when it applies. */
  readonly rawWords: Uint8Array | undefined;
  private readonly first: ((text: string, options: object) => string[]) | undefined;
  /** With a table and a first stage that says where its pieces are: the memos by place (outside and in the first section). */
  private readonly ranges: ((text: string, out: PieceRanges) => void) | undefined;
  private readonly found = new PieceRanges();
  private readonly placed: PieceMemo[] = [];
  /** The library's added-token splitters, skipped for a text holding none of their first characters. */
  private readonly unnormalized: (text: string) => string[];
  private readonly normalized: (text: string) => string[];
  private readonly rest: PreTokenizerStage[];
  /** Whether a piece's encoding depends on being in the first section (Metaspace `prepend_scheme: first`). */
  private readonly sectionDependent: boolean;
  private readonly bodyIndex: number;
  private readonly fuseUnknown: boolean;
  private readonly specialsBefore: { ids: number[] } = { ids: [] };
  private readonly specialsAfter: { ids: number[] } = { ids: [] };
  /** Whether the last text encoded went through unchanged: no normaliser change, no whitespace stripped beside an added token. */
  private unchanged = true;

  private constructor(
    private readonly t: JsTokenizerInternals,
    json: Record<string, any>,
    sentencePiece: boolean,
    template: { prefix: number; suffix: number },
    private readonly table: BpeTable | undefined,
  ) {
    const pre = t.pre_tokenizer as (JsTokenizerInternals['pre_tokenizer'] & { tokenizers?: unknown[] }) | null;
    if (pre && json.pre_tokenizer?.type === 'Sequence' && Array.isArray(pre.tokenizers)) {
      const stages = pre.tokenizers.filter(Boolean) as PreTokenizerStage[];
      const [head, ...tail] = stages;
      this.first = head ? firstStage(head) : undefined;
      this.ranges = head && table ? firstRanges(head) : undefined;
      this.rest = tail;
    } else if (pre) {
      this.first = firstStage(pre as unknown as PreTokenizerStage);
      this.ranges = table ? firstRanges(pre as unknown as PreTokenizerStage) : undefined;
      this.rest = [];
    } else {
      this.first = sentencePiece ? sentencePiecePieces : undefined;
      this.rest = [];
    }
    this.unnormalized = quickSplit(t.splitter_unnormalized);
    this.normalized = quickSplit(t.splitter_normalized);
    this.sectionDependent = JSON.stringify(json.pre_tokenizer ?? null).includes('"first"');
    this.bodyIndex = template.prefix;
    this.fuseUnknown = Boolean((t.model as { fuse_unk?: boolean }).fuse_unk);
    this.rawWords = this.sectionDependent ? undefined : rawWordSeparators(t, json);
    if (t.post_processor && template.prefix + template.suffix > 0) {
      const specials = t.post_processor([], null, true).tokens;
      this.specialsBefore.ids = specials.slice(0, template.prefix).map((s) => this.idOf(s)!);
      this.specialsAfter.ids = specials.slice(template.prefix).map((s) => this.idOf(s)!);
    }
  }

  /**
   * A memo encoder for this tokenizer, or why it takes the engine's own encode. With a `table`
   * (or a `refusal` saying why the model has none), the model stage is tokpeek's merge loop.
   */
  static plan(
    tokenizer: unknown,
    json: Record<string, any>,
    template: { prefix: number; suffix: number },
    bpe: { table?: BpeTable; refusal?: string } = {},
  ): { encoder?: MemoEncoder; path: BulkPath } {
    const t = tokenizer as JsTokenizerInternals;
    const model = json.model ?? {};
    const engine = (reason: string) => ({ path: { path: 'engine' as const, reason } });
    if (model.type !== 'BPE' && model.type !== 'WordPiece')
      return engine(`${model.type ?? 'this'} model: not covered by the memo path`);
    if (t.remove_space || t.do_lowercase_and_remove_accent)
      return engine('tokenizer_config asks for remove_space or lowercase-and-remove-accents');
    if (t.post_processor) {
      const specials = t.post_processor([], null, true).tokens;
      if (specials.length !== template.prefix + template.suffix)
        return engine('the post-processor does not wrap a sequence in fixed tokens');
    }
    let sentencePiece = false;
    let why: string;
    if (t.pre_tokenizer) {
      why = `pre-tokens memoised through the library's own ${describePre(json.pre_tokenizer)} and ${model.type} model`;
      const head = (t.pre_tokenizer as { tokenizers?: unknown[] }).tokenizers?.[0] ?? t.pre_tokenizer;
      if (scansAscii(head as { pattern?: unknown }))
        why += "; on ASCII text the Split's pattern (GPT-4o's) is matched by tokpeek's own scanner of it";
    } else if (model.type === 'BPE' && spaceBoundariesHold(model)) {
      sentencePiece = true;
      why =
        "SentencePiece-style BPE: words cut before each ▁ run (no merge crosses one) and memoised through the library's BPE";
    } else {
      return engine('no pre-tokenizer, and merges may cross ▁ boundaries: every section is one word');
    }
    if (bpe.table) {
      why = why.replace(
        `and ${model.type} model`,
        "and tokpeek's merge loop over a shared table of the BPE's ranked merges",
      );
      why = why.replace(
        "through the library's BPE",
        "through tokpeek's merge loop over a shared table of the ranked merges",
      );
      return {
        encoder: new MemoEncoder(t, json, sentencePiece, template, bpe.table),
        path: { path: 'table', reason: why },
      };
    }
    const encoder = new MemoEncoder(t, json, sentencePiece, template, undefined);
    if (encoder.rawWords)
      why = `the text's runs between whitespace memoised through the library's own ${json.normalizer ? `${json.normalizer.type}, ` : ''}${describePre(json.pre_tokenizer)} and ${model.type} model`;
    // A BPE without a table says why it has none; other models never have one.
    if (bpe.refusal && model.type === 'BPE') why += ` (the library's model: ${bpe.refusal})`;
    return { encoder, path: { path: 'memo', reason: why } };
  }

  /** The engine's encode of `text`, or undefined when a piece has a token without an id (the engine decides). */
  encode(text: string, addSpecialTokens: boolean): RawEncoding | undefined {
    const ids: number[] = [];
    const tokens: string[] = [];
    this.unchanged = true;
    if (!this.encodeText(text, ids, tokens)) return undefined;
    if (this.table) return this.wrap(ids, addSpecialTokens);
    if (!addSpecialTokens || !this.t.post_processor) return { ids, pieces: tokens, inserted: falses(ids.length) };
    const all = this.t.post_processor(tokens, null, true).tokens;
    const before = this.specialsBefore.ids;
    const after = this.specialsAfter.ids;
    if (
      all.length !== tokens.length + before.length + after.length ||
      (tokens.length && all[this.bodyIndex] !== tokens[0])
    )
      return undefined;
    const inserted = falses(all.length);
    for (let i = 0; i < before.length; i++) inserted[i] = true;
    for (let i = all.length - after.length; i < all.length; i++) inserted[i] = true;
    return { ids: [...before, ...ids, ...after], pieces: all, inserted };
  }

  /**
   * With a table: the post-processor's fixed tokens around the ids (plan() checked that it
   * wraps a sequence in them), and the pieces read from the table when someone asks.
   */
  private wrap(body: number[], addSpecialTokens: boolean): TableEncoding {
    const before = this.specialsBefore.ids;
    const after = this.specialsAfter.ids;
    const ids =
      addSpecialTokens && this.t.post_processor && before.length + after.length ? [...before, ...body, ...after] : body;
    const inserted = falses(ids.length);
    if (ids !== body) {
      for (let i = 0; i < before.length; i++) inserted[i] = true;
      for (let i = ids.length - after.length; i < ids.length; i++) inserted[i] = true;
    }
    return new TableEncoding(ids, inserted, this.table!, this.unchanged);
  }

  /** The library's `encode_text`, step for step, with the memo in front of its later stages and model. */
  private encodeText(text: string, ids: number[], tokens: string[]): boolean {
    const t = this.t;
    const sections = this.unnormalized(text);
    if (!stripAround(sections, t.added_tokens_map)) this.unchanged = false;
    for (let index = 0; index < sections.length; index++) {
      const section = sections[index]!;
      if (section.length === 0) continue;
      if (t.added_tokens_map.has(section)) {
        if (!this.pushToken(section, ids, tokens)) return false;
        continue;
      }
      if (this.rawWords) {
        if (!this.encodeRawWords(section, ids, tokens)) return false;
        continue;
      }
      const normalized = t.normalizer ? (t.normalizer as unknown as (s: string) => string)(section) : section;
      if (normalized !== section) this.unchanged = false;
      if (normalized.length === 0) continue;
      const subsections = this.normalized(normalized);
      if (!stripAround(subsections, t.added_tokens_map)) this.unchanged = false;
      for (const sub of subsections) {
        if (sub.length === 0) continue;
        if (t.added_tokens_map.has(sub)) {
          if (!this.pushToken(sub, ids, tokens)) return false;
          continue;
        }
        const options = { section_index: index };
        const which = this.sectionDependent && index === 0 ? 1 : 0;
        if (this.ranges) {
          if (!this.encodeRanges(sub, options, (this.placed[which] ??= new PieceMemo()), ids)) return false;
          continue;
        }
        const pieces = this.first ? this.first(sub, options) : [sub];
        const memo = this.memo[which]!;
        for (const piece of pieces) {
          let entry = memo.get(piece);
          if (entry === undefined) entry = remember(memo, piece, this.encodePiece(piece, options));
          // fuse_unk joins unknown tokens across pieces: such texts take the engine's encode.
          if (entry === null || (entry.unknown && this.fuseUnknown)) return false;
          if (entry.unknown) this.unchanged = false;
          const pieces = entry.tokens;
          for (let i = 0; i < entry.ids.length; i++) ids.push(entry.ids[i]!);
          if (pieces) for (let i = 0; i < pieces.length; i++) tokens.push(pieces[i]!);
        }
      }
    }
    return true;
  }

  /** The pieces of `text` (firstRanges) through the memo by place: no string made for a piece met before. */
  private encodeRanges(text: string, options: object, memo: PieceMemo, ids: number[]): boolean {
    const found = this.found;
    this.ranges!(text, found);
    for (let k = 0; k < found.count; k++) {
      const start = found.starts[k]!;
      const end = found.ends[k]!;
      const at = end - start <= MAX_KEY ? memo.find(text, start, end) : -1;
      let unknown: boolean;
      if (at >= 0) unknown = memo.pushIds(at, ids);
      else {
        // Over a table the model always answers (encodePiece is null only for the library's model).
        const entry = this.encodePiece(text.slice(start, end), options)!;
        memo.add(text, start, end, entry.ids, entry.unknown);
        for (let i = 0; i < entry.ids.length; i++) ids.push(entry.ids[i]!);
        unknown = entry.unknown;
      }
      // fuse_unk joins unknown tokens across pieces: such texts take the engine's encode.
      if (unknown && this.fuseUnknown) return false;
      if (unknown) this.unchanged = false;
    }
    return true;
  }

  /** A section as its raw words, each memoised through the normaliser, pre-tokenizer and model (raw-words.ts). */
  private encodeRawWords(section: string, ids: number[], tokens: string[]): boolean {
    // The normaliser changes most texts (BERT lowercases), so no round trip is taken as known.
    this.unchanged = false;
    const memo = this.memo[2]!;
    const separator = this.rawWords!;
    const n = section.length;
    for (let i = 0; i < n; ) {
      if (separator[section.charCodeAt(i)] === 1) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < n && separator[section.charCodeAt(end)] !== 1) end++;
      const word = section.slice(i, end);
      i = end;
      let entry = memo.get(word);
      if (entry === undefined) entry = remember(memo, word, this.encodeRawWord(word));
      if (entry === null || (entry.unknown && this.fuseUnknown)) return false;
      for (let i = 0; i < entry.ids.length; i++) ids.push(entry.ids[i]!);
      const pieces = entry.tokens;
      if (pieces) for (let i = 0; i < pieces.length; i++) tokens.push(pieces[i]!);
    }
    return true;
  }

  private encodeRawWord(word: string): Entry | null {
    const t = this.t;
    const normalized = t.normalizer ? (t.normalizer as unknown as (s: string) => string)(word) : word;
    const options = { section_index: 0 };
    const entry: Entry = { ids: [], tokens: this.table ? undefined : [], unknown: false };
    const pieces = this.memo[0]!;
    for (const piece of this.first ? this.first(normalized, options) : [normalized]) {
      // The same pre-token comes from many raw words ("the", "The", "the,"): memoised too.
      let one = pieces.get(piece);
      if (one === undefined) one = remember(pieces, piece, this.encodePiece(piece, options));
      if (one === null) return null;
      entry.ids.push(...one.ids);
      if (one.tokens) entry.tokens!.push(...one.tokens);
      if (one.unknown) entry.unknown = true;
    }
    return entry;
  }

  private encodePiece(piece: string, options: object): Entry | null {
    let words = [piece];
    for (const stage of this.rest) words = stage.pre_tokenize(words, options);
    if (this.table) {
      const ids: number[] = [];
      let unknown = false;
      for (const word of words) if (bpeWord(this.table, word, ids)) unknown = true;
      return { ids, unknown };
    }
    const tokens = (this.t.model as unknown as { encode(words: string[]): string[] }).encode(words);
    const { tokens_to_ids: vocab, unk_token_id: unk } = this.t.model;
    const ids = new Array<number>(tokens.length);
    let unknown = false;
    for (let i = 0; i < tokens.length; i++) {
      const id = this.idOf(tokens[i]!);
      if (id === undefined) return null;
      ids[i] = id;
      // The library's fuse_unk test, word for word.
      if ((vocab.get(tokens[i]!) ?? unk) === unk) unknown = true;
    }
    return { ids, tokens, unknown };
  }

  /** The engine's id of a token string. */
  private idOf(token: string): number | undefined {
    const { added_tokens_map: added, model } = this.t;
    const table = this.table;
    if (table) return added.get(token)?.id ?? (table.idOf(token) >= 0 ? table.idOf(token) : undefined);
    return added.get(token)?.id ?? model.tokens_to_ids.get(token) ?? model.unk_token_id;
  }

  private pushToken(token: string, ids: number[], tokens: string[]): boolean {
    const id = this.idOf(token);
    if (id === undefined) return false;
    ids.push(id);
    tokens.push(token);
    return true;
  }
}

/** Keeps a key's entry (a key over MAX_KEY units is encoded every time); a full memo starts over. */
function remember<T>(memo: Map<string, T>, key: string, entry: T): T {
  if (key.length <= MAX_KEY) {
    if (memo.size >= MAX_ENTRIES) memo.clear();
    memo.set(key, entry);
  }
  return entry;
}

function falses(n: number): boolean[] {
  return new Array<boolean>(n).fill(false);
}

function describePre(pre: Record<string, any>): string {
  if (pre?.type === 'Sequence')
    return `${(pre.pretokenizers ?? []).map((p: any) => p?.type).join(' + ')} pre-tokenizer`;
  return `${pre?.type} pre-tokenizer`;
}
