// Names what changed between two tokenizations of one text, by the stage of the pipeline that
// changed it. Pure data in, data out, for any engine: each side is its tokens as bytes (what
// each token stands for in the text the model saw), optionally with evidence from a live
// pipeline (where its pre-tokens end, and its model run on one pre-token). llama.cpp, tiktoken
// and the Hugging Face engines are compared the same way.
//
// How the cause is found:
// - the text itself differs (a chat corpus: the template rendered the same record into other
//   text) → chat-template; of the rest only what the tokenizer adds itself (inserted specials,
//   ids of same-byte tokens) is told apart, since the template writes the text and its specials;
// - inserted specials (BOS/EOS/CLS/SEP) or special tokens matched in the text differ → special-tokens;
// - the bytes the tokens stand for differ (unknown tokens aside) → normalization: the text the
//   model saw is not the same;
// - one side spells characters with byte-fallback tokens where the other does not (an unknown
//   token, or a token the other vocabulary has) → byte-fallback, when both sides say which
//   of their tokens are byte fallback;
// - same bytes, a token of the same bytes now has another id → vocab-remap;
// - same bytes, grouped differently → boundaries, made precise with a side's pipeline evidence:
//   a pre-token of one side ends inside a token of the other → pre-tokenization; the live
//   model cannot produce the other side's tokens from any split of that pre-token → merges
//   (the model itself differs); otherwise the two cannot be told apart and it stays boundaries.

import { diffArrays } from 'diff';

export const DRIFT_CLASSES = [
  'special-tokens',
  'vocab-remap',
  'normalization',
  'pre-tokenization',
  'merges',
  'boundaries',
  'unknown-tokens',
  'byte-fallback',
  'max-length',
  'chat-template',
  'decoder',
  'cleanup',
  'special-flag',
] as const;
export type DriftClass = (typeof DRIFT_CLASSES)[number];

export const DRIFT_CLASS_LABELS: Record<DriftClass, string> = {
  'special-tokens': 'special tokens added/removed (post-processor or added tokens)',
  'vocab-remap': 'same tokens, different ids (vocabulary remap)',
  normalization: 'text seen by the model changed (normalization)',
  'pre-tokenization': 'pre-token boundaries moved (pre-tokenizer)',
  merges: 'same pre-tokens, other tokens (model merges)',
  boundaries: 'token boundaries moved (merges or pre-tokenization)',
  'unknown-tokens': 'unknown-token count changed',
  'byte-fallback': 'characters spelled as byte-fallback tokens on one side only',
  'max-length': 'length now crosses max_length',
  'chat-template': 'conversation rendered differently (chat template)',
  decoder: 'same ids, decoded into other text (decoder)',
  cleanup: 'decoded text differs only by spaces before punctuation (clean_up_tokenization_spaces)',
  'special-flag': 'skip_special_tokens drops other tokens (special flags)',
};

/** `text`: an ordinary token; `special`: a special token matched in the text; `inserted`: added by the post-processor. */
export type DriftRole = 'text' | 'special' | 'inserted' | 'unknown';

export interface DriftToken {
  id: number;
  role: DriftRole;
  /** The UTF-8 bytes the token stands for in the model's input; ignored for unknown and inserted tokens. */
  bytes: Uint8Array;
  /** A byte-fallback token (`<0xF0>`); undefined when the side cannot say (a stored snapshot). */
  byteFallback?: boolean;
}

/** What a live pipeline can say about how it got its tokens. */
export interface PipelineEvidence {
  /**
   * Byte positions where pre-tokens (and special tokens matched in the text) end, in the same
   * byte stream the tokens spell: the concatenation of the bytes of every text and special token.
   */
  preTokenEnds: number[];
  /** This side's model alone on the bytes of one pre-token: its ids, or undefined when it cannot say. */
  model?: (bytes: Uint8Array) => number[] | undefined;
}

export interface DriftSide {
  tokens: readonly DriftToken[];
  evidence?: PipelineEvidence;
  /**
   * Ids from elsewhere (a Python run, llama.cpp goldens) spelled through the other side's
   * vocabulary: their bytes are a guess, so they cannot prove the text changed.
   */
  foreignIds?: boolean;
}

export interface DriftOptions {
  /** Adds max-length when one side is longer than this and the other is not. */
  maxLength?: number;
  /**
   * Which stages of the tokenizer files differ between the sides, when the same engine ran both:
   * settles a regrouping that a missing merge and a finer pre-tokenizer would both explain.
   */
  filesChanged?: { preTokenizer: boolean; model: boolean };
  /**
   * The sides tokenized different texts rendered from one record: the chat template (or its
   * inputs) changed what the tokenizer was given.
   */
  renderingChanged?: boolean;
}

function sameIds(a: readonly DriftToken[], b: readonly DriftToken[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.id !== b[i]!.id) return false;
  return true;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** Specials in order, each with where it stands in the text (the number of content bytes before it). */
function specialsOf(tokens: readonly DriftToken[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const t of tokens) {
    if (t.role === 'inserted') out.push(`+${t.id}@${at}`);
    else if (t.role === 'special') out.push(`${hex(t.bytes)}@${at}`);
    if (t.role !== 'inserted' && t.role !== 'unknown') at += t.bytes.length;
  }
  return out;
}

/** The content tokens (text, special, unknown) in order; inserted tokens have no place in the text. */
function contentOf(tokens: readonly DriftToken[]): DriftToken[] {
  return tokens.filter((t) => t.role !== 'inserted');
}

/** The content as runs of bytes between unknown tokens (whose extent is not known). */
function runsOf(content: readonly DriftToken[]): string[] {
  const runs = [''];
  for (const t of content) {
    if (t.role === 'unknown') runs.push('');
    else runs[runs.length - 1] += hex(t.bytes);
  }
  return runs;
}

/** End position (in content bytes) of each content token. */
function endsOf(content: readonly DriftToken[]): number[] {
  let at = 0;
  return content.map((t) => (at += t.bytes.length));
}

export function classifyDrift(before: DriftSide, after: DriftSide, options: DriftOptions = {}): DriftClass[] {
  if (sameIds(before.tokens, after.tokens)) return [];
  const classes = new Set<DriftClass>();
  const { maxLength } = options;
  if (maxLength !== undefined && before.tokens.length > maxLength !== after.tokens.length > maxLength)
    classes.add('max-length');
  if (options.renderingChanged) {
    classes.add('chat-template');
    const inserted = (tokens: readonly DriftToken[]) => tokens.flatMap((t) => (t.role === 'inserted' ? [t.id] : []));
    if (inserted(before.tokens).join(' ') !== inserted(after.tokens).join(' ')) classes.add('special-tokens');
    remapsByDiff(contentOf(before.tokens), contentOf(after.tokens), classes);
    return DRIFT_CLASSES.filter((c) => classes.has(c));
  }
  const specialsBefore = specialsOf(before.tokens);
  const specialsAfter = specialsOf(after.tokens);
  if (specialsBefore.join(' ') !== specialsAfter.join(' ')) classes.add('special-tokens');

  const a = contentOf(before.tokens);
  const b = contentOf(after.tokens);
  const unknowns = (c: DriftToken[]) => c.reduce((n, t) => n + (t.role === 'unknown' ? 1 : 0), 0);
  const unkChanged = unknowns(a) !== unknowns(b);
  if (unkChanged) classes.add('unknown-tokens');

  if (differentByteFallback(a, b)) classes.add('byte-fallback');

  const runsA = runsOf(a);
  const runsB = runsOf(b);
  const sameContent = runsA.length === runsB.length && runsA.every((r, i) => r === runsB[i]);
  if (!sameContent) {
    const textOnly = (c: DriftToken[]) => runsOf(c.filter((t) => t.role !== 'special')).join('|');
    if (before.foreignIds || after.foreignIds) {
      // Another vocabulary's ids: one-for-one replacements are a remap, anything else regrouping.
      if (a.length === b.length && a.every((t, i) => t.role === b[i]!.role)) classes.add('vocab-remap');
      else if (!classes.has('special-tokens') || textOnly(a) !== textOnly(b)) classes.add('boundaries');
    } else {
      // Special tokens matched (or no longer) in the text explain a change of their own bytes.
      if (!unkChanged && textOnly(a) !== textOnly(b)) classes.add('normalization');
      remapsByDiff(a, b, classes);
    }
  } else if (runsA.length > 1) {
    // Unknown tokens hide how many bytes they stand for: compare token by token.
    remapsByDiff(a, b, classes);
    if (!sameKeys(a, b) && !classes.has('special-tokens')) classes.add('boundaries');
  } else {
    for (const c of regionClasses(a, b, before.evidence, after.evidence, options.filesChanged)) classes.add(c);
  }

  return DRIFT_CLASSES.filter((c) => classes.has(c));
}

/** How many byte-fallback tokens, or undefined when some token does not say. */
function byteFallbacks(tokens: readonly DriftToken[]): number | undefined {
  let n = 0;
  for (const t of tokens) {
    if (t.byteFallback === undefined) return undefined;
    if (t.byteFallback) n++;
  }
  return n;
}

const keyOf = (t: DriftToken) => (t.role === 'unknown' ? '?' : `${t.role === 'special' ? '!' : ''}${hex(t.bytes)}`);

function sameKeys(a: readonly DriftToken[], b: readonly DriftToken[]): boolean {
  return a.length === b.length && a.every((t, i) => keyOf(t) === keyOf(b[i]!));
}

/** Tokens that stand for the same bytes on both sides (aligned by a diff) but carry other ids. */
function remapsByDiff(a: DriftToken[], b: DriftToken[], classes: Set<DriftClass>): void {
  let i = 0;
  let j = 0;
  for (const change of diffArrays(a.map(keyOf), b.map(keyOf))) {
    if (change.added) j += change.count;
    else if (change.removed) i += change.count;
    else {
      for (let k = 0; k < change.count; k++) if (a[i + k]!.id !== b[j + k]!.id) classes.add('vocab-remap');
      i += change.count;
      j += change.count;
    }
  }
}

/**
 * Same content bytes on both sides: walk the regions between boundaries both sides share. A
 * region of one token on each side differs only by id (vocab-remap); a region grouped
 * differently is a boundary change, attributed to special tokens when one is in it.
 */
function regionClasses(
  a: DriftToken[],
  b: DriftToken[],
  evA: PipelineEvidence | undefined,
  evB: PipelineEvidence | undefined,
  filesChanged: DriftOptions['filesChanged'],
): Set<DriftClass> {
  const out = new Set<DriftClass>();
  const endsA = endsOf(a);
  const endsB = endsOf(b);
  let i = 0;
  let j = 0;
  let start = 0;
  while (i < a.length && j < b.length) {
    const i0 = i;
    const j0 = j;
    // Advance to the next boundary both sides share.
    while (endsA[i] !== endsB[j]) {
      if (endsA[i]! < endsB[j]!) i++;
      else j++;
    }
    const end = endsA[i]!;
    i++;
    j++;
    const ra = a.slice(i0, i);
    const rb = b.slice(j0, j);
    if (ra.length === 1 && rb.length === 1) {
      if (ra[0]!.id !== rb[0]!.id)
        out.add(ra[0]!.role === 'special' || rb[0]!.role === 'special' ? 'special-tokens' : 'vocab-remap');
    } else if (ra.some((t) => t.role === 'special') || rb.some((t) => t.role === 'special')) {
      out.add('special-tokens');
    } else if (differentByteFallback(ra, rb)) {
      // One side had no token for a character (or chose not to use it) and fell back to bytes.
      out.add('byte-fallback');
    } else {
      const cause = boundaryCause(
        start,
        end,
        { tokens: a, ends: endsA, evidence: evA },
        { tokens: b, ends: endsB, evidence: evB },
      );
      out.add(cause === 'boundaries' ? (settledByFiles(filesChanged) ?? cause) : cause);
    }
    start = end;
  }
  return out;
}

function differentByteFallback(a: readonly DriftToken[], b: readonly DriftToken[]): boolean {
  const x = byteFallbacks(a);
  const y = byteFallbacks(b);
  return x !== undefined && y !== undefined && x !== y;
}

interface Side {
  tokens: DriftToken[];
  ends: number[];
  evidence: PipelineEvidence | undefined;
}

function boundaryCause(start: number, end: number, x: Side, y: Side): DriftClass {
  // A pre-token of one side ending inside a token of the other: the pre-tokenizers split differently.
  const crosses = (ev: PipelineEvidence | undefined, otherEnds: number[]) =>
    ev?.preTokenEnds.some((p) => p > start && p < end && !otherEnds.includes(p)) ?? false;
  if (crosses(x.evidence, y.ends) || crosses(y.evidence, x.ends)) return 'pre-tokenization';
  // Both pre-tokenizations known, and neither split inside the region: only the model can differ.
  if (x.evidence && y.evidence) return 'merges';
  // One side known: can its model make the other side's tokens from some split of its pre-token?
  // If not, the models differ. If it can, a finer pre-tokenization or a missing merge on the other
  // side would both explain the change.
  for (const [own, other] of [
    [x, y],
    [y, x],
  ] as const) {
    if (!own.evidence?.model) continue;
    if (explainedBySplit(own, other, start, end) === false) return 'merges';
  }
  return 'boundaries';
}

/** Only one of the two stages that regroup bytes changed in the files: that one did it. */
function settledByFiles(changed: DriftOptions['filesChanged']): DriftClass | undefined {
  if (!changed || changed.preTokenizer === changed.model) return undefined;
  return changed.preTokenizer ? 'pre-tokenization' : 'merges';
}

const MAX_TOKENS_TRIED = 48;

/**
 * Whether `own`'s model makes `other`'s tokens over the pre-token of `own` that holds
 * [start, end), from a split of it into consecutive groups. undefined when it cannot tell.
 */
function explainedBySplit(own: Side, other: Side, start: number, end: number): boolean | undefined {
  const ev = own.evidence!;
  const model = ev.model!;
  const from = Math.max(0, ...ev.preTokenEnds.filter((p) => p <= start));
  const to = Math.min(...ev.preTokenEnds.filter((p) => p >= end));
  if (!Number.isFinite(to)) return undefined;
  const span = (s: Side) => {
    const first = s.ends.findIndex((e) => e > from);
    const last = s.ends.findIndex((e) => e >= to);
    if (first < 0 || last < 0 || s.ends[last] !== to || (first > 0 ? s.ends[first - 1] : 0) !== from) return undefined;
    return s.tokens.slice(first, last + 1);
  };
  const mine = span(own);
  const theirs = span(other);
  if (!mine || !theirs || theirs.length > MAX_TOKENS_TRIED) return undefined;
  if (theirs.some((t) => t.role !== 'text') || mine.some((t) => t.role !== 'text')) return undefined;
  const makes = (tokens: readonly DriftToken[]) => {
    const ids = model(concat(tokens));
    return ids !== undefined && ids.length === tokens.length && ids.every((id, k) => id === tokens[k]!.id);
  };
  // The model alone must give this side's own tokens, or it is not the whole story (it cannot tell).
  if (!makes(mine)) return undefined;
  // can[k]: the first k tokens can be made from groups.
  const can = new Array<boolean>(theirs.length + 1).fill(false);
  can[0] = true;
  for (let k = 1; k <= theirs.length; k++)
    for (let g = 0; g < k && !can[k]; g++) if (can[g] && makes(theirs.slice(g, k))) can[k] = true;
  return can[theirs.length]!;
}

function concat(tokens: readonly DriftToken[]): Uint8Array {
  const out = new Uint8Array(tokens.reduce((n, t) => n + t.bytes.length, 0));
  let at = 0;
  for (const t of tokens) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}
