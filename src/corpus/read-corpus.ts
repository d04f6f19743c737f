// Streams samples out of corpus files with bounded memory: `.txt` is one sample per line,
// `.jsonl` one JSON record per line, `.json` an array of records (or JSON Lines under a .json
// name, as `Dataset.to_json` writes), `.csv`/`.tsv` a row per record, `.parquet` a row per
// record (a row group at a time); compressed files (.gz, .br, .zst, .bz2) and `-` (standard
// input) are streamed. Records become samples in their shape (src/corpus/records.ts). Every
// problem names the file and line (or Parquet row); with `badRecords: 'count'` a record that
// fits no shape is handed on as a sample with an `error` instead of ending the read.

import path from 'node:path';
import { InputError } from '../errors.js';
import { utf8Error } from '../decode-utf8.js';
import type { ChatRecord } from '../core/chat/chat-record.js';
import { RecordError, type RecordSample, type Shape, recordSamples } from './records.js';
import { STDIN, compressionOf, openInput, withoutCompression } from './open-input.js';
import { formatBytes } from '../core/quantities.js';

export interface Sample {
  /** The text ('' for chat samples until rendered with the tokenizer's template). */
  text: string;
  file: string;
  /** 1-based line number in the file (the record's first line); the row number for Parquet. */
  line: number;
  /** 'row' when `line` is a Parquet row number. */
  unit?: 'row';
  /** The record's shape (chat shapes only with ReadOptions.chat). */
  shape?: Shape;
  /** Chat records (only with ReadOptions.chat). */
  chat?: ChatRecord;
  /** Which side of a preference pair this sample is. */
  variant?: 'chosen' | 'rejected';
  /** A preference pair's prompt alone (on its chosen sample). */
  prompt?: ChatRecord;
  /** An implicit-prompt pair with no shared opening (on its chosen sample). */
  noSharedPrompt?: true;
  /** The record fits no shape (only with badRecords: 'count'): why, and what to do. */
  error?: { message: string; hint?: string; kind: string };
  /** Bytes of the file read up to the end of this record (for progress). */
  end?: number;
}

export type CorpusFormat = 'txt' | 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet';
export const CORPUS_FORMATS: readonly CorpusFormat[] = ['txt', 'jsonl', 'json', 'csv', 'tsv', 'parquet'];

export interface ReadOptions {
  format?: CorpusFormat;
  /** Dotted path of the text field in records (a column for CSV/TSV/Parquet). */
  field?: string;
  /** Longest line (or record) accepted, in bytes. */
  maxLineBytes?: number;
  /** Recognise chat records (messages, conversations, prompt/completion, Alpaca, preference). */
  chat?: boolean;
  /** Read every record as this shape. */
  shape?: Shape;
  /** The top-level key of a JSON document that holds the records. */
  records?: string;
  /** 'count': records that fit no shape become samples with `error`; default: they end the read. */
  badRecords?: 'throw' | 'count';
}

export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

export function formatOf(file: string, explicit?: CorpusFormat): CorpusFormat {
  if (explicit) return explicit;
  if (file === STDIN) return 'jsonl';
  const ext = path.extname(withoutCompression(file)).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return 'txt';
}

/** Raw lines (without `\n`, and without the `\r` of `\r\n`), decoded strictly as UTF-8. */
async function* readLines(
  file: string,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  input?: AsyncIterable<Buffer>,
): AsyncGenerator<{ text: string; line: number; end: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const opened = input ? undefined : openInput(file);
  const stream = input ?? opened!.stream;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let offset = 0; // bytes of the file before the current chunk
  const finish = (bytes: Buffer): string => {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    let bom = 0;
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
      end -= 3;
      bom = 3;
    }
    try {
      return decoder.decode(bytes.subarray(0, end));
    } catch {
      throw utf8Error(
        file,
        bytes.subarray(0, end),
        line,
        compressionOf(file) || file === STDIN
          ? 'Re-encode the text as UTF-8.'
          : 'Re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`); compressed files need a .gz, .br, .zst or .bz2 name.',
        bom,
      );
    }
  };
  try {
    for await (const chunk of stream) {
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        const piece = chunk.subarray(from, nl);
        checkLength(pendingBytes + piece.length);
        const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        yield { text: finish(bytes), line, end: opened ? opened.consumed() : offset + nl + 1 };
        line++;
        from = nl + 1;
      }
      if (from < chunk.length) {
        const rest = chunk.subarray(from);
        checkLength(pendingBytes + rest.length);
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
      offset += chunk.length;
    }
    if (pendingBytes > 0)
      yield { text: finish(Buffer.concat(pending)), line, end: opened ? opened.consumed() : offset };
  } finally {
    opened?.close();
  }

  function checkLength(bytes: number): void {
    if (bytes > maxLineBytes) {
      throw new InputError(
        file,
        `line is longer than ${formatBytes(maxLineBytes)}`,
        line,
        'Split the text into smaller samples, or raise the limit with --max-line-bytes.',
      );
    }
  }
}

/** The first chunk of a stream, and the whole stream again. */
async function peek(stream: AsyncIterable<Buffer>): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* again() {
    if (!first.done) yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { head, stream: again() };
}

/**
 * JSON Lines or a JSON document? A .json file whose first line is a whole JSON object
 * followed by another line starting with `{` is JSON Lines (`Dataset.to_json` writes these).
 */
function looksLikeJsonLines(head: Buffer): boolean {
  const text = head.toString('utf8');
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== '{') return false;
  const nl = text.indexOf('\n', start);
  if (nl < 0) return false;
  try {
    JSON.parse(text.slice(start, nl));
  } catch {
    return false;
  }
  return /^\s*\{/.test(text.slice(nl + 1)) || text.slice(nl + 1).trim() === '';
}

export async function* readSamples(file: string, options: ReadOptions = {}): AsyncGenerator<Sample> {
  let format = formatOf(file, options.format);
  const recordOptions = { field: options.field, chat: options.chat, shape: options.shape };
  const maxBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const count = options.badRecords === 'count';
  /** The samples of one record; a record that fits no shape is an error or a counted sample. */
  function* samplesOf(record: unknown, line: number, end: number, unit?: 'row'): Generator<Sample> {
    let samples: RecordSample[];
    try {
      samples = recordSamples(record, recordOptions);
    } catch (e) {
      if (!(e instanceof RecordError)) throw e;
      if (!count)
        throw unit === 'row'
          ? new InputError(`${file} row ${line}`, e.message, undefined, e.hint)
          : new InputError(file, e.message, line, e.hint);
      yield {
        text: '',
        file,
        line,
        ...(unit ? { unit } : {}),
        error: { message: e.message, hint: e.hint, kind: e.kind },
        end,
      };
      return;
    }
    for (const s of samples) yield { ...s, file, line, ...(unit ? { unit } : {}), end };
  }
  if (format === 'parquet') {
    if (compressionOf(file) || file === STDIN)
      throw new InputError(file, 'Parquet is read from an uncompressed file (it compresses its own columns)');
    // Read only the columns a record can need.
    const wanted = (columns: string[]) => {
      if (options.field) {
        const c = options.field.split('.')[0]!;
        return columns.includes(c) ? [c, ...(columns.includes('tools') ? ['tools'] : [])] : undefined;
      }
      if (!options.chat) return columns.includes('text') ? ['text'] : undefined;
      return undefined; // every column: the shape decides
    };
    const { readParquet } = await import('./parquet.js');
    for await (const { record, row, end } of readParquet(file, wanted)) yield* samplesOf(record, row, end, 'row');
    return;
  }
  // The readers of the other formats (and their libraries) load only when such a file comes.
  const opened = openInput(file);
  try {
    const { head, stream } = await peek(opened.stream);
    if (format === 'json' && looksLikeJsonLines(head)) format = 'jsonl';
    if (file === STDIN && options.format === undefined && !/^\s*[{[]/.test(head.toString('utf8', 0, 256)))
      format = 'txt';
    if (file === STDIN && options.format === undefined && /^\s*\[/.test(head.toString('utf8', 0, 256))) format = 'json';
    if (format === 'json') {
      const { readJsonArray } = await import('./json-array.js');
      for await (const { value, line } of readJsonArray(file, maxBytes, { recordsKey: options.records, input: stream }))
        yield* samplesOf(value, line, opened.consumed());
      return;
    }
    if (format === 'csv' || format === 'tsv') {
      const { readCsv } = await import('./csv.js');
      for await (const { record, line } of readCsv(file, format === 'csv' ? ',' : '\t', maxBytes, stream))
        yield* samplesOf(record, line, opened.consumed());
      return;
    }
    let firstRecord = true;
    for await (const { text, line, end } of readLines(file, options.maxLineBytes, stream)) {
      if (format === 'txt') {
        if (text.length > 0)
          yield {
            text,
            file,
            line,
            end: opened.consumed() || end,
            ...(options.chat ? { shape: 'text' as const } : {}),
          };
        continue;
      }
      if (text.trim().length === 0) continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (e) {
        const problem = `invalid JSON (${(e as Error).message.replace(/^Unexpected/, 'unexpected')})`;
        // A file whose first record is not JSON is not JSON Lines at all: one error.
        if (!count || firstRecord) throw new InputError(file, problem, line);
        yield { text: '', file, line, error: { message: problem, kind: 'invalid JSON' }, end: opened.consumed() };
        continue;
      }
      firstRecord = false;
      yield* samplesOf(record, line, opened.consumed() || end);
    }
  } finally {
    opened.close();
  }
}
