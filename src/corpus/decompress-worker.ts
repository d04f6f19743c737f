// The worker thread of decompress-in-worker.ts: decompresses the file with sync-decoders.ts and
// ships its chunks, waiting while the reader is MAX_IN_FLIGHT chunks behind.

import { parentPort, workerData } from 'node:worker_threads';
import {
  CANCELLED,
  type DecompressMessage,
  type DecompressWorkerData,
  IN_FLIGHT,
  MAX_IN_FLIGHT,
} from './decompress-in-worker.js';
import { ChunkSink, FileSource, bunzip2, unzstd } from './sync-decoders.js';

const { fd, compression, state: shared } = workerData as DecompressWorkerData;
const state = new Int32Array(shared);
const post = (m: DecompressMessage, transfer?: ArrayBuffer[]) => parentPort!.postMessage(m, transfer);

class Cancelled extends Error {}

const source = new FileSource(fd);
const sink = new ChunkSink((chunk) => {
  for (let n = Atomics.load(state, IN_FLIGHT); n >= MAX_IN_FLIGHT; n = Atomics.load(state, IN_FLIGHT)) {
    if (Atomics.load(state, CANCELLED)) break;
    Atomics.wait(state, IN_FLIGHT, n);
  }
  if (Atomics.load(state, CANCELLED)) throw new Cancelled();
  Atomics.add(state, IN_FLIGHT, 1);
  const bytes = chunk.buffer as ArrayBuffer;
  post({ kind: 'data', bytes, length: chunk.length, consumed: source.consumed }, [bytes]);
});

try {
  (compression === 'bzip2' ? bunzip2 : unzstd)(source, sink);
  post({ kind: 'end', consumed: source.consumed });
} catch (e) {
  if (!(e instanceof Cancelled)) {
    const { message, code, syscall } = e as NodeJS.ErrnoException;
    post({ kind: 'error', message: String(message ?? e), code, syscall });
  }
}
