// The ids a tokenizer.json declares, checked before any engine or table sees them.

import { InputError } from '../errors.js';
import { clip } from '../core/visible.js';
import { thousands } from '../core/quantities.js';

/**
 * Token ids are whole numbers below 2^24: an id of -1 or 1e300 is a damaged file, not a token,
 * and tokpeek's tables are indexed by id (the largest vocabularies have about 260k tokens), so
 * an id of 2^30 would ask for gigabytes before the first sample.
 */
const MAX_TOKEN_ID = 2 ** 24 - 1;

export function checkTokenIds(file: string, tokenizer: any): void {
  const notId = (id: unknown) => !(Number.isInteger(id) && (id as number) >= 0);
  // Spelled out only for an error: the first toLocaleString of a thread loads ICU's number data (about 8 ms).
  const range = () => `a whole number from 0 to ${thousands(MAX_TOKEN_ID)}`;
  const vocab = tokenizer.model.vocab;
  if (vocab && typeof vocab === 'object' && !Array.isArray(vocab)) {
    for (const token in vocab) {
      const id = vocab[token];
      if (notId(id) || id > MAX_TOKEN_ID)
        throw new InputError(
          file,
          `model.vocab[${JSON.stringify(clip(token, 40))}] is ${clip(JSON.stringify(id) ?? 'undefined', 40)}, not a token id (${range()})`,
        );
    }
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
