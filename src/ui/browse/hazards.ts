// What can be wrong with a sample, as one bit field per sample and tokenizer: the findings
// `tokpeek report` counts (report's own per-id table and invisible-character scan, so the two
// agree), computed from what the background count already has (ids, pieces, inserted flags,
// the workers' round-trip check) or from a sample tokenized for the screen. Pure.

import { byteFallbackByte, byteLevelBytes } from '../../core/byte-level.js';
import { BYTE_FALLBACK, SPECIAL, UNKNOWN, idFlags } from '../../core/report/token-flags.js';
import { invisibleHits } from '../../core/report/invisible.js';
import type { RenderedChat } from '../../core/chat/chat-record.js';
import type { RawEncoding, Token, TokenizedSample } from '../../core/token-model.js';
import type { Vocabulary } from '../../core/vocabulary.js';

/** The sample has been counted (its other bits are known). */
export const COUNTED = 1;
export const HAS_UNKNOWN = 2;
/** The sample's ids differ from its snapshot. */
export const DRIFT = 4;
/** A snapshot holds this sample (drift is known). */
export const SNAPSHOT = 8;
export const HAS_BYTE_FALLBACK = 16;
/** A special token written in the text (a literal `<|eot_id|>` in the data), not one the tokenizer inserted. */
export const LITERAL_SPECIAL = 32;
/** A token holds only some of the bytes of a character. */
export const PARTIAL = 64;
/** Invisible, look-alike or bidirectional control characters in the text. */
export const INVISIBLE = 128;
/** decode(encode(text)) is not the text. */
export const ROUND_TRIP = 256;

/** Every hazard bit (not COUNTED / SNAPSHOT, which are not findings). */
export const ANY_HAZARD = HAS_UNKNOWN | DRIFT | HAS_BYTE_FALLBACK | LITERAL_SPECIAL | PARTIAL | INVISIBLE | ROUND_TRIP;

/** The list's filters, in the order `f` cycles through them; `truncated` depends on max_length. */
export const HAZARD_FILTERS = [
  { name: 'special', bit: LITERAL_SPECIAL, label: 'literal special tokens' },
  { name: 'unknown', bit: HAS_UNKNOWN, label: 'unknown tokens' },
  { name: 'byte-fallback', bit: HAS_BYTE_FALLBACK, label: 'byte-fallback tokens' },
  { name: 'partial', bit: PARTIAL, label: 'partial characters' },
  { name: 'invisible', bit: INVISIBLE, label: 'invisible / bidi characters' },
  { name: 'round-trip', bit: ROUND_TRIP, label: 'round-trip failures' },
  { name: 'truncated', bit: 0, label: 'truncated at max_length' },
  { name: 'drift', bit: DRIFT, label: 'drifted from the snapshot' },
] as const;
export type HazardFilter = (typeof HAZARD_FILTERS)[number]['name'];

/**
 * Does a token boundary fall inside a character? From the tokens' bytes (byte-level pieces,
 * `<0xNN>` pieces): a token that ends while a UTF-8 sequence still expects continuation bytes.
 * Tokens of other vocabularies are whole characters.
 */
function splitsCharacter(pieces: readonly string[], byteLevel: boolean): boolean {
  let pending = 0;
  for (const piece of pieces) {
    const fallback = byteFallbackByte(piece);
    const bytes = fallback !== undefined ? [fallback] : byteLevel ? byteLevelBytes(piece) : undefined;
    if (!bytes) {
      if (pending) return true;
      continue;
    }
    for (const b of bytes) {
      if (pending && (b & 0xc0) === 0x80) pending--;
      else pending = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    }
    if (pending) return true;
  }
  return false;
}

function textHazards(text: string): number {
  return invisibleHits(text).length ? INVISIBLE : 0;
}

/** Per-id flags as report's table has them (unknown, byte fallback, special). */
interface IdFlagSource {
  of(id: number, piece: string): number;
}

const LEARNED = 0x80;

/**
 * Report's per-id flags (token-flags.ts), learned id by id as encodings come: the screen never
 * walks the whole vocabulary, so a pool's vocabulary profile and the pieces it sends suffice.
 */
export class IdFlags implements IdFlagSource {
  private table = new Uint8Array(1024);
  constructor(private readonly vocabulary: Pick<Vocabulary, 'unkId' | 'byteFallback' | 'added'>) {}

  of(id: number, piece: string): number {
    if (id < 0) return 0;
    if (id >= this.table.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.table.length * 2));
      grown.set(this.table);
      this.table = grown;
    }
    let f = this.table[id]!;
    if (!f) this.table[id] = f = LEARNED | idFlags(this.vocabulary, id, piece);
    return f & ~LEARNED;
  }
}

/**
 * Hazards of a sample from the background count's encoding. `flags` gives report's per-id
 * flags (IdFlags); `byteLevel` whether the vocabulary's pieces are byte-level.
 */
export function encodingHazards(
  text: string,
  e: RawEncoding,
  flags: IdFlagSource,
  byteLevel: boolean,
  /** A rendered chat: its template writes special tokens; which are literal needs offsets (sampleHazards). */
  chat = false,
): number {
  let f = COUNTED | textHazards(text);
  const pieces = e.pieces;
  for (let i = 0; i < e.ids.length; i++) {
    const t = flags.of(e.ids[i]!, pieces[i]!);
    if (t & UNKNOWN) f |= HAS_UNKNOWN;
    if (t & BYTE_FALLBACK) f |= HAS_BYTE_FALLBACK;
    // An unknown token is often an added special token too ([UNK]): it is not written in the text.
    if (t & SPECIAL && !(t & UNKNOWN) && !e.inserted[i] && !chat) f |= LITERAL_SPECIAL;
  }
  if (e.roundTripAt !== undefined && e.roundTripAt >= 0) f |= ROUND_TRIP;
  if (splitsCharacter(e.pieces, byteLevel)) f |= PARTIAL;
  return f;
}

/**
 * Hazards of a sample tokenized for the screen (its tokens carry their own flags; no round trip).
 * In a rendered chat a special token is literal only inside a message's content, as report counts it.
 */
export function sampleHazards(sample: TokenizedSample, chat?: RenderedChat): number {
  let f = COUNTED | textHazards(sample.text);
  const inContent = (t: Token) =>
    !chat ||
    chat.spans.some((s) => s !== null && !s.templateText && t.start >= s.start && t.end <= s.end && t.end > t.start);
  for (const t of sample.tokens) {
    if (t.unknown) f |= HAS_UNKNOWN;
    if (t.byteFallback) f |= HAS_BYTE_FALLBACK;
    if (t.special && !t.unknown && !t.inserted && inContent(t)) f |= LITERAL_SPECIAL;
    if (t.partial) f |= PARTIAL;
  }
  return f;
}
