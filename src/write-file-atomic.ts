// Writing files so that nothing is ever half-written: readers see the old file or the new one.

import fs from 'node:fs';
import path from 'node:path';
import { writeError } from './errors.js';
import { checkOutputPath } from './contained-path.js';

/** Temp files are `<name>.tmp-<pid>-<n>` in the target's folder, so the rename never crosses a file system. */
export const TEMP_FILE = /\.tmp-(\d+)-\d+$/;
let tempCounter = 0;

/**
 * Writes `content` (text, bytes, or byte chunks in order, which may be generated as they are
 * written) so that readers only ever see the
 * old file or the complete new one: a temp file in the same folder is written, flushed to
 * disk and renamed over the target. A process killed half-way leaves the old file untouched
 * (and a temp file that removeStaleTemps cleans up later). A target that exists and is not a
 * regular file (a symbolic link, a FIFO, a device, a folder) is refused (InputError).
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | Iterable<Uint8Array>): void {
  // The rename would replace whatever is there: a link, a pipe or a device is not tokpeek's to replace.
  checkOutputPath(file, []);
  const temp = `${file}.tmp-${process.pid}-${tempCounter++}`;
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // 'wx': a temp name someone placed (a link, a pipe) is never opened, only a file this call creates.
    fd = fs.openSync(temp, 'wx');
  } catch (e) {
    throw writeError(file, e);
  }
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
    throw writeError(file, e);
  }
}

const WRITE_SIZE = 1 << 20;

/** In 1 MiB writes: thousands of small chunks are gathered, a large one is split. */
export function writeChunks(fd: number, chunks: Iterable<Uint8Array>): void {
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

/** Whether `file` holds exactly these chunks (false when it does not exist), read piece by piece. */
export function fileHolds(file: string, chunks: Iterable<Uint8Array>): boolean {
  let fd: number;
  try {
    if (!fs.statSync(file).isFile()) return false;
    fd = fs.openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fs.fstatSync(fd).size;
    let at = 0;
    let buf = Buffer.alloc(0);
    for (const chunk of chunks) {
      if (at + chunk.length > size) return false;
      if (buf.length < chunk.length) buf = Buffer.allocUnsafe(Math.max(chunk.length, 1 << 16));
      for (let n = 0, got: number; n < chunk.length; n += got)
        if ((got = fs.readSync(fd, buf, n, chunk.length - n, at + n)) === 0) return false;
      if (buf.compare(chunk, 0, chunk.length, 0, chunk.length) !== 0) return false;
      at += chunk.length;
    }
    return at === size;
  } finally {
    fs.closeSync(fd);
  }
}
