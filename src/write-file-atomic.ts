// Writing files so that nothing is ever half-written: readers see the old file or the new one.

import fs from 'node:fs';
import path from 'node:path';

/** Temp files are `<name>.tmp-<pid>-<n>` in the target's folder, so the rename never crosses a file system. */
export const TEMP_FILE = /\.tmp-(\d+)-\d+$/;
let tempCounter = 0;

/**
 * Writes `content` so that readers only ever see the old file or the complete new one: a
 * temp file in the same folder is written, flushed to disk and renamed over the target.
 * A process killed half-way leaves the old file untouched (and a temp file that
 * removeStaleTemps cleans up later).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${tempCounter++}`;
  const fd = fs.openSync(temp, 'w');
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    // In 1 MiB writes: a large snapshot is never one syscall the kernel might split anyway.
    for (let at = 0; at < bytes.length; at += 1 << 20) fs.writeSync(fd, bytes, at, Math.min(1 << 20, bytes.length - at));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, file);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {}
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
