// The model section of tokenizer.json: type, vocabulary, merges, unknown and byte-fallback,
// and the added tokens.

import { componentTypes } from '../vocabulary.js';
import type { AddedTokenEntry, ModelAnatomy } from './types.js';

type Json = Record<string, any>;

// --- model -----------------------------------------------------------------------------------

// Built on every load (snapshot headers, the TUI's status): no Map of a 200k vocabulary, only
// a bitmap of ids; a token's id is looked up in the vocabulary object itself.
interface VocabIndex {
  idOf(content: string): number | undefined;
  hasId(id: number): boolean;
  /** Distinct ids in the model's vocabulary, and the largest. */
  distinct: number;
  maxId: number;
  /** Entries in the model's vocabulary. */
  size: number;
}

/** A token's id in the model's vocabulary, looked up without indexing the whole vocabulary first. */
export function vocabIdOf(model: Json): (content: string) => number | undefined {
  const v = model.vocab;
  if (Array.isArray(v)) {
    // Unigram: [[piece, score], ...], id = index.
    let byContent: Map<string, number> | undefined;
    return (content) => {
      if (!byContent) {
        byContent = new Map();
        v.forEach((entry, i) => {
          const piece = Array.isArray(entry) ? entry[0] : entry;
          if (typeof piece === 'string' && !byContent!.has(piece)) byContent!.set(piece, i);
        });
      }
      return byContent.get(content);
    };
  }
  const record: Record<string, unknown> = v && typeof v === 'object' ? v : {};
  return (content) =>
    Object.hasOwn(record, content) && typeof record[content] === 'number' ? (record[content] as number) : undefined;
}

export function vocabIndex(model: Json): VocabIndex {
  const v = model.vocab;
  const idOf = vocabIdOf(model);
  if (Array.isArray(v)) {
    return {
      idOf,
      hasId: (id) => Number.isInteger(id) && id >= 0 && id < v.length,
      distinct: v.length,
      maxId: v.length - 1,
      size: v.length,
    };
  }
  const record: Record<string, unknown> = v && typeof v === 'object' ? v : {};
  const ids: number[] = [];
  let maxId = -1;
  let size = 0;
  for (const id of Object.values(record)) {
    size++;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) continue;
    ids.push(id);
    if (id > maxId) maxId = id;
  }
  const seen = new Uint8Array(maxId + 1);
  let distinct = 0;
  for (const id of ids)
    if (!seen[id]) {
      seen[id] = 1;
      distinct++;
    }
  return {
    idOf,
    hasId: (id) => seen[id] === 1,
    distinct,
    maxId,
    size,
  };
}

function inferModelType(model: Json): string {
  if (typeof model.type === 'string') return model.type;
  if ('merges' in model) return 'BPE';
  if (Array.isArray(model.vocab)) return 'Unigram';
  if ('max_input_chars_per_word' in model) return 'WordPiece';
  return 'WordLevel';
}

export function modelOf(json: Json, vocab: VocabIndex, added: AddedTokenEntry[]): ModelAnatomy {
  const model: Json = json.model ?? {};
  const type = inferModelType(model);
  const outside = new Set<number>();
  for (const t of added) if (!vocab.hasId(t.id)) outside.add(t.id);
  let maxId = vocab.maxId;
  for (const id of outside) if (id > maxId) maxId = id;

  const merges = Array.isArray(model.merges) ? (model.merges as unknown[]) : null;
  const first = merges?.[0];
  const mergesFormat = first === undefined ? null : Array.isArray(first) ? 'pairs' : 'strings';

  let unkToken: string | null = typeof model.unk_token === 'string' ? model.unk_token : null;
  if (type === 'Unigram' && typeof model.unk_id === 'number' && Array.isArray(model.vocab)) {
    const entry = model.vocab[model.unk_id];
    unkToken = Array.isArray(entry) && typeof entry[0] === 'string' ? entry[0] : null;
  }
  const prefix =
    typeof model.continuing_subword_prefix === 'string'
      ? model.continuing_subword_prefix
      : type === 'WordPiece'
        ? '##'
        : null;

  return {
    type,
    vocabSize: vocab.distinct + outside.size,
    modelVocabSize: vocab.size,
    addedOutsideModel: outside.size,
    idSpan: maxId + 1,
    merges: merges ? merges.length : null,
    mergesFormat: merges ? mergesFormat : null,
    byteFallback: model.byte_fallback === true,
    unkToken,
    continuingSubwordPrefix: prefix,
    endOfWordSuffix: typeof model.end_of_word_suffix === 'string' ? model.end_of_word_suffix : null,
    ignoreMerges: model.ignore_merges === true,
    dropout: typeof model.dropout === 'number' ? model.dropout : null,
    fuseUnk: model.fuse_unk === true,
    maxInputCharsPerWord: typeof model.max_input_chars_per_word === 'number' ? model.max_input_chars_per_word : null,
    byteLevel: [...componentTypes(json.pre_tokenizer), ...componentTypes(json.normalizer)].some(
      (c) => c.type === 'ByteLevel',
    ),
  };
}

export function addedTokensOf(json: Json): AddedTokenEntry[] {
  const list = Array.isArray(json.added_tokens) ? (json.added_tokens as Json[]) : [];
  return list
    .filter((t) => t && typeof t.content === 'string' && typeof t.id === 'number')
    .map((t) => ({
      id: t.id as number,
      content: t.content as string,
      special: t.special === true,
      normalized: t.normalized === true,
      lstrip: t.lstrip === true,
      rstrip: t.rstrip === true,
      single_word: t.single_word === true,
    }));
}
