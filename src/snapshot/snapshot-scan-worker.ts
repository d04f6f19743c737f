// The thread of readSnapshotIndexAhead (snapshot-file.ts): scans a snapshot file through the
// main thread's descriptor and hands the scan over (its arrays moved, not copied).

import { parentPort, workerData } from 'node:worker_threads';
import { SnapshotFormatError } from '../core/snapshot/format.js';
import { scanSnapshot } from '../core/snapshot/snapshot-scan.js';
import { fdSource } from './file-source.js';
import type { ScanAnswer, ScanRequest } from './snapshot-file.js';

const { fd, size } = workerData as ScanRequest;
const post = (answer: ScanAnswer, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(answer, transfer);
try {
  const scan = scanSnapshot(fdSource(fd, size, ''), { digests: true });
  const arrays = [scan.starts, scan.highs, scan.lows, scan.keyBytes, ...(scan.digests ? [scan.digests] : [])];
  post(
    { scan },
    arrays.map((a) => a.buffer as ArrayBuffer),
  );
} catch (e) {
  // A damaged file is reported by the main thread as the scan there reports it; any other
  // failure (a read error) is left to a scan there, which names the file.
  if (e instanceof SnapshotFormatError) post({ format: { message: e.message, line: e.line } });
  else post({ failed: true });
}
