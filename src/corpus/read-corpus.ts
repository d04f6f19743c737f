// Streams samples out of corpus files with bounded memory: `.txt` is one sample per line,
// `.jsonl` one JSON record per line with the text in `--field` (default `text`), `.json` an
// array of records, `.csv`/`.tsv` a row per record, `.parquet` a row per record (read a row
// group at a time). With `chat`, records holding messages or prompt/completion pairs become
// chat samples. Every problem names the file and line (or Parquet row).

import fs from 'node:fs';
import { regularFile } from '../contained-path.js';
import path from 'node:path';
import { InputError, fileError } from '../errors.js';
import { firstInvalidByte } from './decode.js';
import type { ChatRecord } from '../core/chat/render.js';
import { recordText } from './records.js';

export interface Sample {
  /** The text ('' for chat samples until rendered with the tokenizer's template). */
  text: string;
  file: string;
  /** 1-based line number in the file (the record's first line); the row number for Parquet. */
  line: number;
  /** 'row' when `line` is a Parquet row number. */
  unit?: 'row';
  /** Chat records (only with ReadOptions.chat). */
  chat?: ChatRecord;
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
  /** Recognise chat records (messages, conversations, prompt/completion). */
  chat?: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

export function formatOf(file: string, explicit?: CorpusFormat): CorpusFormat {
  if (explicit) return explicit;
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  return 'txt';
}

/** Raw lines (without `\n`, and without the `\r` of `\r\n`), decoded strictly as UTF-8. */
export async function* readLines(
  file: string,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<{ text: string; line: number; end: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let stream: fs.ReadStream;
  try {
    regularFile(file);
    stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  } catch (e) {
    throw fileError(file, e);
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  let offset = 0; // bytes of the file before the current chunk
  const finish = (bytes: Buffer): string => {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      bytes = bytes.subarray(3);
      end -= 3;
    }
    try {
      return decoder.decode(bytes.subarray(0, end));
    } catch {
      throw new InputError(
        file,
        `invalid UTF-8 at byte ${firstInvalidByte(bytes.subarray(0, end))} of the line`,
        line,
        'Re-encode the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
      );
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        const piece = chunk.subarray(from, nl);
        checkLength(pendingBytes + piece.length);
        const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        yield { text: finish(bytes), line, end: offset + nl + 1 };
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
  } catch (e) {
    stream.destroy();
    throw fileError(file, e);
  }
  if (pendingBytes > 0) yield { text: finish(Buffer.concat(pending)), line, end: offset };

  function checkLength(bytes: number): void {
    if (bytes > maxLineBytes) {
      stream.destroy();
      throw new InputError(
        file,
        `line is longer than ${formatBytes(maxLineBytes)}`,
        line,
        'Split the text into smaller samples, or raise the limit with --max-line-bytes.',
      );
    }
  }
}

export async function* readSamples(file: string, options: ReadOptions = {}): AsyncGenerator<Sample> {
  const format = formatOf(file, options.format);
  const recordOptions = { field: options.field, chat: options.chat };
  const maxBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // The readers of the other formats (and their libraries) load only when such a file comes.
  if (format === 'json') {
    const { readJsonArray } = await import('./json-array.js');
    for await (const { value, line, end } of readJsonArray(file, maxBytes))
      yield { ...recordText(value, file, line, recordOptions), file, line, end };
    return;
  }
  if (format === 'csv' || format === 'tsv') {
    const { readCsv } = await import('./csv.js');
    for await (const { record, line, end } of readCsv(file, format === 'csv' ? ',' : '\t', maxBytes)) {
      yield { ...recordText(record, file, line, recordOptions), file, line, end };
    }
    return;
  }
  if (format === 'parquet') {
    // Read only the columns a record can need.
    const wanted = (columns: string[]) => {
      const want = options.field
        ? [options.field.split('.')[0]!]
        : ['text', ...(options.chat ? ['messages', 'conversations', 'prompt', 'completion'] : [])];
      const present = want.filter((c) => columns.includes(c));
      return present.length ? present : undefined;
    };
    const { readParquet } = await import('./parquet.js');
    for await (const { record, row, end } of readParquet(file, wanted)) {
      yield { ...recordText(record, file, row, recordOptions, 'row'), file, line: row, unit: 'row', end };
    }
    return;
  }
  for await (const { text, line, end } of readLines(file, options.maxLineBytes)) {
    if (format === 'txt') {
      if (text.length > 0) yield { text, file, line, end };
      continue;
    }
    if (text.trim().length === 0) continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (e) {
      throw new InputError(file, `invalid JSON (${(e as Error).message.replace(/^Unexpected/, 'unexpected')})`, line);
    }
    yield { ...recordText(record, file, line, recordOptions), file, line, end };
  }
}

/** Reads a dotted field path out of a JSON record, or says what is there instead. */
export function fieldText(record: unknown, field: string, file: string, line: number): string {
  let value: unknown = record;
  for (const key of field.split('.')) {
    if (value && typeof value === 'object' && key in (value as object)) value = (value as Record<string, unknown>)[key];
    else {
      const keys =
        record && typeof record === 'object' && !Array.isArray(record) ? Object.keys(record).join(', ') : typeof record;
      throw new InputError(
        file,
        `no field "${field}" in the record (it has: ${keys || 'nothing'})`,
        line,
        'Choose the text field with --field.',
      );
    }
  }
  if (typeof value !== 'string')
    throw new InputError(
      file,
      `field "${field}" is ${Array.isArray(value) ? 'an array' : typeof value}, not a string`,
      line,
      'Choose the text field with --field.',
    );
  return value;
}

/** All samples of several files (from `startLine` of the first file on); an empty result is an error. */
export async function collectSamples(
  files: string[],
  options: ReadOptions = {},
  limit = Infinity,
  startLine = 1,
): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const [k, file] of files.entries()) {
    for await (const sample of readSamples(file, options)) {
      if (k === 0 && sample.line < startLine) continue;
      out.push(sample);
      if (out.length >= limit) return out;
    }
  }
  if (out.length === 0) throw new InputError(files.join(', '), 'no samples: the corpus is empty');
  return out;
}

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}
