// Writing files so that nothing is ever half-written: readers see the old file or the new one.

import fs from 'node:fs';
import path from 'node:path';

/** Temp files are `<name>.tmp-<pid>-<n>` in the target's folder, so the rename never crosses a file system. */
export const TEMP_FILE = /\.tmp-(\d+)-\d+$/;
let tempCounter = 0;

/**
 * Writes `content` (text, bytes, or byte chunks in order) so that readers only ever see the
 * old file or the complete new one: a temp file in the same folder is written, flushed to
 * disk and renamed over the target. A process killed half-way leaves the old file untouched
 * (and a temp file that removeStaleTemps cleans up later).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | readonly Uint8Array[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${tempCounter++}`;
  // 'wx': a temp name someone placed (a link, a pipe) is never opened, only a file this call creates.
  const fd = fs.openSync(temp, 'wx');
  try {
    const chunks =
      typeof content === 'string'
        ? [Buffer.from(content, 'utf8')]
        : content instanceof Uint8Array
          ? [content]
          : content;
    writeChunks(fd, chunks);
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

const WRITE_SIZE = 1 << 20;

/** In 1 MiB writes: thousands of small chunks are gathered, a large one is split. */
function writeChunks(fd: number, chunks: readonly Uint8Array[]): void {
  const staging = Buffer.allocUnsafe(WRITE_SIZE);
  let staged = 0;
  const flush = () => {
    for (let at = 0; at < staged; ) at += fs.writeSync(fd, staging, at, staged - at);
    staged = 0;
  };
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      const n = Math.min(chunk.length - at, WRITE_SIZE - staged);
      staging.set(chunk.subarray(at, at + n), staged);
      staged += n;
      at += n;
      if (staged === WRITE_SIZE) flush();
    }
  }
  flush();
}

/** Whether `file` holds exactly these chunks (false when it does not exist). */
export function fileHolds(file: string, chunks: readonly Uint8Array[]): boolean {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return false;
  }
  if (size !== chunks.reduce((n, c) => n + c.length, 0)) return false;
  const bytes = fs.readFileSync(file);
  let at = 0;
  for (const chunk of chunks) {
    if (bytes.compare(chunk, 0, chunk.length, at, at + chunk.length) !== 0) return false;
    at += chunk.length;
  }
  return true;
}
