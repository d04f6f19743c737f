// Renders a tokenized sample for `tokpeek show` (and the TUI and diff reports): plain bracket
// notation for pipes and NO_COLOR, ANSI SGR colours otherwise. Pure: strings in, strings out.
//
// Plain notation (PLAIN_LEGEND says the same for help screens). Outside the brackets there is only
// what the notation itself puts there (split-character notes, cut markers, id padding), so a token
// always starts at `[` or `⟦` and ends at the first unescaped `]` or `⟧`:
//   [text]          a token, as the text it stands for (Token.text)
//   ⟦<s>⟧           a special token written in the text
//   ⟦+<s>⟧          a special token the post-processor inserted (it has no source text)
//   [UNK:text]      the unknown token, with the source text it replaced (sample.text.slice(start, end))
//   [<0xF0>]        a byte-fallback token (its vocabulary piece)
//   [\xF0\x9F]      a token holding part of a character: each \xHH is one loose byte; text around
//                   whole characters in the same token is shown as text
//   {😀}            after a run of such tokens: the character(s) they split, shown once
//   |✂ max_length=N|  where truncation cuts; the dropped tokens follow on their own line(s),
//                   introduced by the same marker
//   ◌               put before a token whose text starts with a combining mark
// Escapes inside a bracket: `\\` is a backslash, `\]` and `\⟧` are brackets, `\xHH` is a byte;
// a `\` before a token's first character says it is literal text, not a kind marker
// (`[\UNK:x]`, `[\<0x41>]`, `⟦\+x⟧`, `[\◌]`). All text goes through `visible()` first
// (`·` space, `⏎` newline, `⟨U+XXXX⟩` invisible code points: see VISIBLE_LEGEND).
//
// Colour mode drops the brackets: tokens get alternating soft background colours; special tokens
// are bold magenta (italic when inserted), unknown tokens red inverse, byte-fallback yellow,
// partial-character tokens underlined yellow; whitespace symbols and escapes are dim; truncated
// tokens stay in place, dimmed, after or before a red `✂`. Only SGR sequences are emitted.
//
// Layout: lines wrap at `width` columns without splitting a token unless it alone is wider than
// a line; a line also ends after a token whose source ends with a newline. With `ids`, every text
// line is followed by a line with each token's id left-aligned under it (tokens are padded with
// spaces so ids never touch). The last line is a summary; the result has no trailing newline.
//
// Items are built in ./token-items.ts and laid out in ./token-layout.ts.

import type { TokenizedSample } from '../core/token-model.js';
import { DIM, styled } from './sgr.js';
import { type Item, cutMarkerItem, range, tokenItems, tokenKind } from './token-items.js';
import { layout } from './token-layout.js';
import { plural } from '../core/quantities.js';

// ---- summary ----

function summary(sample: TokenizedSample): string {
  const n = sample.tokens.length;
  const chars = [...sample.text].length;
  const fields = [plural(n, 'token'), plural(chars, 'char')];
  const tr = sample.truncation;
  if (tr) {
    const dropped = Math.max(0, Math.min(tr.droppedTo, n) - Math.max(tr.droppedFrom, 0));
    fields.push(`${dropped} dropped past max_length=${tr.maxLength} (${tr.side})`);
  } else if (n > 0) {
    fields.push(`${(chars / n).toFixed(2)} chars/token`);
  }
  const counts = { special: 0, unknown: 0, 'byte-fallback': 0, partial: 0 };
  for (const t of sample.tokens) {
    const kind = tokenKind(t);
    if (kind === 'special' || kind === 'inserted') counts.special++;
    else if (kind !== 'normal') counts[kind]++;
  }
  for (const [name, count] of Object.entries(counts)) if (count > 0) fields.push(`${count} ${name}`);
  return fields.join(' · ');
}

/**
 * Renders a sample for `show`. `truncation.droppedFrom`/`droppedTo` are read as a half-open range
 * (`tokens.slice(droppedFrom, droppedTo)` is dropped). The summary counts all tokens, dropped ones
 * included; chars are code points.
 */
interface RenderTokensOptions {
  color: boolean;
  /** Print token ids aligned under the tokens. */
  ids?: boolean;
  /** Columns to wrap at (default 80). */
  width?: number;
}

export function renderTokens(sample: TokenizedSample, opts: RenderTokensOptions): string {
  const plain = !opts.color;
  const width = Math.max(1, Math.floor(opts.width ?? 80));
  const n = sample.tokens.length;
  const tr = sample.truncation;
  const items: Item[] = [];

  // `tokenItems(…, items)` appends in place: a 1 MB sample has too many items to spread as arguments.
  if (!tr) {
    tokenItems(sample, range(0, n), plain, false, items);
  } else {
    const from = Math.min(Math.max(tr.droppedFrom, 0), n);
    const to = Math.min(Math.max(tr.droppedTo, from), n);
    const before = range(0, from);
    const dropped = range(from, to);
    const after = range(to, n);
    if (plain) {
      tokenItems(sample, before, plain, false, items);
      items.push(cutMarkerItem(tr.maxLength, true));
      tokenItems(sample, after, plain, false, items);
      if (dropped.length > 0) {
        // The trailing section starts on a line of its own.
        const last = items[items.length - 1];
        if (last) last.breakAfter = true;
        items.push(cutMarkerItem(tr.maxLength, true));
        tokenItems(sample, dropped, plain, false, items);
      }
    } else {
      const marker = cutMarkerItem(tr.maxLength, false);
      tokenItems(sample, before, plain, false, items);
      if (tr.side === 'right') {
        items.push(marker);
        tokenItems(sample, dropped, plain, true, items);
      } else {
        tokenItems(sample, dropped, plain, true, items);
        items.push(marker);
      }
      tokenItems(sample, after, plain, false, items);
    }
  }

  const lines = layout(items, width, opts.ids ?? false, opts.color);
  const sum = summary(sample);
  lines.push(styled(opts.color, DIM, sum));
  return lines.join('\n');
}
