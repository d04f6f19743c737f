// Strict UTF-8 decoding that says where the bad byte is.

import fs from 'node:fs';
import { InputError, fileError } from './errors.js';

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
    const at = firstInvalidByte(bytes);
    const line = countLines(bytes, at);
    throw new InputError(file, `invalid UTF-8 (byte ${at - lineStart(bytes, at)} of the line)`, line, REENCODE);
  }
}

const REENCODE = 'Re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).';

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
  const fail = (chunk: Uint8Array, at: number): never => {
    for (let i = 0; i < at - 1; i++) if (chunk[i] === 0x0a) line++;
    throw new InputError(file, 'invalid UTF-8', line, REENCODE);
  };
  for await (const chunk of chunks) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      fail(chunk, firstInvalidByte(chunk));
    }
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line++;
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw new InputError(file, 'invalid UTF-8: the file ends inside a character', line, REENCODE);
  }
}

/** 1-based position of the first byte that is not valid UTF-8. */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i + 1;
    try {
      strict.decode(bytes.subarray(i, i + len));
    } catch {
      return i + 1;
    }
    i += len;
  }
  return i + 1;
}

function countLines(bytes: Uint8Array, upTo: number): number {
  let n = 1;
  for (let i = 0; i < upTo - 1; i++) if (bytes[i] === 0x0a) n++;
  return n;
}

function lineStart(bytes: Uint8Array, at: number): number {
  let i = at - 2;
  while (i >= 0 && bytes[i] !== 0x0a) i--;
  return i + 1;
}
