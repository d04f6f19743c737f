// Every field of tokpeek's token model, one string per token: what the differential tests
// compare between an engine and the Rust reference wherever their ids agree.

import type { TokenizedSample } from '../../src/core/token-model.js';

export function tokenModelRows(sample: TokenizedSample): string[] {
  return sample.tokens.map((t) =>
    JSON.stringify([t.id, t.text, t.start, t.end, t.special, t.inserted, t.unknown, t.byteFallback, t.partial]),
  );
}
