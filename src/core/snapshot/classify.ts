// Drift classes for tokenizations spelled the snapshot way (see text-escape.ts), so a stored
// snapshot, a pending file, a live run and ids produced elsewhere are classified alike. The
// spellings are turned back into the bytes each token stands for, and the pure classifier in
// core/drift does the rest.

import {
  type DriftClass,
  type DriftOptions,
  type DriftRole,
  type DriftToken,
  type PipelineEvidence,
  classifyDrift as classifySides,
} from '../drift/classify.js';
import type { SnapshotHeader } from './format.js';
import { tokenBody, tokenMark } from './text-escape.js';
import { fromVisible } from '../visible.js';

export interface Tokenization {
  /** Snapshot spellings, one per id. */
  tokens: readonly string[];
  ids: readonly number[];
  /** Evidence from the live pipeline that produced this side, when there is one. */
  evidence?: PipelineEvidence;
  /** Ids produced elsewhere, spelled through this tokenizer's vocabulary (see DriftSide.foreignIds). */
  foreignIds?: boolean;
  /** Which tokens are byte fallback (`<0xF0>`), from a live vocabulary: snapshot spellings cannot say. */
  byteFallback?: readonly boolean[];
  /** The text tokenized: sides of one sample with different texts were rendered differently from one record. */
  text?: string;
}

const ROLE: Record<ReturnType<typeof tokenMark>, DriftRole> = {
  normal: 'text',
  special: 'special',
  inserted: 'inserted',
  unknown: 'unknown',
};

const utf8 = new TextEncoder();

/**
 * The bytes a snapshot spelling stands for: `\xHH` in a token's text is one loose byte (a token
 * holding part of a character), everything else is text in visible form.
 */
export function displayBytes(display: string): Uint8Array {
  const text = fromVisible(tokenBody(display));
  if (!text.includes('\\x')) return utf8.encode(text);
  const out: number[] = [];
  let last = 0;
  for (const m of text.matchAll(/\\x([0-9A-F]{2})/g)) {
    out.push(...utf8.encode(text.slice(last, m.index)), parseInt(m[1]!, 16));
    last = m.index + m[0].length;
  }
  out.push(...utf8.encode(text.slice(last)));
  return Uint8Array.from(out);
}

function driftTokens(t: Tokenization): DriftToken[] {
  return t.tokens.map((display, i) => ({
    id: t.ids[i]!,
    role: ROLE[tokenMark(display)],
    bytes: displayBytes(display),
    ...(t.byteFallback ? { byteFallback: t.byteFallback[i]! } : {}),
  }));
}

/** Empty when both tokenizations are the same ids. */
export function classifyDrift(
  before: Tokenization,
  after: Tokenization,
  maxLength?: number,
  filesChanged?: DriftOptions['filesChanged'],
): DriftClass[] {
  const side = (t: Tokenization) => ({
    tokens: driftTokens(t),
    ...(t.evidence ? { evidence: t.evidence } : {}),
    ...(t.foreignIds ? { foreignIds: true } : {}),
  });
  const renderingChanged = before.text !== undefined && after.text !== undefined && before.text !== after.text;
  return classifySides(side(before), side(after), {
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(filesChanged ? { filesChanged } : {}),
    ...(renderingChanged ? { renderingChanged } : {}),
  });
}

/**
 * What the header digests say about the stages that regroup bytes, when the same engine and
 * version wrote both sides (otherwise the engine may have done it, and they say nothing).
 */
export function filesChangedBetween(
  before: Pick<SnapshotHeader, 'engine' | 'engineVersion' | 'sections'>,
  after: Pick<SnapshotHeader, 'engine' | 'engineVersion' | 'sections'>,
): DriftOptions['filesChanged'] {
  if (before.engine !== after.engine || before.engineVersion !== after.engineVersion) return undefined;
  const old = new Map(before.sections);
  const now = new Map(after.sections);
  const differs = (name: string) => old.get(name) !== now.get(name);
  return {
    preTokenizer: differs('pre_tokenizer'),
    model: differs('model') || differs('model.merges') || differs('model.vocab'),
  };
}
