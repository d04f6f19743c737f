// Strict UTF-8 decoding that says where the bad byte is.

import { InputError } from '../errors.js';

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
    throw new InputError(
      file,
      `invalid UTF-8 (byte ${at - lineStart(bytes, at)} of the line)`,
      line,
      'Re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
    );
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
