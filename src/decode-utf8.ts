// Strict UTF-8 decoding that says where the bad byte is (the wording: core/utf8-fault.ts).

import fs from 'node:fs';
import { InputError, fileError } from './errors.js';
import { utf8Fault } from './core/utf8-fault.js';

// ignoreBOM: the caller decides what a leading U+FEFF is (the default decoder drops it silently).
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file's text. One leading byte-order mark is an encoding mark and is dropped, unless
 * `keepBom` (a text given to `show` is data: its BOM is tokenized like any other character).
 */
export function decodeUtf8(bytes: Uint8Array, file: string, options: { keepBom?: boolean } = {}): string {
  try {
    const text = strict.decode(bytes);
    return !options.keepBom && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw utf8Error(file, bytes, 1);
  }
}

/** The error for bytes that are not UTF-8, starting on `line` of `file` (`column0` bytes into it). */
export function utf8Error(file: string, bytes: Uint8Array, line: number, hint = REENCODE, column0 = 0): InputError {
  const fault = utf8Fault(bytes, column0);
  return new InputError(file, fault.message, line + fault.linesBefore, hint);
}

export const REENCODE = 'Re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).';
/** A whole text file (a JSON file, a chat template), decoded strictly: bad UTF-8 is an error naming the line. */
export function readTextFile(file: string, shownAs: string = file): string {
  let bytes: Buffer;
  try {
    if (!fs.statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw fileError(shownAs, e);
  }
  return decodeUtf8(bytes, shownAs);
}

/**
 * Passes a byte stream through unchanged while checking that it is UTF-8, for readers that
 * decode with replacement characters (csv-parse): bad bytes are an error naming the line.
 */
export async function* checkedUtf8(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let column = 0; // bytes of the current line in earlier chunks
  // The bytes of a character the previous chunk ended inside (never a newline): the fault may start there.
  let carried: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      const bytes = Buffer.concat([carried, chunk]);
      throw utf8Error(file, bytes, line, REENCODE, column - carried.length);
    }
    const last = chunk.lastIndexOf(0x0a);
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
    column = last === -1 ? column + chunk.length : chunk.length - last - 1;
    carried = incompleteTail(chunk, carried);
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw utf8Error(file, carried, line, REENCODE, column - carried.length);
  }
}

/** The bytes at the end of a stream so far that begin a character not yet complete. */
function incompleteTail(chunk: Uint8Array, before: Uint8Array): Uint8Array {
  const bytes = chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : Buffer.concat([before, chunk]).subarray(-3);
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 3; i--) {
    const b = bytes[i]!;
    if (b < 0x80) return new Uint8Array(0);
    if (b >= 0xc0) {
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return bytes.length - i < len ? bytes.slice(i) : new Uint8Array(0);
    }
  }
  return new Uint8Array(0);
}
