// A worker thread (or, for the Rust engine, a child process: see process-worker.ts) that loads
// one tokenizer once and encodes batches for the pool.

import { parentPort as threadPort, workerData as threadData } from 'node:worker_threads';
import type { RawEncoding } from '../core/token-model.js';
import { vocabularyProfile, withRuntimeSpecials } from '../core/vocabulary.js';
import { type LoadedTokenizer, loadTokenizer } from './load.js';
import { HeapBound } from './heap-bound.js';
import { BpeTable } from '../engines/bpe-table.js';
import type { TokenizerJson } from '../core/tokenizer-files.js';
import type { BlockVerifier } from './block-verifier.js';
import { createTableJsEngine } from '../engines/js.js';
import type { Engine } from '../engines/engine.js';
import {
  WATCH,
  WATCH_SLOTS,
  packEncodings,
  roundTripAt,
  withDecodes,
  type PoolRequest,
  type PoolWorkerData,
} from './pool-protocol.js';

// As a child process: the data comes as an argument (the environment is the child's own), messages over IPC.
const asProcess = !threadPort;
const workerData: PoolWorkerData = asProcess
  ? { ...JSON.parse(process.argv[2]!), env: process.env, watch: new SharedArrayBuffer(WATCH_SLOTS * 8) }
  : threadData;
const parentPort = threadPort ?? {
  postMessage: (message: unknown) => process.send!(message),
  on: (event: 'message', listener: (m: PoolRequest) => void) => process.on(event, listener),
};
if (asProcess) process.on('disconnect', () => process.exit(0));
const { spec, engine, project, env, pieces, watch } = workerData;
/** The profile the pool spells tokens by (its own over a table, else this worker's): check's blocks are spelled by it. */
let profile: TokenizerJson | undefined;
const watched = new Float64Array(watch);

/** Over a shared table: an encoder without loading the tokenizer (the whole engine only if a text needs it). */
function tableTokenizer(table: PoolWorkerData['table']): Pick<LoadedTokenizer, 'engine'> | undefined {
  if (!table) return undefined;
  let whole: Promise<Engine> | undefined;
  try {
    const load = () => (whole ??= loadTokenizer(spec, engine, env, project).then((t) => t.engine));
    return { engine: createTableJsEngine(table.stub, table.config, new BpeTable(table.buffer), load) };
  } catch {
    return undefined; // the memo path does not apply after all: the worker loads the tokenizer
  }
}

const ready = Promise.resolve(workerData.table)
  .then((t) => {
    profile = t?.profile;
    return tableTokenizer(t) ?? loadTokenizer(spec, engine, env, project);
  })
  .then(
    (tokenizer: Pick<LoadedTokenizer, 'engine'> & Partial<LoadedTokenizer>) => {
      // Over a table, the pool made the profile itself.
      if (pieces && tokenizer.files)
        profile = vocabularyProfile(
          withRuntimeSpecials(tokenizer.files.tokenizer, tokenizer.engine.runtimeSpecialTokens),
        );
      parentPort!.postMessage({ type: 'ready', ...(pieces && tokenizer.files ? { profile } : {}) });
      return tokenizer;
    },
    (error: Error) => {
      parentPort!.postMessage({
        type: 'error',
        message: error.message,
        name: error.name,
        hint: (error as { hint?: string }).hint,
      });
      return undefined;
    },
  );

// Each batch's encodings are garbage once sent; V8 would let them pile up to 3-4 times what stays alive.
const heap = HeapBound.forWorker();
let answered = false;
// Imported on check's first block: its modules (the diff package among them) are some 15 of this
// worker's ~55, which every other pool (a screen's, on the path to its first tokens) would load.
let verifier: Promise<BlockVerifier> | undefined;
/** In place of an encoding that gave its expected block (its ids are not sent). */
const MATCHED: RawEncoding = { ids: [], pieces: [], inserted: [] };
parentPort!.on('message', async (request: PoolRequest) => {
  const tokenizer = await ready;
  if (!tokenizer) return;
  if (request.fingerprint) {
    // Over a shared table this worker has no files: the pool hashes the ones it read.
    const fingerprint = 'files' in tokenizer ? tokenizer.fingerprint : undefined;
    parentPort!.postMessage({ type: 'fingerprint', id: request.id, fingerprint });
    return;
  }
  try {
    // Before a batch (from the second on), not after an answer: the first full collection (of the
    // load's garbage too) takes 0.1-0.3 s of a ~100 MB heap, with V8's helper threads on every
    // core, and a screen draws its first answer meanwhile; its next batch comes once it is drawn.
    if (answered) heap.check();
    answered = true;
    // The js engine encodes one text at a time anyway: doing it here lets the pool's watch see
    // which text a worker is on. The Rust binding's batch call keeps its own threads.
    watched[WATCH.request] = request.id;
    let encodings: RawEncoding[] = [];
    // check's expected blocks (asked only of thread workers with pieces: they have a profile).
    const { expect } = request;
    const verify =
      expect && profile
        ? await (verifier ??= import('./block-verifier.js').then((m) => new m.BlockVerifier(profile!)))
        : undefined;
    let matched: Uint8Array | undefined = verify && new Uint8Array(request.texts.length);
    if (tokenizer.engine.name === 'js') {
      for (let i = 0; i < request.texts.length; i++) {
        watched[WATCH.index] = i;
        watched[WATCH.since] = Date.now();
        const [one] = await tokenizer.engine.encodeBatch([request.texts[i]!], request.addSpecialTokens, {
          offsets: request.offsets,
        });
        // An encoding that gives its block is let go at once (none of it is sent): it dies young.
        if (verify?.matches(expect!, i, request.texts[i]!, one!)) matched![i] = 1;
        encodings.push(matched?.[i] ? MATCHED : one!);
      }
    } else {
      watched[WATCH.index] = -1;
      watched[WATCH.since] = Date.now();
      encodings = await tokenizer.engine.encodeBatch(request.texts, request.addSpecialTokens, {
        offsets: request.offsets,
      });
      matched = verify?.verify(expect!, request.texts, encodings);
    }
    watched[WATCH.since] = 0;
    const packed = packEncodings(encodings, matched);
    if (request.roundTrip) {
      // decode(encode(x)) = x? Decoding here keeps the check off the main thread.
      packed.roundTrip = new Int32Array(encodings.length);
      for (const [i, e] of encodings.entries())
        packed.roundTrip[i] = await roundTripAt(tokenizer.engine, request.texts[i]!, e);
    }
    if (request.decode && (await withDecodes(tokenizer.engine, encodings)))
      packed.decoded = encodings.flatMap((e) => e.decoded!);
    // A matched encoding's ids are not sent: the main thread never spells them.
    if (pieces) packed.pieces = newPieces(matched ? encodings.filter((_, i) => !matched[i]) : encodings);
    const transfer = [
      packed.ids.buffer,
      packed.offsets.buffer,
      packed.inserted.buffer,
      packed.lengths.buffer,
      ...(packed.roundTrip ? [packed.roundTrip.buffer] : []),
    ] as ArrayBuffer[];
    parentPort!.postMessage({ type: 'result', id: request.id, packed }, transfer);
  } catch (e) {
    watched[WATCH.since] = 0;
    parentPort!.postMessage({ type: 'failed', id: request.id, message: (e as Error).message });
  }
});

// Ids whose piece this worker has sent: a byte per id, grown as ids come.
let sent = new Uint8Array(1 << 17);

function newPieces(encodings: RawEncoding[]): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const e of encodings) {
    // Pieces are read only for an encoding with a new id: over a table, `pieces` spells every token.
    let pieces: string[] | undefined;
    for (let i = 0; i < e.ids.length; i++) {
      const id = e.ids[i]!;
      if (id < 0) continue; // not in the vocabulary: the receiving side has no use for it
      if (id >= sent.length) {
        const grown = new Uint8Array(Math.max(id + 1, sent.length * 2));
        grown.set(sent);
        sent = grown;
      }
      if (sent[id]) continue;
      sent[id] = 1;
      pieces ??= e.pieces;
      out.push([id, pieces[i]!]);
    }
  }
  return out;
}
