// The ids a tokenizer.json declares, checked before any engine or table sees them.

import { InputError } from '../errors.js';
import { clip } from '../core/visible.js';
import { thousands } from '../core/quantities.js';
import { keysOf } from '../core/sorted-keys.js';

/**
 * Token ids are whole numbers below 2^24: an id of -1 or 1e300 is a damaged file, not a token,
 * and tokpeek's tables are indexed by id (the largest vocabularies have about 260k tokens), so
 * an id of 2^30 would ask for gigabytes before the first sample.
 */
const MAX_TOKEN_ID = 2 ** 24 - 1;

/** `vocab: false` leaves model.vocab to checkVocabIds, over the pairs an engine made of it. */
export function checkTokenIds(file: string, tokenizer: any, { vocab: withVocab = true } = {}): void {
  const notId = (id: unknown) => !(Number.isInteger(id) && (id as number) >= 0);
  const vocab = tokenizer.model.vocab;
  if (withVocab && vocab && typeof vocab === 'object' && !Array.isArray(vocab)) {
    // Its key list, which the shared table and the fingerprint read next, instead of for…in
    // (the same order; 45-90 ms for 200k keys on top of listing them, on the path to the first text).
    const tokens = keysOf(vocab);
    for (let i = 0; i < tokens.length; i++) checkVocabId(file, tokens[i]!, vocab[tokens[i]!]);
  }
  const added = tokenizer.added_tokens;
  if (added !== undefined && added !== null) {
    if (!Array.isArray(added)) throw new InputError(file, '"added_tokens" must be a list');
    added.forEach((t: any, i: number) => {
      if (!t || typeof t !== 'object' || notId(t.id) || typeof t.content !== 'string')
        throw new InputError(file, `added_tokens[${i}] needs a "content" string and an "id" (a whole number from 0)`);
      if (t.id > MAX_TOKEN_ID)
        throw new InputError(
          file,
          `added_tokens[${i}] has id ${t.id}, past the largest token id tokpeek reads (${thousands(MAX_TOKEN_ID)})`,
        );
    });
  }
}

/**
 * model.vocab's ids, from the (token, id) pairs in the file's order that an engine built from it
 * (the js library's Map): one pass over a Map, where enumerating the parsed object again took
 * about 25 ms for 128k tokens, on the path to a screen's first tokens. The library sets the added
 * tokens' ids over their entries (in place) or after them: those are read from the file.
 */
export function checkVocabIds(file: string, tokenizer: any, pairs: Iterable<[string, unknown]>): void {
  const vocab = tokenizer.model.vocab;
  const added = new Set<unknown>((tokenizer.added_tokens ?? []).map((t: { content: string }) => t.content));
  for (const [token, id] of pairs)
    if (!added.has(token)) checkVocabId(file, token, id);
    else if (Object.hasOwn(vocab, token)) checkVocabId(file, token, vocab[token]);
}

function checkVocabId(file: string, token: string, id: unknown): void {
  if (Number.isInteger(id) && (id as number) >= 0 && (id as number) <= MAX_TOKEN_ID) return;
  // Spelled out only for an error: the first toLocaleString of a thread loads ICU's number data (about 8 ms).
  throw new InputError(
    file,
    `model.vocab[${JSON.stringify(clip(token, 40))}] is ${clip(JSON.stringify(id) ?? 'undefined', 40)}, not a token id (a whole number from 0 to ${thousands(MAX_TOKEN_ID)})`,
  );
}
