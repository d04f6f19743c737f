// Describes tokens from the tokenizer's own files: what a piece stands for in text and
// which flags it carries. Engine-independent, so two engines that agree on ids agree here.

import type { Token } from './token-model.js';
import type { TokenizerJson } from './tokenizer-files.js';
import { byteFallbackByte, byteLevelBytes, decodeWhole, describeBytes } from './byte-level.js';

interface AddedTokenInfo {
  id: number;
  content: string;
  special: boolean;
}

/**
 * A vocabulary's strings by id held elsewhere (the BPE table a pool's workers share:
 * engines/bpe-table.ts): `piece` is '' for an id without one, `size` one past the largest id.
 */
export interface PieceTable {
  readonly size: number;
  piece(id: number): string;
}

interface PieceInfo {
  text: string;
  special: boolean;
  unknown: boolean;
  byteFallback: boolean;
  partial: boolean;
}

/** Walks a component and its nested `Sequence` members. */
export function componentTypes(component: unknown): Array<Record<string, any>> {
  if (!component || typeof component !== 'object') return [];
  const c = component as Record<string, any>;
  const nested = c.normalizers ?? c.pretokenizers ?? c.decoders ?? c.processors;
  return Array.isArray(nested) ? nested.flatMap(componentTypes) : [c];
}

export class Vocabulary {
  readonly added = new Map<number, AddedTokenInfo>();
  readonly addedByContent = new Map<string, AddedTokenInfo>();
  readonly unkId: number | undefined;
  readonly byteLevel: boolean;
  readonly byteFallback: boolean;
  readonly metaspace: string | undefined;
  readonly subwordPrefix: string | undefined;
  readonly wordSuffix: string | undefined;
  private readonly cache = new Map<number, PieceInfo>();
  private pieces: string[] | undefined;

  /**
   * `pieces`: where the token strings are, when `json` no longer holds the model's vocabulary
   * (the parsed tokenizer.json is let go once a shared table holds them; only the small
   * sections stay, see vocabularyProfile).
   */
  constructor(
    readonly json: TokenizerJson,
    private readonly pieceTable?: PieceTable,
  ) {
    const model = json.model ?? {};
    for (const t of (json.added_tokens ?? []) as Array<Record<string, any>>) {
      const info = { id: t.id as number, content: t.content as string, special: Boolean(t.special) };
      this.added.set(info.id, info);
      this.addedByContent.set(info.content, info);
    }
    this.unkId = unkIdOf(model, this.addedByContent);
    const decoders = componentTypes(json.decoder);
    const preTokenizers = componentTypes(json.pre_tokenizer);
    this.byteLevel = [...decoders, ...preTokenizers].some((c) => c.type === 'ByteLevel');
    this.byteFallback = Boolean(model.byte_fallback);
    const meta = [...decoders, ...preTokenizers].find((c) => c.type === 'Metaspace');
    const replace = decoders.find(
      (c) => c.type === 'Replace' && c.content === ' ' && typeof c.pattern?.String === 'string',
    );
    this.metaspace = meta ? (meta.replacement ?? '▁') : replace ? replace.pattern.String : undefined;
    this.subwordPrefix =
      model.type === 'WordPiece'
        ? (model.continuing_subword_prefix ?? '##')
        : (model.continuing_subword_prefix ?? undefined);
    this.wordSuffix = model.end_of_word_suffix ?? undefined;
  }

  describe(id: number, piece: string, start: number, end: number, inserted: boolean): Token {
    let info = this.cache.get(id);
    if (!info) {
      info = this.pieceInfo(id, piece);
      this.cache.set(id, info);
    }
    return { id, piece, start, end, inserted, ...info, special: info.special || inserted };
  }

  private pieceInfo(id: number, piece: string): PieceInfo {
    const added = this.added.get(id);
    if (added)
      return {
        text: added.content,
        special: added.special,
        unknown: id === this.unkId,
        byteFallback: false,
        partial: false,
      };
    const flags = { special: false, unknown: id === this.unkId, byteFallback: false, partial: false };
    const fallbackByte = this.byteFallback ? byteFallbackByte(piece) : undefined;
    if (fallbackByte !== undefined) {
      return { ...flags, text: describeBytes([fallbackByte]), byteFallback: true, partial: fallbackByte >= 0x80 };
    }
    if (this.byteLevel) {
      const bytes = byteLevelBytes(piece);
      if (bytes) return { ...flags, text: describeBytes(bytes), partial: decodeWhole(bytes) === undefined };
    }
    let text = piece;
    if (this.subwordPrefix && text.startsWith(this.subwordPrefix) && text.length > this.subwordPrefix.length) {
      text = text.slice(this.subwordPrefix.length);
    }
    if (this.wordSuffix && text.endsWith(this.wordSuffix)) text = text.slice(0, -this.wordSuffix.length) + ' ';
    if (this.metaspace) text = text.replaceAll(this.metaspace, ' ');
    return { ...flags, text };
  }

  /** The vocabulary string of an id (the model's vocabulary, then added tokens). */
  pieceOf(id: number): string {
    return this.stringOf(id) ?? `<id ${id}>`;
  }

  /** Whether `id` names a piece of the vocabulary or an added token. */
  has(id: number): boolean {
    return this.stringOf(id) !== undefined;
  }

  /** One past the largest id of the model's vocabulary and the added tokens. */
  get size(): number {
    if (this.pieceTable) return this.pieceTable.size;
    let size = 0;
    const vocab = this.json.model?.vocab;
    if (Array.isArray(vocab)) size = vocab.length;
    else if (vocab && typeof vocab === 'object')
      for (const id of Object.values(vocab as Record<string, number>)) size = Math.max(size, id + 1);
    for (const id of this.added.keys()) size = Math.max(size, id + 1);
    return size;
  }

  private stringOf(id: number): string | undefined {
    if (this.pieceTable) return this.pieceTable.piece(id) || undefined;
    this.pieces ??= piecesById(this.json);
    return this.pieces[id];
  }
}

/**
 * tokenizer.json with the tokens a runtime treats as special added as special tokens (see
 * Engine.runtimeSpecialTokens), so the token model flags them as that runtime does. The files
 * themselves, and the fingerprint taken of them, stay as they are.
 */
export function withRuntimeSpecials(
  json: TokenizerJson,
  tokens: ReadonlyArray<{ id: number; content: string }> | undefined,
): TokenizerJson {
  if (!tokens?.length) return json;
  const added = (json.added_tokens ?? []) as Array<{ id: number }>;
  const known = new Set(added.map((t) => t.id));
  const extra = tokens.filter((t) => !known.has(t.id)).map((t) => ({ ...t, special: true }));
  const overridden = new Set(tokens.map((t) => t.id));
  return {
    ...json,
    added_tokens: [...added.map((t) => (overridden.has(t.id) ? { ...t, special: true } : t)), ...extra],
  };
}

/** Every vocabulary string of a tokenizer.json by id: the model's vocabulary, then added tokens over it. */
export function piecesById(json: TokenizerJson): string[] {
  const pieces: string[] = [];
  const vocab = json.model?.vocab;
  if (Array.isArray(vocab)) vocab.forEach((entry: [string, number], i: number) => (pieces[i] = entry[0]));
  else if (vocab && typeof vocab === 'object') {
    // Object.keys and a lookup: a third of Object.entries' time on 128k pieces (no pair arrays).
    const record = vocab as Record<string, number>;
    for (const piece of Object.keys(record)) pieces[record[piece]!] = piece;
  }
  for (const t of (json.added_tokens ?? []) as Array<{ id: number; content: string }>) pieces[t.id] = t.content;
  return pieces;
}

/**
 * The parts of tokenizer.json a Vocabulary reads to describe a token it is given the piece
 * of: kilobytes, where the whole file can be megabytes. Pool workers send it (with the pieces
 * of the tokens they meet) so that the main thread can spell tokens without parsing the file.
 * Its `pieceOf` knows only the unknown token: pieces come from elsewhere.
 */
export function vocabularyProfile(json: TokenizerJson): TokenizerJson {
  const model: Record<string, any> = json.model ?? {};
  const unk = model.unk_token;
  const unkId =
    typeof unk === 'string' && model.vocab && !Array.isArray(model.vocab)
      ? (model.vocab as Record<string, number>)[unk]
      : undefined;
  return {
    added_tokens: json.added_tokens,
    decoder: json.decoder,
    pre_tokenizer: json.pre_tokenizer,
    model: {
      type: model.type,
      unk_token: model.unk_token,
      unk_id: model.unk_id,
      byte_fallback: model.byte_fallback,
      continuing_subword_prefix: model.continuing_subword_prefix,
      end_of_word_suffix: model.end_of_word_suffix,
      vocab: unkId === undefined ? {} : { [unk]: unkId },
    },
  };
}

function unkIdOf(model: Record<string, any>, added: Map<string, AddedTokenInfo>): number | undefined {
  if (model.type === 'Unigram') return typeof model.unk_id === 'number' ? model.unk_id : undefined;
  const unk = model.unk_token;
  if (typeof unk !== 'string') return undefined;
  const vocab = model.vocab as Record<string, number> | undefined;
  return vocab?.[unk] ?? added.get(unk)?.id;
}
