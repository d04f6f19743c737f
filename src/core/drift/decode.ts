// Decoding pinned: what `decode` returns, with and without `skip_special_tokens`, for a fixed
// set of strings (the canaries, and the tokenizer's own added tokens), and the class of a
// change when the ids stayed the same. A decoder, a `clean_up_tokenization_spaces` or a token's
// `special` flag can change what an application reads back without moving a single id.
//
// How the cause is found, per pinned string:
// - only the skip_special_tokens decode differs → special-flag (the set of tokens it drops changed);
// - both old and new decodes are known and equal after transformers' clean-up → cleanup;
// - otherwise → decoder.

import { createHash } from 'node:crypto';
import { DRIFT_CLASS_LABELS, type DriftClass } from './classify.js';

/** A decode as a snapshot header keeps it: the text, or, past PIN_CHARS, its hash. */
export type PinnedText = { text: string } | { sha256: string };

export interface DecodePin {
  /** A canary's name, or `added-tokens` (every added token's content, in id order, space-separated). */
  name: string;
  /** decode(ids), skip_special_tokens false. */
  plain: PinnedText;
  /** decode(ids, skip_special_tokens: true). */
  skip: PinnedText;
}

export type DecodeDriftClass = Extract<DriftClass, 'decoder' | 'cleanup' | 'special-flag'>;

export interface DecodeDrift {
  /** The pinned string's name (see DecodePin.name). */
  name: string;
  class: DecodeDriftClass;
  /** Which decode changed: the plain one, or (when only it) the skip_special_tokens one. */
  skipSpecialTokens: boolean;
  /** The old and new decode; a hash when the header kept only that. */
  before: string;
  after: string;
}

/** Longer decodes are kept as a hash (the added tokens of a large vocabulary run to kilobytes). */
export const PIN_CHARS = 240;

/** The pinned string made of the tokenizer's added tokens. */
export const ADDED_TOKENS_PIN = 'added-tokens';

function pinText(decoded: string): PinnedText {
  return decoded.length <= PIN_CHARS ? { text: decoded } : { sha256: sha256Of(decoded) };
}

export function pinOf(name: string, plain: string, skip: string): DecodePin {
  return { name, plain: pinText(plain), skip: pinText(skip) };
}

function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const hashOf = (p: PinnedText) => ('text' in p ? sha256Of(p.text) : p.sha256);

export function samePinned(a: PinnedText, b: PinnedText): boolean {
  return 'text' in a && 'text' in b ? a.text === b.text : hashOf(a) === hashOf(b);
}

/** How a report shows a pinned decode. */
function pinnedShown(p: PinnedText): string {
  return 'text' in p ? p.text : `sha256:${p.sha256}`;
}

/**
 * transformers' `clean_up_tokenization` (Python and transformers.js alike): the spaces a
 * word-joining decoder leaves before punctuation and English contractions are removed.
 */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

/** The pins whose decode changed, with their class; pins only one side has are not compared. */
export function compareDecodePins(before: readonly DecodePin[], after: readonly DecodePin[]): DecodeDrift[] {
  const old = new Map(before.map((p) => [p.name, p]));
  const out: DecodeDrift[] = [];
  for (const now of after) {
    const was = old.get(now.name);
    if (!was) continue;
    const plainSame = samePinned(was.plain, now.plain);
    if (plainSame && samePinned(was.skip, now.skip)) continue;
    const [b, a] = plainSame ? [was.skip, now.skip] : [was.plain, now.plain];
    const cleanup = 'text' in b && 'text' in a && cleanUpTokenization(b.text) === cleanUpTokenization(a.text);
    out.push({
      name: now.name,
      class: plainSame ? 'special-flag' : cleanup ? 'cleanup' : 'decoder',
      skipSpecialTokens: plainSame,
      before: pinnedShown(b),
      after: pinnedShown(a),
    });
  }
  return out;
}

/** One changed decode, for a note: which string, which decode, the class, old → new. */
export function decodeChangeLine(c: DecodeDrift): string {
  const which = c.name === ADDED_TOKENS_PIN ? 'the added tokens' : `canary "${c.name}"`;
  const quoted = (s: string) => (s.startsWith('sha256:') ? s : JSON.stringify(s));
  return `decode${c.skipSpecialTokens ? ' with skip_special_tokens' : ''} of ${which} changed (${DRIFT_CLASS_LABELS[c.class]}): ${quoted(c.before)} → ${quoted(c.after)}`;
}
