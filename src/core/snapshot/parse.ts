// Parsing the pieces of a snapshot file (the format is described in ./format.ts): its header
// and one sample's block. Whole files are indexed and read in ./snapshot-index.ts. Errors name
// the line.

import {
  READABLE_FORMATS,
  SNAPSHOT_FORMAT,
  type SnapshotHeader,
  type SnapshotEntry,
  SnapshotFormatError,
} from './format.js';
import { SAMPLE_KEY, sampleKey } from './sample-key.js';
import type { DecodePin, PinnedText } from '../drift/decode.js';
import { readHeaderValue, unescapeText } from './text-escape.js';

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
  'decoded',
  'decoded-skip',
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

/** `decoded:` lines (`NAME "text"` or `NAME sha256:HASH`); a `decoded-skip:` line only where that decode differs. */
function decodePinsOf(
  plain: Array<{ value: string; line: number }>,
  skip: Array<{ value: string; line: number }>,
): DecodePin[] {
  const read = ({ value, line }: { value: string; line: number }, what: string): [string, PinnedText] => {
    const space = value.indexOf(' ');
    const name = value.slice(0, space);
    const raw = value.slice(space + 1);
    if (space <= 0) throw new SnapshotFormatError(`"${what}:" is not "name value"`, line);
    if (raw.startsWith('sha256:') && /^[0-9a-f]{16}$/.test(raw.slice(7))) return [name, { sha256: raw.slice(7) }];
    try {
      if (raw.startsWith('"')) return [name, { text: unescapeText(raw) }];
    } catch {}
    throw new SnapshotFormatError(`"${what}:" holds a damaged string`, line);
  };
  const skipped = new Map(skip.map((l) => read(l, 'decoded-skip')));
  const pins = plain.map((l) => {
    const [name, text] = read(l, 'decoded');
    return { name, plain: text, skip: skipped.get(name) ?? text };
  });
  const orphan = skip.find((l) => !pins.some((p) => l.value.startsWith(`${p.name} `)));
  if (orphan) throw new SnapshotFormatError('"decoded-skip:" names no "decoded:" line', orphan.line);
  return pins;
}

/** The header alone, from the start of a file (at least up to its closing `---`). */
export function parseSnapshotHeader(start: string): SnapshotHeader {
  return parseHeader(start.includes('\r') ? start.replaceAll('\r\n', '\n') : start).header;
}

/** The header (between the two `---` lines) and where the samples start. */
export function parseHeader(content: string): {
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
  // The options are written by serializeHeader only: anything else is damage, not a setting.
  const allowed: Record<string, RegExp> = {
    add_special_tokens: /^(true|false)$/,
    max_length: /^(none|\d{1,9})$/,
    truncation_side: /^(left|right)$/,
    chat_template: /^\S{1,1000}$/,
  };
  for (const [k, v] of options)
    if (!allowed[k]?.test(v))
      throw new SnapshotFormatError(
        `"options:" holds "${`${k}=${v}`.slice(0, 60)}", which tokpeek never writes`,
        optionsLine.line,
      );
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
      ...(optionOf('chat_template') !== undefined ? { chatTemplate: optionOf('chat_template') } : {}),
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
  const pins = decodePinsOf(fields.get('decoded') ?? [], fields.get('decoded-skip') ?? []);
  if (pins.length) header.decodePins = pins;
  const rev = opt('revision');
  if (rev !== undefined) header.revision = rev;
  const copy = opt('engine-copy');
  if (copy !== undefined) header.engineCopy = copy;
  const commit = opt('commit');
  if (commit !== undefined) header.commit = commit;

  return { header, samples: { count: Number(samples.value), line: samples.line }, bodyStart: close + 5 };
}

/** One sample's block, as serializeEntry writes it; `firstLine` gives the line of its leading newline. */
export function parseBlock(block: string, firstLine: () => number, last: boolean): SnapshotEntry {
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
      entry.record = literal(l.slice(8), `sample ${entry.key}: the record`, () => lineOf(j));
    } else if (l.startsWith('text: ')) {
      if (entry.text !== undefined)
        throw new SnapshotFormatError(`sample ${entry.key} has two "text:" lines`, lineOf(j));
      entry.text = literal(l.slice(6), `sample ${entry.key}: the text`, () => lineOf(j));
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
        // Vocabulary ids fit in 32 bits: a longer number is damage (it would read as 1e20).
        if (!/^\d{1,10}$/.test(r) || Number(r) > 0xffffffff)
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

/** A sample's escaped string (its text or record), or an error naming it and its line (found only then: it costs a count of lines). */
function literal(escaped: string, what: string, line: () => number): string {
  try {
    return unescapeText(escaped);
  } catch {
    throw new SnapshotFormatError(`${what} is not a complete string literal (file damaged or truncated)`, line());
  }
}
