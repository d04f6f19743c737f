// The bulk path of a BERT-style tokenizer (BertNormalizer or none, BertPreTokenizer, WordPiece):
// ids as @huggingface/tokenizers computes them, with tokpeek's own WordPiece over a shared
// table of the vocabulary (bpe-table.ts), so a pool worker needs neither the tokenizer's
// vocabulary nor the library's model.
//
// The text is cut into raw words, the runs between the normaliser's whitespace (raw-words.ts:
// each is normalised and pre-tokenised on its own). A raw word of printable ASCII, nearly every
// word of most corpora, never meets the library's normaliser: its characters are read in
// place, lowercased on the fly where the normaliser lowercases, cut into letters-and-digits
// runs and single punctuation characters (asciiWords checks both per tokenizer, on the
// library's own instances). Any other raw word goes once through the library's normaliser and
// pre-tokenizer and is memoised. Each pre-token then takes WordPiece's greedy longest match
// first, with the library's and the Rust reference's rules: a word of more than
// max_input_chars_per_word code points is the unknown token; from each position the longest
// vocabulary string that matches (after the first, continuing_subword_prefix + the rest) is
// taken, and a word where some position matches nothing is the unknown token as a whole. The
// vocabulary is the library's: the model's, with the added tokens' contents over it.
// The differential test checks the ids against the Rust reference and the library's encode.

import type { BulkPath, RawEncoding } from '../core/token-model.js';
import type { BpeTable } from './bpe-table.js';
import type { JsTokenizerInternals } from './js-internals.js';
import { quickSplit, stripAround } from './added-sections.js';
import { ASCII_WORD, asciiWords, rawWordSeparators } from './raw-words.js';
import { TableEncoding } from './table-encoding.js';
import { codePointCount, isHighSurrogate, isLowSurrogate } from '../core/code-points.js';

// Non-ASCII raw words longer than this are encoded every time; a full memo starts over.
const MAX_KEY = 256;
const MAX_ENTRIES = 1 << 16;

/** 1 at each printable ASCII character that is not a letter or digit: a pre-token of its own. */
const PUNCTUATION = new Uint8Array(128);
for (let c = 0x21; c <= 0x7e; c++) if (!ASCII_WORD.test(String.fromCharCode(c))) PUNCTUATION[c] = 1;

export class WordPieceEncoder {
  private readonly prefix: string;
  private readonly maxChars: number;
  private readonly unk: number;
  private readonly longest: number;
  private readonly split: (text: string) => string[];
  /** Raw words outside printable ASCII, to their ids. */
  private readonly memo = new Map<string, number[]>();
  private readonly before: number[];
  private readonly after: number[];
  /** The longest added token's content (a longer section is none). */
  private readonly longestAdded: number;

  private constructor(
    private readonly t: JsTokenizerInternals,
    json: Record<string, any>,
    private readonly table: BpeTable,
    private readonly separators: Uint8Array,
    private readonly lower: boolean,
    template: { prefix: number; suffix: number },
  ) {
    const model = json.model;
    this.prefix = model.continuing_subword_prefix;
    this.maxChars = model.max_input_chars_per_word ?? 100;
    this.unk = table.idOf(model.unk_token);
    this.longest = table.longestPiece();
    this.split = quickSplit(t.splitter_unnormalized);
    this.longestAdded = Math.max(0, ...[...t.added_tokens_map.keys()].map((k) => k.length));
    const specials = t.post_processor ? t.post_processor([], null, true).tokens.map((s) => this.idOf(s)) : [];
    this.before = specials.slice(0, template.prefix);
    this.after = specials.slice(template.prefix);
  }

  /** The encoder for this tokenizer, or why it has none (the tokenizer keeps the memo or engine path). */
  static plan(
    tokenizer: unknown,
    json: Record<string, any>,
    template: { prefix: number; suffix: number },
    built: { table?: BpeTable; refusal?: string },
  ): { encoder: WordPieceEncoder; path: BulkPath } | { refusal: string } {
    const t = tokenizer as JsTokenizerInternals;
    const model = json.model ?? {};
    if (!built.table) return { refusal: built.refusal ?? 'no table of its vocabulary' };
    // The library prepends the prefix as it is (no default), the Rust reference defaults to ##.
    if (typeof model.continuing_subword_prefix !== 'string') return { refusal: 'no continuing_subword_prefix' };
    if (model.max_input_chars_per_word !== undefined && !Number.isInteger(model.max_input_chars_per_word))
      return { refusal: 'max_input_chars_per_word is not an integer' };
    if (model.fuse_unk) return { refusal: 'fuse_unk joins unknown tokens across words' };
    if (t.remove_space || t.do_lowercase_and_remove_accent)
      return { refusal: 'tokenizer_config asks for remove_space or lowercase-and-remove-accents' };
    const separators = rawWordSeparators(t, json);
    if (!separators)
      return { refusal: 'its normaliser and pre-tokenizer are not BertNormalizer (or none) and BertPreTokenizer' };
    const ascii = asciiWords(t);
    if (!ascii) return { refusal: 'its normaliser or pre-tokenizer treats printable ASCII unlike BERT' };
    if (t.post_processor && t.post_processor([], null, true).tokens.length !== template.prefix + template.suffix)
      return { refusal: 'the post-processor does not wrap a sequence in fixed tokens' };
    const encoder = new WordPieceEncoder(t, json, built.table, separators, ascii.lower, template);
    if ([...encoder.before, ...encoder.after].some((id) => id < 0))
      return { refusal: "a post-processor's token has no id" };
    return {
      encoder,
      path: {
        path: 'table',
        reason: `tokpeek's WordPiece over a shared table of the vocabulary; words of printable ASCII ${ascii.lower ? 'lowercased and ' : ''}split as the ${json.normalizer ? `${json.normalizer.type} and ` : ''}BertPreTokenizer do, other words through the library's own`,
      },
    };
  }

  encode(text: string, addSpecialTokens: boolean): RawEncoding {
    const wrap = addSpecialTokens && this.t.post_processor !== null;
    const ids: number[] = wrap ? this.before.slice() : [];
    const added = this.t.added_tokens_map;
    const sections = this.split(text);
    // One section: nothing beside it to strip (and no need to hash a long text to know it is no token).
    if (sections.length > 1) stripAround(sections, added);
    for (let i = 0; i < sections.length; i++) {
      const section = sections[i]!;
      if (section.length === 0) continue;
      const token = section.length <= this.longestAdded ? added.get(section) : undefined;
      if (token) ids.push(token.id);
      else this.encodeSection(section, ids);
    }
    const inserted = new Array<boolean>(ids.length + (wrap ? this.after.length : 0)).fill(false);
    if (wrap) {
      for (let i = 0; i < this.before.length; i++) inserted[i] = true;
      for (let i = 0; i < this.after.length; i++) inserted[ids.push(this.after[i]!) - 1] = true;
    }
    // The normaliser may change the text (BERT lowercases): no round trip is taken as known.
    return new TableEncoding(ids, inserted, this.table, false);
  }

  /** A section without added tokens, raw word by raw word. */
  private encodeSection(section: string, ids: number[]): void {
    const separator = this.separators;
    const n = section.length;
    for (let i = 0; i < n; ) {
      if (separator[section.charCodeAt(i)] === 1) {
        i++;
        continue;
      }
      let end = i;
      let ascii = true;
      for (; end < n; end++) {
        const c = section.charCodeAt(end);
        if (separator[c] === 1) break;
        if (c < 0x21 || c > 0x7e) ascii = false;
      }
      if (ascii) this.asciiWord(section, i, end, ids);
      else this.otherWord(section.slice(i, end), ids);
      i = end;
    }
  }

  /** A raw word of printable ASCII: its letters-and-digits runs and punctuation characters, each through WordPiece. */
  private asciiWord(s: string, from: number, to: number, ids: number[]): void {
    for (let i = from; i < to; ) {
      let end = i + 1;
      if (PUNCTUATION[s.charCodeAt(i)] !== 1) while (end < to && PUNCTUATION[s.charCodeAt(end)] !== 1) end++;
      this.asciiPiece(s, i, end, ids);
      i = end;
    }
  }

  /** One ASCII pre-token, read in place (a code unit is a code point). */
  private asciiPiece(s: string, from: number, to: number, ids: number[]): void {
    if (to - from > this.maxChars) ids.push(this.unk);
    else this.greedy(s, from, to, this.lower, ids);
  }

  /** Any other raw word: the library's normaliser and pre-tokenizer, then WordPiece; memoised. */
  private otherWord(word: string, ids: number[]): void {
    let entry = this.memo.get(word);
    if (entry === undefined) {
      entry = [];
      const t = this.t;
      const normalized = t.normalizer ? (t.normalizer as unknown as (s: string) => string)(word) : word;
      if (normalized.length)
        for (const piece of t.pre_tokenizer!(normalized)) {
          if (codePointCount(piece) > this.maxChars) entry.push(this.unk);
          else this.greedy(piece, 0, piece.length, false, entry);
        }
      if (word.length <= MAX_KEY) {
        if (this.memo.size >= MAX_ENTRIES) this.memo.clear();
        this.memo.set(word, entry);
      }
    }
    for (let i = 0; i < entry.length; i++) ids.push(entry[i]!);
  }

  /**
   * WordPiece's greedy longest match first over `s.slice(from, to)`, by code points as both
   * references count them (an end never falls inside a surrogate pair); `lower` reads ASCII
   * capitals as small letters. A position where nothing matches makes the whole word unknown.
   */
  private greedy(s: string, from: number, to: number, lower: boolean, ids: number[]): void {
    const at = ids.length;
    for (let start = from; start < to; ) {
      const prefix = start > from ? this.prefix : '';
      // No vocabulary string is longer than `longest`: shorter candidates only.
      let end = Math.min(to, start + this.longest - prefix.length);
      if (end < to && end > start && isLowSurrogate(s.charCodeAt(end)) && isHighSurrogate(s.charCodeAt(end - 1))) end--;
      let id = -1;
      while (end > start) {
        id = this.table.wordPieceId(s, start, end, prefix, lower);
        if (id >= 0) break;
        end -=
          end - 2 >= start && isLowSurrogate(s.charCodeAt(end - 1)) && isHighSurrogate(s.charCodeAt(end - 2)) ? 2 : 1;
      }
      if (id < 0) {
        ids.length = at;
        ids.push(this.unk);
        return;
      }
      ids.push(id);
      start = end;
    }
  }

  /** The library's id of a token string: an added token's, else the vocabulary's (-1 when neither). */
  private idOf(token: string): number {
    return this.t.added_tokens_map.get(token)?.id ?? this.table.idOf(token);
  }
}
