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
import { ByteView, utf8CharLength } from './js-byte-view.js';
import { type JsComponent, type JsTokenizerInternals, type Pipeline, pipelineOf } from './js-internals.js';
import { trimByteLevelOffsets } from './trim-offsets.js';

const TRAILING_WHITE_SPACE = /\p{White_Space}+$/u;
const LEADING_WHITE_SPACE = /^\p{White_Space}+/u;

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
