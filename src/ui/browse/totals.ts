// Corpus-level totals per tokenizer, side by side (the `t` pane): tokens, characters per token,
// samples with unknown tokens, samples cut at max_length — over the samples counted so far.
// Pure: the session's per-sample counts and flags in, rows of text out.

import { pct, thousands } from '../../core/quantities.js';
import { HAS_UNKNOWN } from './hazards.js';

interface TokenizerTotals {
  name: string;
  /** Samples counted (of `total`). */
  counted: number;
  tokens: number;
  /** Code points of the counted samples. */
  chars: number;
  withUnknown: number;
  /** Samples longer than max_length (undefined: none set). */
  truncated: number | undefined;
}

interface TotalsSource {
  samples: ReadonlyArray<{ text: string }>;
  count(k: number, index: number): number | undefined;
  flagsOf(k: number, index: number): number;
}

/** Code points of `text` (what chars/token counts everywhere). */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

export function corpusTotals(
  source: TotalsSource,
  names: readonly string[],
  maxLength: number | undefined,
): TokenizerTotals[] {
  return names.map((name, k) => {
    const t: TokenizerTotals = {
      name,
      counted: 0,
      tokens: 0,
      chars: 0,
      withUnknown: 0,
      truncated: maxLength === undefined ? undefined : 0,
    };
    source.samples.forEach((sample, i) => {
      const c = source.count(k, i);
      if (c === undefined) return;
      t.counted++;
      t.tokens += c;
      t.chars += codePoints(sample.text);
      if (source.flagsOf(k, i) & HAS_UNKNOWN) t.withUnknown++;
      if (t.truncated !== undefined && c > maxLength!) t.truncated++;
    });
    return t;
  });
}

/** The totals as aligned rows: a header, then one row per measure with a column per tokenizer. */
export function totalsRows(
  totals: readonly TokenizerTotals[],
  total: number,
  maxLength: number | undefined,
): string[][] {
  const share = (n: number, of: number) => `${thousands(n)} (${of ? pct(n / of) : '–'})`;
  return [
    ['', ...totals.map((t) => t.name)],
    ['samples counted', ...totals.map((t) => `${thousands(t.counted)} of ${thousands(total)}`)],
    ['tokens', ...totals.map((t) => thousands(t.tokens))],
    ['chars/token', ...totals.map((t) => (t.tokens ? (t.chars / t.tokens).toFixed(2) : '–'))],
    ['tokens/sample', ...totals.map((t) => (t.counted ? (t.tokens / t.counted).toFixed(1) : '–'))],
    ['with unknown tokens', ...totals.map((t) => share(t.withUnknown, t.counted))],
    [
      maxLength === undefined ? 'truncated' : `truncated at ${thousands(maxLength)}`,
      ...totals.map((t) => (t.truncated === undefined ? 'no max_length (m sets one)' : share(t.truncated, t.counted))),
    ],
  ];
}
