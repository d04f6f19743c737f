// The detail line under the token view: what the token under the cursor is. Pure.

import type { Token, TokenizedSample, Truncation } from '../../core/token-model.js';
import type { Vocabulary } from '../../core/vocabulary.js';
import { byteFallbackByte, byteLevelBytes, utf8Bytes } from '../../core/byte-level.js';
import { visible } from '../../core/visible.js';
import { tokenKind } from '../../render/token-items.js';
import { plural, thousands } from '../../core/quantities.js';

const MAX_BYTES = 12;

/** The bytes a token stands for: its byte-level or byte-fallback bytes, else its text in UTF-8. */
function tokenBytes(token: Token, vocabulary: Pick<Vocabulary, 'byteLevel' | 'byteFallback'>): number[] {
  if (token.byteFallback) {
    const b = byteFallbackByte(token.piece);
    if (b !== undefined) return [b];
  }
  if (vocabulary.byteLevel && !token.special) {
    const bytes = byteLevelBytes(token.piece);
    if (bytes) return bytes;
  }
  return [...utf8Bytes(token.special ? token.piece : token.text)];
}

function hexBytes(bytes: readonly number[]): string {
  const shown = bytes.slice(0, MAX_BYTES).map((b) => b.toString(16).toUpperCase().padStart(2, '0'));
  return shown.join(' ') + (bytes.length > MAX_BYTES ? ` …+${bytes.length - MAX_BYTES}` : '');
}

function isDropped(index: number, truncation: Truncation | undefined): boolean {
  return truncation !== undefined && index >= truncation.droppedFrom && index < truncation.droppedTo;
}

function tokenFlags(token: Token, dropped: boolean): string[] {
  const flags: string[] = [];
  const kind = tokenKind(token);
  if (token.inserted) flags.push('inserted');
  else if (token.special) flags.push('special');
  if (token.unknown) flags.push('unknown');
  if (token.byteFallback) flags.push('byte-fallback');
  if (token.partial) flags.push('partial');
  if (dropped) flags.push('dropped by max_length');
  if (flags.length === 0 && kind === 'normal') flags.push('normal');
  return flags;
}

/**
 * `#12/57  id 9906  "Hello"  normal  bytes 48 65 6C 6C 6F  at 0–5`: the flags come before the
 * bytes, so a narrow terminal that cuts the line still says `special` or `inserted`.
 */
export function tokenDetail(
  sample: TokenizedSample,
  index: number,
  vocabulary: Pick<Vocabulary, 'byteLevel' | 'byteFallback'>,
  truncation?: Truncation,
): string {
  const t = sample.tokens[index];
  if (!t) return sample.tokens.length === 0 ? 'no tokens' : '';
  const at = t.start === t.end ? `at ${t.start} (no source text)` : `at ${t.start}–${t.end}`;
  return [
    `#${thousands(index + 1)}/${thousands(sample.tokens.length)}`,
    `id ${t.id}`,
    `"${visible(t.piece)}"`,
    tokenFlags(t, isDropped(index, truncation)).join(' '),
    `bytes ${hexBytes(tokenBytes(t, vocabulary))}`,
    at,
  ].join('  ');
}

/** `✂ max_length 32 (right): keeps 32, drops 25 tokens` or `no truncation`. */
export function truncationSummary(
  tokens: number,
  maxLength: number | undefined,
  side: 'left' | 'right',
  truncation: Truncation | undefined,
): string {
  if (maxLength === undefined) return 'max_length off';
  if (!truncation) return `max_length ${thousands(maxLength)} (${side}): fits`;
  const dropped = truncation.droppedTo - truncation.droppedFrom;
  return `✂ max_length ${thousands(maxLength)} (${side}): ${plural(dropped, 'token')} lost of ${thousands(tokens)}`;
}

/**
 * Tokens n / N jump to: unknown, byte-fallback, partial-character and special tokens written in
 * the text. A token the tokenizer inserted (BOS, EOS) is expected, not a hazard.
 */
export function isHazard(token: Token): boolean {
  return !token.inserted && tokenKind(token) !== 'normal';
}
