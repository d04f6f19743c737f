// Writing snapshot files (the format is described in ./format.ts): byte-deterministic text,
// tokens:/ids: lines broken at sentence ends, blocks in key order (keyOrder).

import { SNAPSHOT_FORMAT, type SnapshotHeader, type SnapshotEntry, type Snapshot } from './format.js';
import { SAMPLE_KEY } from './sample-key.js';
import { escapeText, headerValue } from './text-escape.js';
import { type PinnedText, samePinned } from '../drift/decode.js';
// --- writing ---------------------------------------------------------------------------------

/** A pinned decode in a header line: a string literal, or `sha256:` and its hash. */
function pinnedValue(p: PinnedText): string {
  return 'text' in p ? escapeText(p.text) : `sha256:${p.sha256}`;
}

function pairs(list: Array<[string, string]>): string {
  return list.map(([k, v]) => `${k}=${v}`).join(' ');
}

export function serializeHeader(h: SnapshotHeader, samples: number): string {
  const o = h.options;
  const lines = [
    '---',
    `tokpeek-snapshot: ${SNAPSHOT_FORMAT}`,
    `tokpeek: ${headerValue(h.tokpeek)}`,
    `tokenizer: ${headerValue(h.tokenizer)}`,
    `spec: ${headerValue(h.spec)}`,
    `source: ${headerValue(h.source)}`,
  ];
  if (h.revision !== undefined) lines.push(`revision: ${headerValue(h.revision)}`);
  if (h.commit !== undefined) lines.push(`commit: ${headerValue(h.commit)}`);
  lines.push(
    `fingerprint: ${headerValue(h.fingerprint)}`,
    `files: ${pairs(h.files)}`,
    `engine: ${headerValue(h.engine)}`,
    `engine-version: ${headerValue(h.engineVersion)}`,
    ...(h.engineCopy !== undefined ? [`engine-copy: ${headerValue(h.engineCopy)}`] : []),
    `options: add_special_tokens=${o.addSpecialTokens} max_length=${o.maxLength ?? 'none'} truncation_side=${o.truncationSide}${o.chatTemplate !== undefined ? ` chat_template=${o.chatTemplate}` : ''}`,
    `corpus: ${headerValue(h.corpus)}`,
  );
  for (const f of h.corpusFiles) lines.push(`corpus-file: sha256:${f.sha256} ${headerValue(f.path)}`);
  lines.push(`behaviour: ${headerValue(h.behaviour)} ${headerValue(h.canarySet)}`);
  lines.push(`canaries: ${pairs(h.canaries)}`);
  for (const pin of h.decodePins ?? []) {
    lines.push(`decoded: ${pin.name} ${pinnedValue(pin.plain)}`);
    if (!samePinned(pin.plain, pin.skip)) lines.push(`decoded-skip: ${pin.name} ${pinnedValue(pin.skip)}`);
  }
  for (const [name, summary] of h.stages) lines.push(`${name}: ${headerValue(summary)}`);
  lines.push(`sections: ${pairs(h.sections)}`);
  lines.push(`config: ${pairs(h.config)}`);
  lines.push(`samples: ${samples}`, '---');
  return lines.join('\n') + '\n';
}

/** Sentence ends and newlines end a line once it holds a few tokens. */
const LINE_END = new Set([...'.!?。！？⏎'].map((c) => c.charCodeAt(0)));
export const MIN_PER_LINE = 8;
export const MAX_PER_LINE = 32;

/** Whether a token may end a `tokens:` line (see tokenLineBreaks). */
export function endsLine(token: string): boolean {
  return LINE_END.has(token.charCodeAt(token.length - 1));
}

/** The token index ranges of the `tokens:`/`ids:` line pairs. */
export function tokenLineBreaks(tokens: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const n = i + 1 - from;
    if (n >= MAX_PER_LINE || (n >= MIN_PER_LINE && endsLine(tokens[i]!))) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  }
  if (from < tokens.length || out.length === 0) out.push([from, tokens.length]);
  return out;
}

/** A block's lines before its tokens: the sample line (key, token count, location), record and text. */
export function blockHead(e: Pick<SnapshotEntry, 'key' | 'location' | 'record' | 'text'>, tokens: number): string {
  return `${blockPrefix(e, tokens)}${escapeText(e.text)}\n`;
}

/** blockHead up to the text's literal: the sample line, the record, and `text: `. */
export function blockPrefix(e: Pick<SnapshotEntry, 'key' | 'location' | 'record'>, tokens: number): string {
  // Counted here, not with core/quantities' plural: snapshot bytes never depend on number formatting.
  return `\n== ${e.key} · ${tokens} ${tokens === 1 ? 'token' : 'tokens'}${e.location === undefined ? '' : ` · ${headerValue(e.location)}`}\n${e.record === undefined ? '' : `record: ${escapeText(e.record)}\n`}text: `;
}

// Runs for every sample of a snapshot: one string built by appending, no intermediate arrays.
export function serializeEntry(e: SnapshotEntry): string {
  if (e.tokens.length !== e.ids.length)
    throw new Error(`entry ${e.key}: ${e.tokens.length} tokens but ${e.ids.length} ids`);
  let out = blockHead(e, e.ids.length);
  for (const [from, to] of tokenLineBreaks(e.tokens)) {
    let tokens = 'tokens:';
    let ids = 'ids:';
    for (let i = from; i < to; i++) {
      tokens += ' ' + e.tokens[i]!;
      ids += ' ' + e.ids[i]!;
    }
    out += tokens + '\n' + ids + '\n';
  }
  return out;
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Sample keys (16 hex digits) in file order. Sorting 40,000 key strings scattered over the
// heap took over 100 ms at the end of a snapshot; here each key is read once, its first 8
// digits packed with its index into one exact float (32 + 21 bits), and those sorted as
// numbers. Keys sharing their first 8 digits (rare) are then ordered by the whole key.
const INDEX_BITS = 2 ** 21;

/** The order that sorts `keys` (indices into it); a key given twice is a bug in the caller. */
export function keyOrder(keys: readonly string[]): Uint32Array {
  for (const key of keys) if (!SAMPLE_KEY.test(key)) throw new Error(`not a sample key: ${key}`);
  if (keys.length >= INDEX_BITS)
    return Uint32Array.from(
      keys.map((k, i) => [k, i] as const).sort((a, b) => compareKeys(a[0], b[0])),
      ([, i]) => i,
    );
  const packed = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) packed[i] = parseInt(keys[i]!.slice(0, 8), 16) * INDEX_BITS + i;
  packed.sort();
  const order = Uint32Array.from(packed, (v) => v % INDEX_BITS);
  for (let from = 0; from < order.length; ) {
    let to = from + 1;
    const prefix = Math.floor(packed[from]! / INDEX_BITS);
    while (to < order.length && Math.floor(packed[to]! / INDEX_BITS) === prefix) to++;
    if (to - from > 1) order.subarray(from, to).sort((a, b) => compareKeys(keys[a]!, keys[b]!));
    for (let i = from + 1; i < to; i++)
      if (keys[order[i]!] === keys[order[i - 1]!]) throw new Error(`duplicate sample key ${keys[order[i]!]}`);
    from = to;
  }
  return order;
}

/** The whole file. Entries are sorted here; duplicate keys are a bug in the caller. */
export function serializeSnapshot(s: Snapshot): string {
  const entries = [...s.entries].sort((a, b) => compareKeys(a.key, b.key));
  for (let i = 1; i < entries.length; i++)
    if (entries[i]!.key === entries[i - 1]!.key) throw new Error(`duplicate sample key ${entries[i]!.key}`);
  return serializeHeader(s.header, entries.length) + entries.map(serializeEntry).join('');
}
