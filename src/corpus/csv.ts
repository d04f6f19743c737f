// CSV and TSV corpora, streamed through csv-parse: the first row names the columns, each
// further row is a record. Errors name the file and line.

import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { openInput } from './open-input.js';
import { checkedUtf8 } from '../decode-utf8.js';

interface CsvRow {
  record: Record<string, string>;
  /** 1-based line where the row starts. */
  line: number;
  /** Bytes consumed so far (for progress). */
  end: number;
}

export async function* readCsv(
  file: string,
  delimiter: ',' | '\t',
  maxRecordBytes: number,
  /** Decompressed bytes of the file, when already opened (compressed files, standard input). */
  input?: AsyncIterable<Buffer>,
): AsyncGenerator<CsvRow> {
  const opened = input ? undefined : openInput(file);
  const parser = parse({
    columns: true,
    bom: true,
    delimiter,
    info: true,
    skip_empty_lines: true,
    // TSV files rarely quote; a stray quote in text must not swallow the rest of the file.
    quote: delimiter === '\t' ? false : '"',
    max_record_size: maxRecordBytes,
  });
  // csv-parse would decode bad UTF-8 as U+FFFD silently; the other readers refuse it, so this
  // one does too. (pipe() does not pass a source's error on: the parser is destroyed with it.)
  const source = Readable.from(checkedUtf8(input ?? opened!.stream, file));
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  let lastLine = 1; // the header
  let lastEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; empty_lines: number; bytes: number };
    }>) {
      // info.lines is the line the row ends on; the row starts after the previous one and any empty lines.
      const line = lastLine + 1 + (info.empty_lines - lastEmpty);
      lastLine = info.lines;
      lastEmpty = info.empty_lines;
      yield { record, line, end: info.bytes };
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as Error & { code?: string; lines?: number };
    if (err.code === 'ENOENT') throw new InputError(file, 'no such file');
    const message = err.message.replace(/^Invalid Record Length: /, '').replace(/,? ?on line \d+/, '');
    throw new InputError(file, `invalid ${delimiter === '\t' ? 'TSV' : 'CSV'}: ${message}`, err.lines);
  } finally {
    opened?.close();
  }
}
