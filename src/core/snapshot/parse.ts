// Reading snapshot files (the format is described in ./format.ts): whole files, or an index
// that parses a sample's block only when it is asked for. Errors name the line.

import {
  READABLE_FORMATS,
  SNAPSHOT_FORMAT,
  type SnapshotHeader,
  type SnapshotEntry,
  type Snapshot,
  SnapshotFormatError,
} from './format.js';
import { SAMPLE_KEY, sampleKey } from './sample-key.js';
import { readHeaderValue, unescapeText } from './text-escape.js';
import { compareKeys } from './serialize.js';

// --- reading ---------------------------------------------------------------------------------

const HEADER_FIELDS = new Set([
  'tokpeek-snapshot',
  'tokpeek',
  'tokenizer',
  'spec',
  'source',
  'revision',
  'commit',
  'fingerprint',
  'files',
  'engine',
  'engine-version',
  'engine-copy',
  'options',
  'corpus',
  'corpus-file',
  'behaviour',
  'canaries',
  'normalizer',
  'pre_tokenizer',
  'model',
  'post_processor',
  'decoder',
  'sections',
  'config',
  'samples',
]);
const STAGE_NAMES = ['model', 'normalizer', 'pre_tokenizer', 'post_processor', 'decoder'] as const;

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
  const index = indexSnapshot(content);
  return { header: index.header, entries: index.entries() };
}

/**
 * A snapshot file read lazily, for `check`: the header is parsed, every sample's block is
 * found by key, and a block is parsed only when asked for. Most samples of a check are
 * unchanged, and `holds` tells that by comparing the block with the new one as text, which
 * costs a fraction of parsing 20 MB of token lines. A block equal to a fresh serializeEntry
 * is well-formed by construction; any other is parsed (and validated) when it is read.
 */
export interface SnapshotIndex {
  header: SnapshotHeader;
  /** Sample keys in file order (sorted). */
  keys: string[];
  /** Whether the file's block for `key` is exactly `block` (as serializeEntry writes it). */
  holds(key: string, block: string): boolean;
  entry(key: string): SnapshotEntry | undefined;
  /** Every entry, parsed. */
  entries(): SnapshotEntry[];
}

/**
 * Checks what can be checked without parsing every block: the header, the final newline,
 * keys (well-formed, sorted, unique), the sample count, and the last block (where a file cut
 * short shows).
 */
export function indexSnapshot(content: string): SnapshotIndex {
  // The file never holds a raw \r (text escapes it), so \r\n can only come from a git checkout
  // with autocrlf: read it as \n.
  if (content.includes('\r')) content = content.replaceAll('\r\n', '\n');
  if (content.length === 0) throw new SnapshotFormatError('file is empty', 1);
  const lineAt = (at: number) => {
    let n = 1;
    for (let i = content.indexOf('\n'); i !== -1 && i < at; i = content.indexOf('\n', i + 1)) n++;
    return n;
  };
  if (!content.endsWith('\n'))
    throw new SnapshotFormatError('file is truncated: the last line has no newline', lineAt(content.length));
  const { header, samples, bodyStart } = parseHeader(content);

  // Block starts: every "\n== " (no line but a sample line starts with "== "). Blank lines
  // before the first sample are tolerated, as anywhere between samples.
  const starts: number[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  const first = content.indexOf('\n== ', bodyStart);
  const lead = content.slice(bodyStart, first === -1 ? content.length : first);
  if (!/^\n*$/.test(lead)) {
    const at = bodyStart + lead.search(/[^\n]/);
    throw new SnapshotFormatError(
      `expected a "== <key>" sample line, found "${content.slice(at, content.indexOf('\n', at)).slice(0, 60)}"`,
      lineAt(at),
    );
  }
  for (let at = first; at !== -1; at = content.indexOf('\n== ', at + 1)) {
    const key = content.slice(at + 4, at + 20);
    if (!SAMPLE_KEY.test(key))
      throw new SnapshotFormatError(
        `damaged sample line "${content.slice(at + 1, content.indexOf('\n', at + 1)).slice(0, 60)}"`,
        lineAt(at + 1),
      );
    const prev = keys[keys.length - 1];
    if (prev !== undefined && compareKeys(prev, key) >= 0) {
      throw new SnapshotFormatError(
        prev === key ? `sample ${key} appears twice` : `sample ${key} is out of order (samples are sorted by key)`,
        lineAt(at + 1),
      );
    }
    byKey.set(key, keys.length);
    keys.push(key);
    starts.push(at);
  }
  starts.push(content.length);

  // Line numbers are counted only for an error message.
  const blockOf = (i: number): SnapshotEntry =>
    parseBlock(content.slice(starts[i]!, starts[i + 1]!), () => lineAt(starts[i]!), i === keys.length - 1);
  // A file cut at a line end shows in its last block (or in the count, below).
  if (keys.length) blockOf(keys.length - 1);
  if (keys.length !== samples.count) {
    throw new SnapshotFormatError(
      `the header counts ${samples.count} samples but the file holds ${keys.length}${keys.length < samples.count ? ' (file is truncated)' : ''}`,
      keys.length < samples.count ? lineAt(content.length) - 1 : samples.line,
    );
  }
  return {
    header,
    keys,
    holds(key, block) {
      const i = byKey.get(key);
      return i !== undefined && starts[i + 1]! - starts[i]! === block.length && content.startsWith(block, starts[i]!);
    },
    entry(key) {
      const i = byKey.get(key);
      return i === undefined ? undefined : blockOf(i);
    },
    entries: () => keys.map((_, i) => blockOf(i)),
  };
}

/** The header alone, from the start of a file (at least up to its closing `---`). */
export function parseSnapshotHeader(start: string): SnapshotHeader {
  return parseHeader(start.includes('\r') ? start.replaceAll('\r\n', '\n') : start).header;
}

/** The header (between the two `---` lines) and where the samples start. */
function parseHeader(content: string): {
  header: SnapshotHeader;
  samples: { count: number; line: number };
  bodyStart: number;
} {
  const close = content.indexOf('\n---\n');
  const lines = content.slice(0, close === -1 ? content.length : close + 1).split('\n');
  lines.pop();
  if (lines[0] !== '---') throw new SnapshotFormatError('not a tokpeek snapshot: the first line is not "---"', 1);
  if (close === -1)
    throw new SnapshotFormatError('file is truncated: the header has no closing "---"', content.split('\n').length - 1);
  const fields = new Map<string, Array<{ value: string; line: number }>>();
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const colon = l.indexOf(': ');
    const name = colon < 0 ? l.replace(/:$/, '') : l.slice(0, colon);
    if (!HEADER_FIELDS.has(name)) throw new SnapshotFormatError(`unknown header line "${l.slice(0, 60)}"`, i + 1);
    const list = fields.get(name) ?? [];
    list.push({ value: colon < 0 ? '' : l.slice(colon + 2), line: i + 1 });
    fields.set(name, list);
  }
  const headerEnd = lines.length + 1;
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
  if (!READABLE_FORMATS.map(String).includes(version.value)) {
    throw new SnapshotFormatError(
      `snapshot format ${version.value} is not one this tokpeek reads (${READABLE_FORMATS.join(', ')}; it writes ${SNAPSHOT_FORMAT}): upgrade tokpeek, or record the snapshots again with \`tokpeek snapshot\``,
      version.line,
    );
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
    files: fields.has('files') ? parsePairs(one('files')!.value, one('files')!.line, 'files') : [],
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
  const copy = opt('engine-copy');
  if (copy !== undefined) header.engineCopy = copy;
  const commit = opt('commit');
  if (commit !== undefined) header.commit = commit;

  return { header, samples: { count: Number(samples.value), line: samples.line }, bodyStart: close + 5 };
}

/** One sample's block, as serializeEntry writes it; `firstLine` gives the line of its leading newline. */
function parseBlock(block: string, firstLine: () => number, last: boolean): SnapshotEntry {
  const lines = block.split('\n');
  lines.pop(); // after the final newline
  const lineOf = (j: number) => firstLine() + j;
  let entry: SnapshotEntry | undefined;
  let count = 0;
  let head = 0;
  let pendingTokens: { tokens: string[]; at: number } | undefined;
  for (const [j, l] of lines.entries()) {
    if (l === '') continue;
    if (entry === undefined) {
      const m = /^== (\S+) · (\d+) tokens?(?: · (.+))?$/.exec(l);
      if (!m || !SAMPLE_KEY.test(m[1]!))
        throw new SnapshotFormatError(`damaged sample line "${l.slice(0, 60)}"`, lineOf(j));
      entry = { key: m[1]!, text: undefined as unknown as string, tokens: [], ids: [] };
      if (m[3] !== undefined) {
        try {
          entry.location = readHeaderValue(m[3]);
        } catch {
          throw new SnapshotFormatError('damaged sample location', lineOf(j));
        }
      }
      count = Number(m[2]);
      head = j;
      continue;
    }
    if (l.startsWith('record: ')) {
      if (entry.record !== undefined || entry.text !== undefined)
        throw new SnapshotFormatError(`sample ${entry.key}: "record:" must come once, before "text:"`, lineOf(j));
      try {
        entry.record = unescapeText(l.slice(8));
      } catch {
        throw new SnapshotFormatError(
          `sample ${entry.key}: the record is not a complete string literal (file damaged or truncated)`,
          lineOf(j),
        );
      }
    } else if (l.startsWith('text: ')) {
      if (entry.text !== undefined)
        throw new SnapshotFormatError(`sample ${entry.key} has two "text:" lines`, lineOf(j));
      try {
        entry.text = unescapeText(l.slice(6));
      } catch {
        throw new SnapshotFormatError(
          `sample ${entry.key}: the text is not a complete string literal (file damaged or truncated)`,
          lineOf(j),
        );
      }
    } else if (l === 'tokens:' || l.startsWith('tokens: ')) {
      if (pendingTokens)
        throw new SnapshotFormatError(
          `sample ${entry.key}: two "tokens:" lines without "ids:" between them`,
          lineOf(j),
        );
      pendingTokens = { tokens: l.length > 8 ? l.slice(8).split(' ') : [], at: j };
    } else if (l === 'ids:' || l.startsWith('ids: ')) {
      if (!pendingTokens)
        throw new SnapshotFormatError(`sample ${entry.key}: "ids:" without a "tokens:" line before it`, lineOf(j));
      const raw = l.length > 5 ? l.slice(5).split(' ') : [];
      if (raw.length !== pendingTokens.tokens.length) {
        throw new SnapshotFormatError(
          `sample ${entry.key}: ${raw.length} ids for ${pendingTokens.tokens.length} tokens on line ${lineOf(pendingTokens.at)}`,
          lineOf(j),
        );
      }
      for (const r of raw) {
        if (!/^\d+$/.test(r))
          throw new SnapshotFormatError(`sample ${entry.key}: "${r.slice(0, 20)}" is not a token id`, lineOf(j));
        entry.ids.push(Number(r));
      }
      for (const tok of pendingTokens.tokens) entry.tokens.push(tok);
      pendingTokens = undefined;
    } else {
      throw new SnapshotFormatError(`unexpected line in sample ${entry.key}: "${l.slice(0, 60)}"`, lineOf(j));
    }
  }
  if (!entry) throw new SnapshotFormatError('expected a "== <key>" sample line', lineOf(0));
  if (pendingTokens)
    throw new SnapshotFormatError(
      `file is truncated: sample ${entry.key} has a "tokens:" line without its "ids:" line`,
      lineOf(lines.length),
    );
  if (entry.text === undefined)
    throw new SnapshotFormatError(`sample ${entry.key} has no "text:" line`, lineOf(lines.length));
  // The key is the hash of the text (of a chat sample's record): an edited line would otherwise pass as recorded output.
  if (sampleKey(entry.record ?? entry.text) !== entry.key)
    throw new SnapshotFormatError(
      `sample ${entry.key}: the ${entry.record === undefined ? 'text' : 'record'} no longer matches its key (edited or damaged)`,
      lineOf(head),
    );
  if (entry.ids.length !== count) {
    throw new SnapshotFormatError(
      `sample ${entry.key} says ${count} tokens but lists ${entry.ids.length}${last ? ' (file is truncated)' : ''}`,
      lineOf(head),
    );
  }
  return entry;
}
