// A worker thread that loads one tokenizer once and encodes batches for the pool.

import { parentPort, workerData } from 'node:worker_threads';
import { loadTokenizer } from './load.js';
import { packEncodings, roundTripAt, type PoolRequest, type PoolWorkerData } from './pool-protocol.js';

const { spec, engine, env } = workerData as PoolWorkerData;

const ready = loadTokenizer(spec, engine, env).then(
  (tokenizer) => {
    parentPort!.postMessage({ type: 'ready' });
    return tokenizer;
  },
  (error: Error) => {
    parentPort!.postMessage({ type: 'error', message: error.message, name: error.name, hint: (error as { hint?: string }).hint });
    return undefined;
  },
);

parentPort!.on('message', async (request: PoolRequest) => {
  const tokenizer = await ready;
  if (!tokenizer) return;
  try {
    const encodings = await tokenizer.engine.encodeBatch(request.texts, request.addSpecialTokens, { offsets: request.offsets });
    const packed = packEncodings(encodings);
    if (request.roundTrip) {
      // decode(encode(x)) = x? Decoding here keeps the check off the main thread.
      packed.roundTrip = new Int32Array(encodings.length);
      for (const [i, e] of encodings.entries()) packed.roundTrip[i] = await roundTripAt(tokenizer.engine.decode, request.texts[i]!, e);
    }
    const transfer = [packed.ids.buffer, packed.offsets.buffer, packed.inserted.buffer, packed.lengths.buffer, ...(packed.roundTrip ? [packed.roundTrip.buffer] : [])] as ArrayBuffer[];
    parentPort!.postMessage({ type: 'result', id: request.id, packed }, transfer);
  } catch (e) {
    parentPort!.postMessage({ type: 'failed', id: request.id, message: (e as Error).message });
  }
});
