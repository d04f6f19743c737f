// Samples aimed at the offset rules that are easy to get wrong: byte-order marks anywhere, CJK
// characters carrying combining marks (BERT pads CJK with spaces and strips the marks), and
// literal added tokens with zero to three spaces around them (lstrip/rstrip eat those spaces,
// single_word needs them, trim_offsets drops them from offsets). Deterministic.

import { mulberry32 } from '../../src/core/random.js';
import { VARIANT_LITERALS } from './fixture-variants.js';

const WORDS = ['Hello', 'world', 'the', 'whale', 'café', 'Ishmael', 'x', 'ok', '42', 'naïve', "don't", 'ab'];
const CJK = ['駅', '中', '文', '漢', '字', '龍', '𠀀', '𠮷', '東', 'ひ', 'カ', '한'];
const LITERALS = [...VARIANT_LITERALS, '<|endoftext|>', '<|begin_of_text|>', '[CLS]', '[SEP]', '<unk>', '<pad>'];

export function fidelitySamples(count: number, seed = 11): string[] {
  const rng = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const spaces = () => pick(['', ' ', '  ', '   ', '\t', '\n', ' \u00a0']);
  const marks = () => Array.from({ length: int(1, 3) }, () => String.fromCodePoint(int(0x300, 0x36f))).join('');
  const makers = [
    // Byte-order marks at the start, inside and around words and spaces.
    () => `\ufeff${pick(WORDS)}${pick(['', ' ', '//', '\ufeff'])}${pick(WORDS)}`,
    () => `${pick(WORDS)}${spaces()}\ufeff${spaces()}${pick(WORDS)}`,
    () => `${spaces()}\ufeff${pick(LITERALS)}${spaces()}\ufeff`,
    // CJK with combining marks, then text.
    () => `${pick(CJK)}${marks()}${spaces() || ' '}${pick(WORDS)}`,
    () => `${pick(WORDS)} ${pick(CJK)}${marks()}${pick(CJK)}${pick(['', marks()])}`,
    // Literal added tokens with spaces around, glued to words, at either end.
    () => `${pick(WORDS)}${spaces()}${pick(LITERALS)}${spaces()}${pick(WORDS)}`,
    () => `${spaces()}${pick(LITERALS)}${spaces()}`,
    () => `${pick(WORDS)}${pick(LITERALS)}${pick(WORDS)}`,
    () => `${pick(LITERALS)}${pick(WORDS).toUpperCase()}${spaces()}${pick(LITERALS)}`,
  ];
  return Array.from({ length: count }, () =>
    Array.from({ length: int(1, 3) }, () => pick(makers)()).join(pick([' ', '', '  '])),
  );
}
