// Offsets as the Rust crate trims them after byte-level tokenization, for the JS replay to match.

import { codePointIndex } from '../core/code-points.js';

/**
 * Rust's process_offsets (ByteLevel and RobertaProcessing with trim_offsets): offsets leave out a
 * token's leading and trailing spaces, counted in code points because Rust converts offsets to
 * characters before post-processing (an inserted `Ġ` sharing an emoji's range moves past it).
 */
export function trimByteLevelOffsets(
  text: string,
  tokens: string[],
  offsets: Array<[number, number]>,
  addPrefixSpace: boolean,
): void {
  // Rust's char::is_whitespace: the White_Space property (U+0085 yes, U+FEFF no).
  const isSpace = (c: string) => c === 'Ġ' || /\p{White_Space}/u.test(c);
  const { toCp, toUnit } = codePointIndex(text);
  tokens.forEach((tok, i) => {
    const chars = [...tok];
    let leading = 0;
    while (leading < chars.length && isSpace(chars[leading]!)) leading++;
    let trailing = 0;
    while (trailing < chars.length && isSpace(chars[chars.length - 1 - trailing]!)) trailing++;
    if (leading === 0 && trailing === 0) return;
    const o = offsets[i]!;
    let start = toCp(o[0]);
    let end = toCp(o[1]);
    if (leading > 0) {
      if ((i === 0 || start === 0) && addPrefixSpace && leading === 1) leading = 0;
      start = Math.min(start + leading, end);
    }
    if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
    o[0] = toUnit(start);
    o[1] = toUnit(end);
  });
}
