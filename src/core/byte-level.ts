// GPT-2's byte-level alphabet: every byte is spelled as one printable character
// (space → `Ġ`, newline → `Ċ`), so byte-level vocabularies are strings of these.

const BYTE_TO_CHAR: string[] = new Array<string>(256);
const CHAR_TO_BYTE = new Map<string, number>();

{
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCharCode(printable(b) ? b : 256 + next++);
    BYTE_TO_CHAR[b] = ch;
    CHAR_TO_BYTE.set(ch, b);
  }
}

export function byteToChar(byte: number): string {
  return BYTE_TO_CHAR[byte]!;
}

/** The bytes a byte-level piece spells, or undefined if it holds a character outside the alphabet. */
export function byteLevelBytes(piece: string): number[] | undefined {
  const bytes: number[] = [];
  for (const ch of piece) {
    const b = CHAR_TO_BYTE.get(ch);
    if (b === undefined) return undefined;
    bytes.push(b);
  }
  return bytes;
}

const BYTE_FALLBACK = /^<0x([0-9A-F]{2})>$/;

/** The byte of a byte-fallback piece such as `<0xF0>`, or undefined. */
export function byteFallbackByte(piece: string): number | undefined {
  const m = BYTE_FALLBACK.exec(piece);
  return m ? parseInt(m[1]!, 16) : undefined;
}

const utf8 = new TextEncoder();
// ignoreBOM: a U+FEFF inside a token is text, not an encoding mark (the default decoder drops a leading one).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

/** Decodes bytes that form whole characters; undefined when they do not (a partial character). */
export function decodeWhole(bytes: ArrayLike<number>): string | undefined {
  try {
    return strictDecoder.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/** Spells bytes that do not form whole characters as `\xF0\x9F`, decoding the whole ones in between. */
export function describeBytes(bytes: ArrayLike<number>): string {
  const whole = decodeWhole(bytes);
  if (whole !== undefined) return whole;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    const chunk =
      len > 0 && i + len <= bytes.length ? decodeWhole(Array.prototype.slice.call(bytes, i, i + len)) : undefined;
    if (chunk !== undefined) {
      out += chunk;
      i += len;
    } else {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}
