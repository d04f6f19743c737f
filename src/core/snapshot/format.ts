// The snapshot file: a `---` header block of `name: value` lines, then one block per sample
// sorted by key. Byte-deterministic (no paths outside the suite, no times, fixed order) and
// shaped for pull-request diffs: a changed tokenization shows as a few `tokens:`/`ids:` lines
// under the `==` line that names the sample.
//
//   ---
//   tokpeek-snapshot: 1
//   tokpeek: 0.1.0
//   tokenizer: llama3.1
//   ...
//   samples: 2
//   ---
//
//   == 0b1f6c0e9f4a1d2c · 11 tokens · hard-cases.txt
//   text: "The quick brown fox jumps over the lazy dog."
//   tokens: ⟦+<|begin_of_text|>⟧ The ·quick ·brown ·fox ·jumps ·over ·the ·lazy ·dog .
//   ids: 128000 791 4062 14198 39935 35308 927 279 16053 5679 13
//
// Long tokenizations continue on further `tokens:`/`ids:` pairs. Lines break after sentence
// ends and newlines (content-defined), so a change early in a long sample re-synchronizes
// at the next sentence instead of shifting every following line.

import { SAMPLE_KEY } from './sample-key.js';
import { escapeText, headerValue, readHeaderValue, unescapeText } from './text-escape.js';

export const SNAPSHOT_FORMAT = 1;
export const SNAPSHOT_EXTENSION = '.snap';
export const PENDING_EXTENSION = '.snap.new';

export interface SnapshotOptions {
  addSpecialTokens: boolean;
  maxLength?: number;
  truncationSide: 'left' | 'right';
}

export interface CorpusFileHash {
  /** Relative to the suite folder, `/`-separated. */
  path: string;
  sha256: string;
}

/** Everything the header says. Values are single-line strings; order is fixed by the serializer. */
export interface SnapshotHeader {
  /** tokpeek version that wrote the file. */
  tokpeek: string;
  /** The suite's name for the tokenizer. */
  tokenizer: string;
  /** The spec as written in the suite config. */
  spec: string;
  /** bundled | folder | file | hf-cache */
  source: string;
  revision?: string;
  commit?: string;
  /** Content fingerprint of tokenizer.json + tokenizer_config.json + special_tokens_map.json. */
  fingerprint: string;
  engine: string;
  engineVersion: string;
  options: SnapshotOptions;
  corpus: string;
  corpusFiles: CorpusFileHash[];
  /** sha256 over the canary tokenizations, and the canary set's version. */
  behaviour: string;
  canarySet: string;
  /** Short hash of each canary's ids, in canary order. */
  canaries: Array<[name: string, hash: string]>;
  /** One-line summaries of the pipeline stages, for people reading the diff. */
  stages: Array<[name: string, summary: string]>;
  /** Digests of tokenizer.json sections and tokenizer_config.json fields (see tokenizer-changes.ts). */
  sections: Array<[name: string, digest: string]>;
  config: Array<[name: string, value: string]>;
}

export interface SnapshotEntry {
  key: string;
  /** Where the sample came from (corpus file relative to the suite), information only. */
  location?: string;
  text: string;
  /** Token spellings (see text-escape.ts), one per id. */
  tokens: string[];
  ids: number[];
}

export interface Snapshot {
  header: SnapshotHeader;
  /** Sorted by key, keys unique. */
  entries: SnapshotEntry[];
}

/** A problem at a line of a snapshot file. */
export class SnapshotFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

// --- writing ---------------------------------------------------------------------------------

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
    `engine: ${headerValue(h.engine)}`,
    `engine-version: ${headerValue(h.engineVersion)}`,
    `options: add_special_tokens=${o.addSpecialTokens} max_length=${o.maxLength ?? 'none'} truncation_side=${o.truncationSide}`,
    `corpus: ${headerValue(h.corpus)}`,
  );
  for (const f of h.corpusFiles) lines.push(`corpus-file: sha256:${f.sha256} ${headerValue(f.path)}`);
  lines.push(`behaviour: ${headerValue(h.behaviour)} ${headerValue(h.canarySet)}`);
  lines.push(`canaries: ${pairs(h.canaries)}`);
  for (const [name, summary] of h.stages) lines.push(`${name}: ${headerValue(summary)}`);
  lines.push(`sections: ${pairs(h.sections)}`);
  lines.push(`config: ${pairs(h.config)}`);
  lines.push(`samples: ${samples}`, '---');
  return lines.join('\n') + '\n';
}

/** Sentence ends and newlines end a line once it holds a few tokens. */
const LINE_END = new Set([...'.!?。！？⏎'].map((c) => c.charCodeAt(0)));
const MIN_PER_LINE = 8;
const MAX_PER_LINE = 32;

/** The token index ranges of the `tokens:`/`ids:` line pairs. */
export function tokenLineBreaks(tokens: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = 0;
  for (let i = 0; i < tokens.length; i++) {
    const n = i + 1 - from;
    if (n >= MAX_PER_LINE || (n >= MIN_PER_LINE && LINE_END.has(tokens[i]!.charCodeAt(tokens[i]!.length - 1)))) {
      out.push([from, i + 1]);
      from = i + 1;
    }
  }
  if (from < tokens.length || out.length === 0) out.push([from, tokens.length]);
  return out;
}

// Runs for every sample of a snapshot: one string built by appending, no intermediate arrays.
export function serializeEntry(e: SnapshotEntry): string {
  if (e.tokens.length !== e.ids.length) throw new Error(`entry ${e.key}: ${e.tokens.length} tokens but ${e.ids.length} ids`);
  let out = `\n== ${e.key} · ${e.ids.length} ${e.ids.length === 1 ? 'token' : 'tokens'}${e.location === undefined ? '' : ` · ${headerValue(e.location)}`}\ntext: ${escapeText(e.text)}\n`;
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

/**
 * The whole file, as its chunks in order, from blocks already serialized and UTF-8 encoded as
 * samples streamed in (serializeEntry): at the end only a sort remains, and the chunks are
 * written (or compared with the file on disk) without joining 20 MB into one buffer first.
 */
export function assembleSnapshot(header: SnapshotHeader, blocks: Array<{ key: string; block: Uint8Array }>): Uint8Array[] {
  const byKey = new Map(blocks.map((b) => [b.key, b.block]));
  if (byKey.size !== blocks.length) throw new Error(`duplicate sample key ${blocks.find((b, i) => blocks.findIndex((o) => o.key === b.key) !== i)!.key}`);
  // The default sort compares UTF-16 code units, as compareKeys does, without a call per comparison.
  const keys = [...byKey.keys()].sort();
  return [Buffer.from(serializeHeader(header, keys.length), 'utf8'), ...keys.map((k) => byKey.get(k)!)];
}

/** The whole file. Entries are sorted here; duplicate keys are a bug in the caller. */
export function serializeSnapshot(s: Snapshot): string {
  const entries = [...s.entries].sort((a, b) => compareKeys(a.key, b.key));
  for (let i = 1; i < entries.length; i++) if (entries[i]!.key === entries[i - 1]!.key) throw new Error(`duplicate sample key ${entries[i]!.key}`);
  return serializeHeader(s.header, entries.length) + entries.map(serializeEntry).join('');
}

// --- reading ---------------------------------------------------------------------------------

const HEADER_FIELDS = new Set([
  'tokpeek-snapshot', 'tokpeek', 'tokenizer', 'spec', 'source', 'revision', 'commit', 'fingerprint', 'engine', 'engine-version',
  'options', 'corpus', 'corpus-file', 'behaviour', 'canaries', 'normalizer', 'pre_tokenizer', 'model', 'post_processor', 'decoder',
  'sections', 'config', 'samples',
]);
export const STAGE_NAMES = ['model', 'normalizer', 'pre_tokenizer', 'post_processor', 'decoder'] as const;

function parsePairs(value: string, line: number, what: string): Array<[string, string]> {
  if (value === '') return [];
  return value.split(' ').map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new SnapshotFormatError(`${what}: "${p}" is not name=value`, line);
    return [p.slice(0, eq), p.slice(eq + 1)];
  });
}

/**
 * Parses a snapshot file. Every problem is a SnapshotFormatError naming the line: a file cut
 * short (no final newline, a block without its ids, fewer samples than the header counts),
 * damaged lines, unsorted or repeated keys.
 */
export function parseSnapshot(content: string): Snapshot {
  // The file never holds a raw \r (text escapes it), so \r\n can only come from a git checkout
  // with autocrlf: read it as \n.
  if (content.includes('\r')) content = content.replaceAll('\r\n', '\n');
  const lines = content.split('\n');
  const last = lines.length; // 1-based number of the last line
  if (content.length === 0) throw new SnapshotFormatError('file is empty', 1);
  if (lines[lines.length - 1] !== '') throw new SnapshotFormatError('file is truncated: the last line has no newline', last);
  lines.pop();
  if (lines[0] !== '---') throw new SnapshotFormatError('not a tokpeek snapshot: the first line is not "---"', 1);
  const fields = new Map<string, Array<{ value: string; line: number }>>();
  let i = 1;
  for (; i < lines.length && lines[i] !== '---'; i++) {
    const l = lines[i]!;
    const colon = l.indexOf(': ');
    const name = colon < 0 ? l.replace(/:$/, '') : l.slice(0, colon);
    if (!HEADER_FIELDS.has(name)) throw new SnapshotFormatError(`unknown header line "${l.slice(0, 60)}"`, i + 1);
    const list = fields.get(name) ?? [];
    list.push({ value: colon < 0 ? '' : l.slice(colon + 2), line: i + 1 });
    fields.set(name, list);
  }
  if (i >= lines.length) throw new SnapshotFormatError('file is truncated: the header has no closing "---"', lines.length);
  const headerEnd = i + 1;
  const one = (name: string, optional = false): { value: string; line: number } | undefined => {
    const f = fields.get(name);
    if (!f) {
      if (optional) return undefined;
      throw new SnapshotFormatError(`the header has no "${name}:" line`, headerEnd);
    }
    if (f.length > 1) throw new SnapshotFormatError(`the header has ${f.length} "${name}:" lines`, f[1]!.line);
    return f[0]!;
  };
  const str = (name: string): string => {
    const f = one(name)!;
    try {
      return readHeaderValue(f.value);
    } catch {
      throw new SnapshotFormatError(`"${name}:" holds a damaged string`, f.line);
    }
  };
  const opt = (name: string) => (fields.has(name) ? str(name) : undefined);
  const version = one('tokpeek-snapshot')!;
  if (version.value !== String(SNAPSHOT_FORMAT)) {
    throw new SnapshotFormatError(`snapshot format ${version.value} is not one this tokpeek reads (${SNAPSHOT_FORMAT})`, version.line);
  }
  const optionsLine = one('options')!;
  const options = parsePairs(optionsLine.value, optionsLine.line, 'options');
  const optionOf = (k: string) => options.find(([n]) => n === k)?.[1];
  const maxLength = optionOf('max_length');
  const behaviour = one('behaviour')!;
  const [behaviourHash = '', canarySet = ''] = behaviour.value.split(' ');
  const samples = one('samples')!;
  if (!/^\d+$/.test(samples.value)) throw new SnapshotFormatError(`"samples:" is not a count`, samples.line);
  const header: SnapshotHeader = {
    tokpeek: str('tokpeek'),
    tokenizer: str('tokenizer'),
    spec: str('spec'),
    source: str('source'),
    fingerprint: str('fingerprint'),
    engine: str('engine'),
    engineVersion: str('engine-version'),
    options: {
      addSpecialTokens: optionOf('add_special_tokens') !== 'false',
      ...(maxLength && maxLength !== 'none' ? { maxLength: Number(maxLength) } : {}),
      truncationSide: optionOf('truncation_side') === 'left' ? 'left' : 'right',
    },
    corpus: str('corpus'),
    corpusFiles: (fields.get('corpus-file') ?? []).map(({ value, line }) => {
      const m = /^sha256:([0-9a-f]{64}) (.+)$/.exec(value);
      if (!m) throw new SnapshotFormatError('"corpus-file:" is not "sha256:<hash> <path>"', line);
      try {
        return { sha256: m[1]!, path: readHeaderValue(m[2]!) };
      } catch {
        throw new SnapshotFormatError('"corpus-file:" holds a damaged path', line);
      }
    }),
    behaviour: behaviourHash,
    canarySet,
    canaries: parsePairs(one('canaries')!.value, one('canaries')!.line, 'canaries'),
    stages: STAGE_NAMES.filter((s) => fields.has(s)).map((s) => [s, str(s)]),
    sections: parsePairs(one('sections')!.value, one('sections')!.line, 'sections'),
    config: parsePairs(one('config')!.value, one('config')!.line, 'config'),
  };
  const rev = opt('revision');
  if (rev !== undefined) header.revision = rev;
  const commit = opt('commit');
  if (commit !== undefined) header.commit = commit;

  const entries: SnapshotEntry[] = [];
  let block: { entry: SnapshotEntry; line: number; count: number; pendingTokens?: { tokens: string[]; line: number } } | undefined;
  const close = (atLine: number) => {
    if (!block) return;
    if (block.pendingTokens) throw new SnapshotFormatError(`file is truncated: sample ${block.entry.key} has a "tokens:" line without its "ids:" line`, atLine);
    if (block.entry.text === undefined) throw new SnapshotFormatError(`sample ${block.entry.key} has no "text:" line`, atLine);
    if (block.entry.ids.length !== block.count) {
      throw new SnapshotFormatError(`sample ${block.entry.key} says ${block.count} tokens but lists ${block.entry.ids.length}${atLine > lines.length ? ' (file is truncated)' : ''}`, block.line);
    }
    const prev = entries[entries.length - 1];
    if (prev && compareKeys(prev.key, block.entry.key) >= 0) {
      throw new SnapshotFormatError(prev.key === block.entry.key ? `sample ${block.entry.key} appears twice` : `sample ${block.entry.key} is out of order (samples are sorted by key)`, block.line);
    }
    entries.push(block.entry);
    block = undefined;
  };
  for (i = headerEnd; i < lines.length; i++) {
    const l = lines[i]!;
    const n = i + 1;
    if (l === '') continue;
    if (l.startsWith('== ')) {
      close(n);
      const m = /^== (\S+) · (\d+) tokens?(?: · (.+))?$/.exec(l);
      if (!m || !SAMPLE_KEY.test(m[1]!)) throw new SnapshotFormatError(`damaged sample line "${l.slice(0, 60)}"`, n);
      const entry: SnapshotEntry = { key: m[1]!, text: undefined as unknown as string, tokens: [], ids: [] };
      if (m[3] !== undefined) {
        try {
          entry.location = readHeaderValue(m[3]);
        } catch {
          throw new SnapshotFormatError('damaged sample location', n);
        }
      }
      block = { entry, line: n, count: Number(m[2]) };
      continue;
    }
    if (!block) throw new SnapshotFormatError(`expected a "== <key>" sample line, found "${l.slice(0, 60)}"`, n);
    if (l.startsWith('text: ')) {
      if (block.entry.text !== undefined) throw new SnapshotFormatError(`sample ${block.entry.key} has two "text:" lines`, n);
      try {
        block.entry.text = unescapeText(l.slice(6));
      } catch {
        throw new SnapshotFormatError(`sample ${block.entry.key}: the text is not a complete string literal (file damaged or truncated)`, n);
      }
    } else if (l === 'tokens:' || l.startsWith('tokens: ')) {
      if (block.pendingTokens) throw new SnapshotFormatError(`sample ${block.entry.key}: two "tokens:" lines without "ids:" between them`, n);
      block.pendingTokens = { tokens: l.length > 8 ? l.slice(8).split(' ') : [], line: n };
    } else if (l === 'ids:' || l.startsWith('ids: ')) {
      const pending = block.pendingTokens;
      if (!pending) throw new SnapshotFormatError(`sample ${block.entry.key}: "ids:" without a "tokens:" line before it`, n);
      const raw = l.length > 5 ? l.slice(5).split(' ') : [];
      if (raw.length !== pending.tokens.length) {
        throw new SnapshotFormatError(`sample ${block.entry.key}: ${raw.length} ids for ${pending.tokens.length} tokens on line ${pending.line}`, n);
      }
      for (const r of raw) {
        if (!/^\d+$/.test(r)) throw new SnapshotFormatError(`sample ${block.entry.key}: "${r.slice(0, 20)}" is not a token id`, n);
        block.entry.ids.push(Number(r));
      }
      block.entry.tokens.push(...pending.tokens);
      block.pendingTokens = undefined;
    } else {
      throw new SnapshotFormatError(`unexpected line in sample ${block.entry.key}: "${l.slice(0, 60)}"`, n);
    }
  }
  close(lines.length + 1);
  if (entries.length !== Number(samples.value)) {
    throw new SnapshotFormatError(
      `the header counts ${samples.value} samples but the file holds ${entries.length}${entries.length < Number(samples.value) ? ' (file is truncated)' : ''}`,
      entries.length < Number(samples.value) ? lines.length : samples.line,
    );
  }
  return { header, entries };
}
