// Streams the elements of a JSON array without reading the whole file: `[{...}, {...}]`, or the
// first array-valued property of a top-level object (`{"version": 1, "data": [{...}]}`).
// A byte-level scanner tracks strings and nesting; each element is parsed on its own and
// reported with the line it starts on. Memory: one element at a time.

import fs from 'node:fs';
import { regularFile } from '../contained-path.js';
import { InputError, fileError } from '../errors.js';
import { firstInvalidByte } from './decode.js';

export interface JsonElement {
  value: unknown;
  /** 1-based line where the element starts. */
  line: number;
  /** Byte offset after the element (for progress). */
  end: number;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export async function* readJsonArray(file: string, maxElementBytes: number): AsyncGenerator<JsonElement> {
  let stream: fs.ReadStream;
  try {
    regularFile(file);
    stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  } catch (e) {
    throw fileError(file, e);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let offset = 0; // bytes before the current chunk
  let depth = 0;
  let inString = false;
  let escaped = false;
  let topLevel: 'array' | 'object' | undefined;
  /** Depth at which elements live (1 inside a top-level array, 2 inside an object's array property). */
  let elementDepth = 0;
  let done = false;
  // The element being collected.
  let collecting = false;
  let elementStartLine = 0;
  let elementIsString = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let startInChunk = -1;

  const finish = (chunk: Buffer, endInChunk: number): JsonElement => {
    const piece = chunk.subarray(Math.max(0, startInChunk), endInChunk);
    const bytes = pending.length ? Buffer.concat([...pending, piece]) : piece;
    pending = [];
    pendingBytes = 0;
    collecting = false;
    startInChunk = -1;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new InputError(file, `invalid UTF-8 at byte ${firstInvalidByte(bytes)} of the element`, elementStartLine);
    }
    try {
      return { value: JSON.parse(text), line: elementStartLine, end: offset + endInChunk };
    } catch (e) {
      throw new InputError(
        file,
        `invalid JSON in the element starting here (${(e as Error).message.replace(/^Unexpected/, 'unexpected').replace(/ in JSON at position \d+.*$/, '')})`,
        elementStartLine,
      );
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (done) break;
      if (collecting) startInChunk = 0;
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (b === 0x0a) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true;
          else if (b === 0x22) {
            inString = false;
            if (collecting && elementIsString && depth === elementDepth) yield finish(chunk, i + 1);
          }
          continue;
        }
        if (WS.has(b)) continue;
        if (topLevel === undefined) {
          if (b === 0x5b) {
            topLevel = 'array';
            elementDepth = 1;
          } else if (b === 0x7b) topLevel = 'object';
          else
            throw new InputError(
              file,
              'expected a JSON array of records (or an object holding one)',
              line,
              'Use .jsonl for one record per line.',
            );
          depth = 1;
          continue;
        }
        if (depth === elementDepth && elementDepth > 0 && !collecting) {
          if (b === 0x2c) continue;
          if (b === 0x5d) {
            done = true; // the records array is closed; the rest of the file is not ours
            break;
          }
          collecting = true;
          elementStartLine = line;
          elementIsString = b === 0x22;
          startInChunk = i;
          if (b === 0x22) {
            inString = true;
            continue;
          }
          if (b !== 0x7b && b !== 0x5b)
            throw new InputError(file, 'array elements must be records (objects) or strings', line);
        }
        if (b === 0x22) inString = true;
        else if (b === 0x7b || b === 0x5b) {
          // In a top-level object, the first property whose value is an array holds the records.
          if (topLevel === 'object' && elementDepth === 0 && depth === 1 && b === 0x5b) {
            depth = 2;
            elementDepth = 2;
            continue;
          }
          depth++;
        } else if (b === 0x7d || b === 0x5d) {
          depth--;
          if (collecting && depth === elementDepth) yield finish(chunk, i + 1);
          if (depth === 0) {
            done = true;
            break;
          }
        }
        if (collecting && pendingBytes + (i - startInChunk) > maxElementBytes) {
          throw new InputError(
            file,
            `a record is larger than ${Math.round(maxElementBytes / 1048576)} MiB`,
            elementStartLine,
            'Split it, or raise the limit with --max-line-bytes.',
          );
        }
      }
      if (collecting) {
        const rest = chunk.subarray(Math.max(0, startInChunk));
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
        if (pendingBytes > maxElementBytes)
          throw new InputError(
            file,
            `a record is larger than ${Math.round(maxElementBytes / 1048576)} MiB`,
            elementStartLine,
            'Split it, or raise the limit with --max-line-bytes.',
          );
      }
      offset += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  if (topLevel === undefined) throw new InputError(file, 'file is empty');
  if (!done)
    throw new InputError(
      file,
      collecting ? 'the file ends inside a record' : 'the file ends before the records array is closed',
      collecting ? elementStartLine : line,
    );
  if (topLevel === 'object' && elementDepth === 0)
    throw new InputError(
      file,
      'the top-level object holds no array of records',
      undefined,
      'Use a JSON array of records, or an object with one array property (e.g. {"data": [...]}).',
    );
}
