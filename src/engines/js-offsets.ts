// Tokenization with offsets for @huggingface/tokenizers, which reports none.
//
// We replay the library's own `encode_text` stage by stage with its own components
// (added-token splitter, normalizer, pre-tokenizer, model, post-processor), keeping track
// of where every intermediate string came from. The ids are therefore the library's ids;
// the differential test checks them against `tokenizer.encode` and the offsets against
// the Rust reference.

import type { RawEncoding } from '../core/token-model.js';
import type { PipelineEvidence } from '../core/drift/classify.js';
import { byteFallbackByte, byteLevelBytes, byteToChar, decodeWhole, utf8Bytes } from '../core/byte-level.js';
import {
  type AlignedString,
  identity,
  mapUnits,
  normalizeForm,
  originalRange,
  prepend,
  replace,
  slice,
} from '../core/aligned-string.js';

const TRAILING_WHITE_SPACE = /\p{White_Space}+$/u;
const LEADING_WHITE_SPACE = /^\p{White_Space}+/u;

/** The parts of a @huggingface/tokenizers `Tokenizer` we replay (private fields included). */
export interface JsTokenizerInternals {
  normalizer: JsComponent | null;
  pre_tokenizer: (((text: string, options?: object) => string[]) & JsComponent) | null;
  model: ((pieces: string[]) => string[]) & {
    tokens_to_ids: Map<string, number>;
    unk_token_id: number | undefined;
    unk_token: string | undefined;
    config: Record<string, any>;
  };
  post_processor: ((tokens: string[], pair: null, addSpecial: boolean) => { tokens: string[] }) | null;
  splitter_unnormalized: { split(text: string): string[] };
  splitter_normalized: { split(text: string): string[] };
  added_tokens_map: Map<string, { id: number; lstrip: boolean; rstrip: boolean }>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

interface JsComponent {
  config?: Record<string, any>;
  normalizers?: Array<JsComponent | null>;
  tokenizers?: Array<JsComponent | null>;
  pattern?: RegExp | null;
  normalize?: (text: string) => string;
}

interface Pipeline {
  byteLevel: boolean;
  metaspace: string | undefined;
  subwordPrefix: string | undefined;
  wordSuffix: string | undefined;
  subwordSuffix: string | undefined;
  byteFallback: boolean;
  trimOffsets: { addPrefixSpace: boolean } | undefined;
  template: { prefix: number; suffix: number };
}

export class JsOffsetTokenizer {
  private readonly t: JsTokenizerInternals;
  private readonly p: Pipeline;
  /** Tokens the post-processor puts before and after a single sequence. */
  get template(): { prefix: number; suffix: number } {
    return this.p.template;
  }

  constructor(tokenizer: unknown, json: Record<string, any>) {
    this.t = tokenizer as JsTokenizerInternals;
    this.p = pipelineOf(this.t, json);
  }

  encode(text: string, addSpecialTokens: boolean): RawEncoding {
    const pieces: string[] = [];
    const offsets: Array<[number, number]> = [];
    // Each pre-token (and each added token in the text) is a word: its tokens' index, for truncation.
    const words: number[] = [];
    let word = -1;
    this.encodeText(text, pieces, offsets, () => {
      word++;
      while (words.length < pieces.length) words.push(word);
    });

    let tokens = pieces;
    let prefix = 0;
    if (this.t.post_processor) {
      tokens = this.t.post_processor(pieces, null, addSpecialTokens).tokens;
      if (addSpecialTokens) prefix = this.p.template.prefix;
    }
    const { model, added_tokens_map: added } = this.t;
    const ids = tokens.map((tok) => added.get(tok)?.id ?? model.tokens_to_ids.get(tok) ?? model.unk_token_id ?? -1);
    // Rust trims the sequence's own offsets before the post-processor adds its tokens.
    if (this.p.trimOffsets) {
      // An added token's string in Rust is the text it matched, stripped whitespace included.
      const strings = pieces.map((p, i) => (this.t.added_tokens_map.has(p) ? text.slice(...offsets[i]!) : p));
      trimByteLevelOffsets(text, strings, offsets, this.p.trimOffsets.addPrefixSpace);
    }
    const inserted = tokens.map((_, i) => i < prefix || i >= prefix + pieces.length);
    const allOffsets = tokens.map((_, i): [number, number] => (inserted[i] ? [0, 0] : [...offsets[i - prefix]!]));
    const allWords = tokens.map((_, i) => (inserted[i] ? -1 : (words[i - prefix] ?? -1)));
    return { ids, pieces: tokens, offsets: allOffsets, inserted, words: allWords };
  }

  /** Where this pipeline's pre-tokens end, in the bytes its tokens stand for, and its model alone (for the drift classifier). */
  evidence(text: string): PipelineEvidence {
    const preTokenEnds: number[] = [];
    let at = 0;
    this.encodeText(text, [], [], (bytes) => preTokenEnds.push((at += bytes)));
    return { preTokenEnds, model: (bytes) => this.modelIds(bytes) };
  }

  private modelIds(bytes: Uint8Array): number[] | undefined {
    const { byteLevel, metaspace } = this.p;
    let word: string | undefined;
    if (byteLevel) word = Array.from(bytes, byteToChar).join('');
    else {
      word = decodeWhole(bytes);
      if (word !== undefined && metaspace) word = word.replaceAll(' ', metaspace);
    }
    if (word === undefined || word.length === 0) return undefined;
    const { model, added_tokens_map: added } = this.t;
    return model([word]).map((tok) => added.get(tok)?.id ?? model.tokens_to_ids.get(tok) ?? model.unk_token_id ?? -1);
  }

  /** `onPreToken` is called after each pre-token's (or added token's) tokens are out, with its length in bytes. */
  private encodeText(
    text: string,
    out: string[],
    offsets: Array<[number, number]>,
    onPreToken?: (bytes: number) => void,
  ): void {
    const t = this.t;
    const sections = t.splitter_unnormalized.split(text);
    const bounds: Array<[number, number]> = [];
    let at = 0;
    for (const s of sections) {
      bounds.push([at, at + s.length]);
      at += s.length;
    }
    // lstrip/rstrip on added tokens eat the whitespace around them, as the library does; Rust
    // counts that whitespace in the added token's offsets.
    sections.forEach((section, i) => {
      const tok = t.added_tokens_map.get(section);
      if (!tok) return;
      // (Rust's whitespace is the White_Space property; the library's trim also eats U+FEFF.)
      if (tok.lstrip && i > 0) {
        const prev = sections[i - 1]!;
        const trimmed = prev.trimEnd();
        sections[i - 1] = trimmed;
        bounds[i]![0] -= prev.length - prev.replace(TRAILING_WHITE_SPACE, '').length;
        bounds[i - 1]![1] = bounds[i - 1]![0] + trimmed.length;
      }
      if (tok.rstrip && i < sections.length - 1) {
        const next = sections[i + 1]!;
        const trimmed = next.trimStart();
        sections[i + 1] = trimmed;
        bounds[i]![1] += next.length - next.replace(LEADING_WHITE_SPACE, '').length;
        bounds[i + 1]![0] = bounds[i + 1]![1] - trimmed.length;
      }
    });

    sections.forEach((section, sectionIndex) => {
      if (section.length === 0) return;
      const [start, end] = bounds[sectionIndex]!;
      if (t.added_tokens_map.has(section)) {
        out.push(section);
        offsets.push([start, end]);
        onPreToken?.(utf8Bytes(section).length);
        return;
      }
      let normalized = identity(section, start);
      if (t.remove_space === true) {
        normalized = mapUnits(normalized, () => section.trim().split(/\s+/).join(' '));
      }
      if (t.do_lowercase_and_remove_accent) {
        normalized = mapUnits(normalized, (s) => s.toLowerCase().replace(/\p{M}/gu, ''));
      }
      if (t.normalizer) normalized = alignNormalizer(t.normalizer, normalized);
      if (normalized.text.length === 0) return;

      let subAt = 0;
      for (const sub of t.splitter_normalized.split(normalized.text)) {
        const subStart = subAt;
        subAt += sub.length;
        if (sub.length === 0) continue;
        const aligned = slice(normalized, subStart, subAt);
        if (t.added_tokens_map.has(sub)) {
          out.push(sub);
          offsets.push(originalRange(aligned, 0, sub.length));
          onPreToken?.(utf8Bytes(sub).length);
          continue;
        }
        this.encodeSubsection(aligned, sectionIndex, out, offsets, onPreToken);
      }
    });
  }

  private encodeSubsection(
    text: AlignedString,
    sectionIndex: number,
    out: string[],
    offsets: Array<[number, number]>,
    onPreToken?: (bytes: number) => void,
  ): void {
    const { t } = this;
    const preTokens = t.pre_tokenizer ? t.pre_tokenizer(text.text, { section_index: sectionIndex }) : [text.text];
    const bytes = new ByteView(text);
    let cursor = 0;
    for (const preToken of preTokens) {
      const tokens = t.model([preToken]);
      const preBytes = this.preTokenBytes(preToken);
      const found = bytes.find(preBytes, cursor);
      if (!found) {
        // The pre-tokenizer changed the text in a way we do not follow: keep ids, widen offsets.
        const span = originalRange(text, 0, text.text.length);
        for (const tok of tokens) {
          out.push(tok);
          offsets.push(span);
        }
        onPreToken?.(preBytes.length);
        continue;
      }
      const { at, insertedPrefix } = found;
      const realLength = preBytes.length - (insertedPrefix ? 1 : 0);
      cursor = at + realLength;
      // Positions within the pre-token, in bytes; an inserted prefix byte maps onto the first real byte.
      const spans = this.tokenByteSpans(tokens, preBytes);
      tokens.forEach((tok, i) => {
        let [b0, b1] = spans[i]!;
        if (insertedPrefix) {
          b0 = Math.max(0, b0 - 1);
          b1 = Math.max(b1 - 1, b0 + (b1 > b0 ? 1 : 0));
        }
        b0 = Math.min(b0, realLength);
        b1 = Math.min(b1, realLength);
        out.push(tok);
        offsets.push(bytes.originalRange(at + b0, at + b1));
      });
      onPreToken?.(preBytes.length);
    }
  }

  /** The bytes of the normalized text a pre-token stands for. */
  private preTokenBytes(preToken: string): Uint8Array {
    const { byteLevel, metaspace } = this.p;
    if (byteLevel) {
      const b = byteLevelBytes(preToken);
      if (b) return Uint8Array.from(b);
    }
    return utf8Bytes(metaspace ? preToken.replaceAll(metaspace, ' ') : preToken);
  }

  /** [start, end) byte spans of each model token within its pre-token's bytes. */
  private tokenByteSpans(tokens: string[], preBytes: Uint8Array): Array<[number, number]> {
    const { model } = this.t;
    const surfaces = tokens.map((tok, i) =>
      model.tokens_to_ids.get(tok) === undefined || tok === model.unk_token ? undefined : this.surfaceBytes(tok, i),
    );
    const spans: Array<[number, number]> = [];
    let pos = 0;
    for (let i = 0; i < tokens.length; i++) {
      const surface = surfaces[i];
      let len: number;
      if (surface) {
        len = surface.length;
      } else {
        // An unknown token covers what the tokens after it leave over; with more unknowns to
        // come, it runs up to where the next known token's text starts (at least one character).
        const rest = surfaces.slice(i + 1);
        const next = rest[0];
        if (rest.every((s) => s !== undefined)) len = preBytes.length - pos - rest.reduce((n, s) => n + s!.length, 0);
        else if (next) {
          const first = utf8CharLength(preBytes[pos] ?? 0);
          const at = Buffer.from(preBytes.buffer, preBytes.byteOffset, preBytes.length).indexOf(next, pos + first);
          len = at === -1 ? first : at - pos;
        } else len = utf8CharLength(preBytes[pos] ?? 0);
      }
      len = Math.max(0, Math.min(len, preBytes.length - pos));
      spans.push([pos, pos + len]);
      pos += len;
    }
    return spans;
  }

  private surfaceBytes(tok: string, indexInWord: number): Uint8Array {
    const { byteLevel, byteFallback, metaspace, subwordPrefix, wordSuffix, subwordSuffix } = this.p;
    if (byteFallback) {
      const b = byteFallbackByte(tok);
      if (b !== undefined) return Uint8Array.of(b);
    }
    let s = tok;
    if (subwordPrefix && indexInWord > 0 && s.startsWith(subwordPrefix)) s = s.slice(subwordPrefix.length);
    if (wordSuffix && s.endsWith(wordSuffix)) s = s.slice(0, -wordSuffix.length);
    if (subwordSuffix && s.endsWith(subwordSuffix)) s = s.slice(0, -subwordSuffix.length);
    if (byteLevel) {
      const b = byteLevelBytes(s);
      if (b) return Uint8Array.from(b);
    }
    return utf8Bytes(metaspace ? s.replaceAll(metaspace, ' ') : s);
  }
}

/** UTF-8 bytes of an aligned string, mapped back to original ranges. */
class ByteView {
  private readonly bytes: Buffer;
  /** UTF-16 unit index of the character each byte belongs to, and that character's unit length. */
  private readonly unitOf: Int32Array;
  private readonly unitLen: Uint8Array;

  constructor(private readonly text: AlignedString) {
    this.bytes = Buffer.from(text.text, 'utf8');
    this.unitOf = new Int32Array(this.bytes.length);
    this.unitLen = new Uint8Array(this.bytes.length);
    let b = 0;
    for (let u = 0; u < text.text.length; ) {
      const cp = text.text.codePointAt(u)!;
      const units = cp > 0xffff ? 2 : 1;
      const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = 0; k < n; k++) {
        this.unitOf[b + k] = u;
        this.unitLen[b + k] = units;
      }
      b += n;
      u += units;
    }
  }

  /** Finds a pre-token's bytes at or after `from`; a leading space may have been inserted by the pre-tokenizer. */
  find(needle: Uint8Array, from: number): { at: number; insertedPrefix: boolean } | undefined {
    if (needle.length === 0) return { at: from, insertedPrefix: false };
    // Pre-tokens usually follow each other: try right here first, as it is, then after an
    // inserted space (a lone inserted space before a tab must not jump to a later real space).
    if (this.startsWith(needle, from)) return { at: from, insertedPrefix: false };
    if (needle[0] === 0x20 && this.startsWith(needle.subarray(1), from)) return { at: from, insertedPrefix: true };
    const direct = this.bytes.indexOf(needle, from);
    if (needle[0] === 0x20 && needle.length > 1) {
      const rest = needle.subarray(1);
      const prefixed = this.bytes.indexOf(rest, from);
      if (prefixed !== -1 && (direct === -1 || prefixed < direct)) return { at: prefixed, insertedPrefix: true };
    }
    if (direct !== -1) return { at: direct, insertedPrefix: false };
    // A pre-token that is only an inserted space (Metaspace's `▁` before an added token, say).
    if (needle.length === 1 && needle[0] === 0x20) return { at: from, insertedPrefix: true };
    return undefined;
  }

  private startsWith(needle: Uint8Array, at: number): boolean {
    if (at + needle.length > this.bytes.length) return false;
    for (let k = 0; k < needle.length; k++) if (this.bytes[at + k] !== needle[k]) return false;
    return true;
  }

  originalRange(b0: number, b1: number): [number, number] {
    if (this.bytes.length === 0) return originalRange(this.text, 0, 0);
    if (b1 <= b0) {
      // Nothing of its own in the text (an inserted `▁`): it belongs with the next character.
      const at = Math.min(b0, this.bytes.length - 1);
      const u = this.unitOf[at]!;
      return originalRange(this.text, u, u + this.unitLen[at]!);
    }
    const u0 = this.unitOf[b0]!;
    const last = b1 - 1;
    const u1 = this.unitOf[last]! + this.unitLen[last]!;
    return originalRange(this.text, u0, u1);
  }
}

function utf8CharLength(lead: number): number {
  return lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Aligns a normalizer of the JS library, following the Rust crate's rules for each kind. */
function alignNormalizer(n: JsComponent, text: AlignedString): AlignedString {
  const type = n.config?.type;
  switch (type) {
    case 'Sequence':
      return (n.normalizers ?? []).reduce((acc, inner) => (inner ? alignNormalizer(inner, acc) : acc), text);
    case 'Prepend':
      return prepend(text, String(n.config?.prepend ?? ''));
    case 'Replace':
      return n.pattern ? replace(text, n.pattern, String(n.config?.content ?? '')) : text;
    case 'Strip': {
      const s = text.text;
      const from = n.config?.strip_left ? s.length - s.trimStart().length : 0;
      const to = n.config?.strip_right ? s.trimEnd().length : s.length;
      return slice(text, Math.min(from, to), to);
    }
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return normalizeForm(text, type);
    default:
      return mapUnits(text, (s) => n.normalize!(s));
  }
}

function pipelineOf(t: JsTokenizerInternals, json: Record<string, any>): Pipeline {
  const pre = flatten(json.pre_tokenizer, 'pretokenizers');
  const post = flatten(json.post_processor, 'processors');
  const model = json.model ?? {};
  const meta = pre.find((c) => c.type === 'Metaspace');
  // ByteLevel and RobertaProcessing trim the spaces off byte-level offsets (Rust's process_offsets).
  const trim = post.find((c) => (c.type === 'ByteLevel' || c.type === 'RobertaProcessing') && c.trim_offsets);
  return {
    byteLevel: pre.some((c) => c.type === 'ByteLevel'),
    metaspace: meta ? (meta.replacement ?? '▁') : undefined,
    subwordPrefix: model.type === 'WordPiece' ? (model.continuing_subword_prefix ?? '##') : undefined,
    wordSuffix: model.end_of_word_suffix ?? undefined,
    subwordSuffix: model.continuing_subword_suffix ?? undefined,
    byteFallback: Boolean(model.byte_fallback),
    trimOffsets: trim ? { addPrefixSpace: Boolean(trim.add_prefix_space) } : undefined,
    template: templateShape(t),
  };
}

function flatten(c: any, key: string): Array<Record<string, any>> {
  if (!c || typeof c !== 'object') return [];
  return c.type === 'Sequence' && Array.isArray(c[key]) ? c[key].flatMap((x: any) => flatten(x, key)) : [c];
}

/** How many tokens the post-processor puts before and after a single sequence. */
function templateShape(t: JsTokenizerInternals): { prefix: number; suffix: number } {
  if (!t.post_processor) return { prefix: 0, suffix: 0 };
  const probe = ['\u0000probe-a', '\u0000probe-b'];
  const tokens = t.post_processor(probe, null, true).tokens;
  const at = tokens.indexOf(probe[0]!);
  if (at < 0) return { prefix: 0, suffix: 0 };
  return { prefix: at, suffix: tokens.length - at - probe.length };
}

/**
 * Rust's process_offsets (ByteLevel and RobertaProcessing with trim_offsets): offsets leave out a
 * token's leading and trailing spaces, counted in code points because Rust converts offsets to
 * characters before post-processing (an inserted `Ġ` sharing an emoji's range moves past it).
 */
function trimByteLevelOffsets(
  text: string,
  tokens: string[],
  offsets: Array<[number, number]>,
  addPrefixSpace: boolean,
): void {
  // Rust's char::is_whitespace: the White_Space property (U+0085 yes, U+FEFF no).
  const isSpace = (c: string) => c === 'Ġ' || /\p{White_Space}/u.test(c);
  const { toCp, toUnit } = codePointIndex(text);
  tokens.forEach((tok, i) => {
    const chars = [...tok];
    let leading = 0;
    while (leading < chars.length && isSpace(chars[leading]!)) leading++;
    let trailing = 0;
    while (trailing < chars.length && isSpace(chars[chars.length - 1 - trailing]!)) trailing++;
    if (leading === 0 && trailing === 0) return;
    const o = offsets[i]!;
    let start = toCp(o[0]);
    let end = toCp(o[1]);
    if (leading > 0) {
      if ((i === 0 || start === 0) && addPrefixSpace && leading === 1) leading = 0;
      start = Math.min(start + leading, end);
    }
    if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
    o[0] = toUnit(start);
    o[1] = toUnit(end);
  });
}

/** UTF-16 index ↔ code-point index of a text (the identity when it has no astral characters). */
function codePointIndex(text: string): { toCp: (u: number) => number; toUnit: (cp: number) => number } {
  if (!/[\uD800-\uDBFF]/.test(text)) return { toCp: (u) => u, toUnit: (cp) => cp };
  const unitOf: number[] = [];
  const cpOf = new Int32Array(text.length + 1);
  let cp = 0;
  for (let u = 0; u < text.length; cp++) {
    unitOf.push(u);
    const width = text.codePointAt(u)! > 0xffff ? 2 : 1;
    for (let k = 0; k < width; k++) cpOf[u + k] = cp;
    u += width;
  }
  unitOf.push(text.length);
  cpOf[text.length] = cp;
  return { toCp: (u) => cpOf[Math.min(u, text.length)]!, toUnit: (c) => unitOf[Math.min(c, unitOf.length - 1)]! };
}
