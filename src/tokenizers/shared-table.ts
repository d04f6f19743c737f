// What a pool's js workers share instead of each loading the tokenizer: the table of a BPE or
// WordPiece model built once on this thread (a SharedArrayBuffer, read in place by every worker;
// see engines/bpe-table.ts) and the tokenizer files without the model's vocabulary and merges.

import { bpeTableOf } from '../engines/bpe-table.js';
import { engineOnly } from '../engines/engine-only.js';
import type { LoadedTokenizer } from './load.js';
import type { PoolWorkerData } from './pool-protocol.js';

/** The table and stripped files for a pool's workers; undefined when they load the tokenizer themselves. */
export function sharedTableOf(tokenizer: LoadedTokenizer): PoolWorkerData['table'] {
  const { engine, source, files } = tokenizer;
  if (engine.name !== 'js' || source.kind === 'gguf' || engineOnly()) return undefined;
  // A project's own release of the library: its workers load it (the table path reads tokpeek's).
  if (engine.copy && engine.copy.origin !== 'tokpeek') return undefined;
  const json = files.tokenizer;
  const { table } = bpeTableOf(json);
  if (!table) return undefined;
  return {
    buffer: table.buffer,
    stub: { ...json, model: { ...json.model, vocab: {}, merges: [] } },
    config: files.config ?? {},
  };
}
