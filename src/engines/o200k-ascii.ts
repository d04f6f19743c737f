// GPT-4o's pre-tokenizer pattern (o200k, as @huggingface/tokenizers compiles it) on ASCII text,
// without the regex engine. On GPT-4o the regex was most of a worker's encoding time (a call per
// piece, about 170 ns each, with Unicode property classes at every character), while most
// characters of most corpora are ASCII, where the pattern's classes are a few ranges:
//   L = [A-Za-z] (Lu = [A-Z], Ll = [a-z]; no ASCII character is Lt, Lm, Lo or M), N = [0-9],
//   White_Space = [\t\n\v\f\r ], and every other character is "other".
// The pattern's alternatives, tried in order at `p` as the regex tries them:
//   1  [^\r\n L N]? [Lu]* [Ll]+ contraction?     4   ?[^White_Space L N]+ [\r\n/]*
//   2  [^\r\n L N]? [Lu]+ [Ll]*  contraction?     5  White_Space* [\r\n]+
//   3  N{1,3}                                     6  White_Space+ (?!non-White_Space)
//                                                 7  White_Space+
// (contraction: 's 't 're 've 'm 'll 'd, either case). A match here reads every character the
// regex's choice depends on (each run up to the first character past it); when one of them is
// not ASCII, the answer is "don't know" and the caller asks the regex. The differential test and
// `test/unit/o200k-ascii.test.ts` (random strings against the library's own pattern) check it.

/** The source of the library's compiled o200k pattern (flags `gu`): the one pattern this scanner stands for. */
export const O200K_SOURCE =
  "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?|\\p{N}{1,3}| ?[^\\p{White_Space}\\p{L}\\p{N}]+[\\r\\n/]*|\\p{White_Space}*[\\r\\n]+|\\p{White_Space}+(?!\\P{White_Space})|\\p{White_Space}+";

const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
/** \r and \n: White_Space, and ends of alternative 5. */
const BREAK = 4;
/** \t \v \f and space. */
const SPACE = 5;
const OTHER = 6;
/** Not ASCII (or past the end, which no run crosses either): the regex decides. */
const UNKNOWN = 0;

const CLASS = new Uint8Array(128).fill(OTHER);
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = UPPER;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = LOWER;
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;
CLASS[0x0a] = BREAK;
CLASS[0x0d] = BREAK;
for (const c of [0x09, 0x0b, 0x0c, 0x20]) CLASS[c] = SPACE;

const APOSTROPHE = 0x27;
const END = -1;

/** The class of the character at `i`: END past the text, UNKNOWN for one that is not ASCII. */
function classAt(text: string, i: number): number {
  if (i >= text.length) return END;
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : UNKNOWN;
}

/**
 * Where the pattern's match at `p` ends (the regex, sticky at `p`, would match text[p, end)),
 * or -1 when a character it depends on is not ASCII.
 */
export function o200kAsciiMatch(text: string, p: number): number {
  const c = classAt(text, p);
  if (c === UNKNOWN || c === END) return -1;
  // 1 and 2: a letter, or one character that is none of \r \n L N (a prefix) before letters.
  if (c === UPPER || c === LOWER || c === SPACE || c === OTHER) {
    const end = letters(text, c === UPPER || c === LOWER ? p : p + 1);
    if (end !== 0) return end;
  }
  if (c === DIGIT) {
    let end = p + 1;
    for (let k = classAt(text, end); end < p + 3 && k === DIGIT; k = classAt(text, end)) end++;
    // A fourth character after three digits starts the next match, whatever it is.
    return end < p + 3 && classAt(text, end) === UNKNOWN ? -1 : end;
  }
  // 4: an optional space, then "other" characters, then \r \n and /.
  let s = c === SPACE && text.charCodeAt(p) === 0x20 && classAt(text, p + 1) === OTHER ? p + 1 : p;
  if (classAt(text, s) === OTHER) {
    let k = classAt(text, ++s);
    while (k === OTHER) k = classAt(text, ++s);
    if (k === UNKNOWN) return -1;
    while (
      s < text.length &&
      (text.charCodeAt(s) === 0x0a || text.charCodeAt(s) === 0x0d || text.charCodeAt(s) === 0x2f)
    )
      s++;
    return s;
  }
  if (c !== SPACE && c !== BREAK) return -1;
  // 5, 6, 7: a whitespace run.
  let end = p;
  let lastBreak = -1;
  for (let k = c; k === SPACE || k === BREAK; k = classAt(text, ++end)) if (k === BREAK) lastBreak = end;
  const after = classAt(text, end);
  if (after === UNKNOWN) return -1; // a non-ASCII space would lengthen the run
  if (lastBreak >= 0) return lastBreak + 1;
  if (after === END || end - p === 1) return end;
  return end - 1;
}

/**
 * Alternatives 1 and 2 from `s` (after any prefix): uppercase letters then lowercase ones (at
 * least one of either), then a contraction; 0 when there are no letters at `s`, -1 when a
 * character the answer depends on is not ASCII.
 */
function letters(text: string, s: number): number {
  let end = s;
  let k = classAt(text, end);
  while (k === UPPER) k = classAt(text, ++end);
  while (k === LOWER) k = classAt(text, ++end);
  if (k === UNKNOWN) return -1; // a non-ASCII letter or mark would continue the word
  if (end === s) return 0;
  if (text.charCodeAt(end) !== APOSTROPHE) return end;
  const a = text.charCodeAt(end + 1) | 0x20;
  if (a === 0x73 || a === 0x74 || a === 0x6d || a === 0x64) return end + 2; // 's 't 'm 'd
  const b = text.charCodeAt(end + 2) | 0x20;
  if ((a === 0x72 || a === 0x76) && b === 0x65) return end + 3; // 're 've
  if (a === 0x6c && b === 0x6c) return end + 3; // 'll
  return end;
}
