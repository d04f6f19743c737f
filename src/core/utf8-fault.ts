// Where bytes stop being UTF-8, and the one wording of that fault: every reader (corpora, JSON,
// templates, configs, standard input) and the snapshot index report bad bytes through here.

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Utf8Fault {
  /** Newlines in the bytes before the bad one (0: it is on the bytes' first line). */
  linesBefore: number;
  /** 1-based byte of the bad sequence within its line. */
  column: number;
  /** `invalid UTF-8 at byte N of the line`. */
  message: string;
}

/**
 * The first byte of `bytes` that does not start a complete UTF-8 character (a sequence cut at
 * the end counts). `column0` is how many bytes of the first line came before `bytes`.
 */
export function utf8Fault(bytes: Uint8Array, column0 = 0): Utf8Fault {
  const at = firstInvalidByte(bytes) - 1;
  let linesBefore = 0;
  let lineStart = -1;
  for (let i = 0; i < at; i++)
    if (bytes[i] === 0x0a) {
      linesBefore++;
      lineStart = i;
    }
  const column = at - lineStart + (linesBefore === 0 ? column0 : 0);
  return { linesBefore, column, message: `invalid UTF-8 at byte ${column} of the line` };
}

/** 1-based position of the first byte that is not valid UTF-8 (length + 1 when all are). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i + 1;
    if (len > 1)
      try {
        strict.decode(bytes.subarray(i, i + len));
      } catch {
        return i + 1;
      }
    i += len;
  }
  return i + 1;
}
