// A snapshot file's bytes through an open descriptor (snapshot-file.ts, and the scan thread
// that reads through the main thread's descriptor: snapshot-scan-worker.ts).

import fs from 'node:fs';
import { SnapshotFormatError } from '../core/snapshot/format.js';
import type { ByteSource } from '../core/snapshot/snapshot-index.js';
import { fileError } from '../errors.js';

/** The file's bytes through its descriptor; a read that fails is an InputError naming `shownAs`. */
export function fdSource(fd: number, size: number, shownAs: string): ByteSource {
  // One buffer for the scan's 4 MiB windows: a fresh one each time was faulted in and unmapped
  // again (36 times for a 146 MB file). A read is valid until the next (see ByteSource).
  let buffer = Buffer.allocUnsafe(0);
  return {
    size,
    read(at, length) {
      const n = Math.max(0, Math.min(length, size - at));
      if (buffer.length < n) buffer = Buffer.allocUnsafe(Math.max(n, Math.min(2 * buffer.length, 8 << 20)));
      const buf = buffer.subarray(0, n);
      try {
        for (let done = 0, got: number; done < n; done += got)
          if ((got = fs.readSync(fd, buf, done, n - done, at + done)) === 0)
            throw new SnapshotFormatError('the file shrank while it was read', 1);
      } catch (e) {
        throw e instanceof SnapshotFormatError ? e : fileError(shownAs, e, 'snapshot file');
      }
      return buf;
    },
  };
}
