// The browse screen's words: pane titles and messages, the detail lines, the status fields.
// Pure: data in, strings out (the view only places them).

import type { TokenizedSample, Truncation } from '../../core/token-model.js';
import type { Sample } from '../../corpus/read-corpus.js';
import type { ShownSample } from '../../corpus/shown-samples.js';
import type { RenderedChat } from '../../core/chat/chat-record.js';
import type { Vocabulary } from '../../core/vocabulary.js';
import { label } from '../text.js';
import { plural, thousands } from '../../core/quantities.js';
import type { HazardFilter } from './hazards.js';
import type { BaselineMatch } from './snapshot-baseline.js';
import { tokenDetail, truncationSummary } from '../token-view/detail.js';

type DetailVocabulary = Pick<Vocabulary, 'byteLevel' | 'byteFallback'>;

function charsPerToken(text: string, tokens: number): string {
  if (tokens === 0) return '–';
  let chars = 0;
  for (const _ of text) chars++;
  return (chars / tokens).toFixed(2);
}

function shortFingerprint(fingerprint: string): string {
  return fingerprint.replace(/^sha256:/, '').slice(0, 8);
}

/** ` A llama3.1 js · 11 tokens · ✂ 3 tokens lost · 2 spans differ` */
export function paneTitle(p: {
  pane: number;
  panes: number;
  name: string;
  sample: TokenizedSample | undefined;
  truncation: Truncation | undefined;
  /** Compare: differing spans, once both sides are tokenized. */
  differing?: number | undefined;
}): string {
  const parts = [` ${p.panes === 2 ? `${'AB'[p.pane]} ` : 'tokens · '}${p.name}`];
  if (p.sample) {
    parts.push(plural(p.sample.tokens.length, 'token'));
    const tr = p.truncation;
    if (tr) parts.push(`✂ ${plural(tr.droppedTo - tr.droppedFrom, 'token')} lost`);
    if (p.differing !== undefined)
      parts.push(p.differing ? `${plural(p.differing, 'span')} differ` : 'same segmentation');
  }
  return parts.join(' · ');
}

/** What a pane shows instead of tokens while there are none to show (undefined: the tokens). */
export function paneMessage(p: {
  name: string;
  loaded: boolean;
  selected: number | undefined;
  readingDone: boolean;
  failure: string | undefined;
  sample: TokenizedSample | undefined;
  textLength: number;
}): string | undefined {
  if (!p.loaded) return `loading ${p.name}…`;
  if (p.selected === undefined) return p.readingDone ? 'no sample selected' : 'reading the corpus…';
  if (p.failure) return `cannot tokenize this sample: ${p.failure}`;
  if (!p.sample) return `tokenizing ${thousands(p.textLength)} characters…`;
  return undefined;
}

interface DetailInput {
  a: TokenizedSample | undefined;
  b: TokenizedSample | undefined;
  vocabularies: Array<DetailVocabulary | undefined>;
  cursor: number;
  /** B's tokens under A's cursor (compare). */
  underCursorB: readonly number[];
  truncations: Array<Truncation | undefined>;
  panes: number;
  sample: Sample | undefined;
  maxLength: number | undefined;
  side: 'left' | 'right';
  /** One pane: the sample against its snapshot, when a snapshot holds it. */
  snapshot: 'same' | 'drift' | undefined;
}

/** The two lines under the token panes: the token under the cursor, then B's or the sample's. */
export function detailLines(d: DetailInput): [string, string] {
  const [va, vb] = d.vocabularies;
  const first = d.a && va ? tokenDetail(d.a, d.cursor, va, d.truncations[0]) : '';
  if (d.panes === 2) {
    const b = d.b;
    const under = d.underCursorB;
    let second = b ? 'B no token under this one' : '';
    if (b && vb && under.length === 1) second = `B ${tokenDetail(b, under[0]!, vb, d.truncations[1])}`;
    else if (b && under.length > 1) {
      const ids = under.map((i) => b.tokens[i]!.id).join(' ');
      second = `B #${under[0]! + 1}–#${under[under.length - 1]! + 1}  ids ${ids}  (${under.length} tokens under A's token)`;
    }
    return [d.a && va ? `A ${first}` : '', second];
  }
  if (!d.sample || !d.a) return [first, ''];
  const snapshot =
    d.snapshot === 'drift' ? '  Δ differs from its snapshot' : d.snapshot === 'same' ? '  same as its snapshot' : '';
  const file = label(d.sample.file.split(/[\\/]/).pop() ?? d.sample.file);
  const summary = truncationSummary(d.a.tokens.length, d.maxLength, d.side, d.truncations[0]);
  return [first, `${file}:${d.sample.line}  ${plural([...d.a.text].length, 'char')}  ${summary}${snapshot}`];
}

/** The status bar: tokenizers, position in the corpus, the sample's counts side by side. */
export function statusFields(s: {
  names: string[];
  fingerprints: Array<string | undefined>;
  selected: number | undefined;
  total: number;
  readingDone: boolean;
  /** The selected sample per pane, once tokenized. */
  tokenized: Array<TokenizedSample | undefined>;
}): string[] {
  const out = [
    s.names.map((n, k) => (s.fingerprints[k] ? `${n} ${shortFingerprint(s.fingerprints[k]!)}` : n)).join(' ↔ '),
  ];
  if (s.selected !== undefined)
    out.push(`sample ${thousands(s.selected + 1)}/${thousands(s.total)}${s.readingDone ? '' : '…'}`);
  const loaded = s.tokenized.filter((t): t is TokenizedSample => t !== undefined);
  if (loaded.length === s.tokenized.length && loaded.length > 0) {
    out.push(`${loaded.map((t) => thousands(t.tokens.length)).join(' ↔ ')} tokens`);
    out.push(`${loaded.map((t) => charsPerToken(t.text, t.tokens.length)).join(' ↔ ')} chars/token`);
  }
  return out;
}

/** `special: 3` (the filter's name and how many samples it keeps; the help lists what each means). */
/**
 * Why the drift filter keeps nothing, in words: no snapshot to compare with (the reason per
 * tokenizer), none of these samples in it, or no sample differs.
 */
export function driftNote(
  names: readonly string[],
  baselines: ReadonlyArray<BaselineMatch | undefined>,
  snapshotted: number,
  /** Every sample read and counted. */
  complete: boolean,
): string | undefined {
  const reasons = baselines.flatMap((b, k) => (b && 'reason' in b ? [`${names[k]}: ${b.reason}`] : []));
  const sources = baselines.flatMap((b) => (b && 'baseline' in b ? [b.baseline.source] : []));
  if (sources.length === 0) return reasons.length ? `no drift markers · ${reasons.join(' · ')}` : undefined;
  const against = sources.join(' and ');
  const note =
    snapshotted === 0
      ? `none of these samples is in ${against}${complete ? '' : ' (so far)'}`
      : `no sample differs from ${against} (${plural(snapshotted, 'sample')} compared${complete ? '' : ' so far'})`;
  return [note, ...reasons].join(' · ');
}

export function filterTitle(filter: HazardFilter, count: number): string {
  return `${filter}: ${thousands(count)}`;
}

/** The chat role the text of `token` belongs to, and whether it is trained on; undefined outside chats. */
export function chatRole(
  sample: ShownSample | undefined,
  tokenized: TokenizedSample | undefined,
  token: number,
  trained: Uint8Array | undefined,
): string | undefined {
  const t = tokenized?.tokens[token];
  if (!sample?.rendered || !t) return undefined;
  const span = sample.rendered.spans.find((s) => s !== null && t.start < s.end && t.end > s.start);
  const role = span ? span.role : 'template';
  return `${role}${trained?.[token] ? ' · trained on' : ''}`;
}

/**
 * Chat samples: the role of each message at the first token of its content (token index → role),
 * drawn as a label in the token view; messages the template dropped have no span and no label.
 */
export function roleLabels(
  rendered: RenderedChat | undefined,
  tokenized: TokenizedSample | undefined,
): Map<number, string> | undefined {
  if (!rendered || !tokenized) return undefined;
  const spans = rendered.spans.filter((s) => s !== null).sort((x, y) => x.start - y.start);
  const labels = new Map<number, string>();
  const tokens = tokenized.tokens;
  let i = 0;
  for (const span of spans) {
    while (i < tokens.length && tokens[i]!.end <= span.start) i++;
    if (i < tokens.length && tokens[i]!.start < span.end) labels.set(i, span.role);
  }
  return labels;
}

/** `chat · 4 messages · 37 of 120 tokens trained on` */
export function chatSummary(sample: ShownSample | undefined, trained: Uint8Array | undefined): string | undefined {
  if (!sample?.rendered || !trained) return undefined;
  const n = trained.reduce((x, b) => x + b, 0);
  return `chat · ${plural(sample.rendered.spans.length, 'message')} · ${thousands(n)} of ${plural(trained.length, 'token')} trained on`;
}
