// Streams the elements of a JSON array without reading the whole file: `[{...}, {...}]`, or an
// array-valued property of a top-level object (`{"version": 1, "data": [{...}]}`): the one
// named by `recordsKey` — a key, or a dotted path into nested objects (`data.train` for
// `{"data": {"train": [...]}}`) — else the object's only array; an object with several arrays
// is an error naming them, never a guess.
// A byte-level scanner tracks strings and nesting; each element is parsed on its own and
// reported with the line it starts on. Memory: one element at a time.

import { InputError } from '../errors.js';
import { REENCODE, utf8Error } from '../decode-utf8.js';
import { openInput } from './open-input.js';

interface JsonElement {
  value: unknown;
  /** 1-based line where the element starts. */
  line: number;
  /** Byte offset after the element (for progress). */
  end: number;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

interface JsonArrayOptions {
  /** The key (or dotted path of keys) holding the records, in an object document. */
  recordsKey?: string;
  /** Decompressed bytes of the file, when already opened (standard input, a sniffed head). */
  input?: AsyncIterable<Buffer>;
  /** Hears which key the records were read from. */
  onRecordsKey?: (key: string) => void;
}

export async function* readJsonArray(
  file: string,
  maxElementBytes: number,
  options: JsonArrayOptions = {},
): AsyncGenerator<JsonElement> {
  const opened = options.input ? undefined : openInput(file);
  const stream = options.input ?? opened!.stream;
  const keyDecoder = new TextDecoder();
  /** Top-level keys of an object document whose values are arrays. */
  const arrayKeys: string[] = [];
  let expectKey = false;
  let keyBytes: number[] | undefined;
  let lastKey = '';
  let afterColon = false;
  let recordsDone = false;
  const parts = options.recordsKey?.split('.');
  /** Depth of the object whose keys are read: 1, deeper while following `parts` into nested objects. */
  let keyDepth = 1;
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
  /** Bytes of its line before the element, and where the current line starts (absolute offsets). */
  let elementColumn = 0;
  let lineStart = 0;
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
      throw utf8Error(file, bytes, elementStartLine, REENCODE, elementColumn);
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
        if (b === 0x0a) {
          line++;
          lineStart = offset + i + 1;
        }
        if (inString) {
          if (escaped) escaped = false;
          else if (b === 0x5c) escaped = true;
          else if (b === 0x22) {
            inString = false;
            if (keyBytes) {
              lastKey = keyDecoder.decode(Uint8Array.from(keyBytes));
              keyBytes = undefined;
            }
            if (collecting && elementIsString && depth === elementDepth) yield finish(chunk, i + 1);
            continue;
          }
          keyBytes?.push(b);
          continue;
        }
        if (WS.has(b)) continue;
        // Keys of a top-level object, to find (and name) its array properties.
        if (topLevel === 'object' && depth === keyDepth && !collecting) {
          if (expectKey && b === 0x22) {
            expectKey = false;
            inString = true;
            keyBytes = [];
            continue;
          }
          if (b === 0x2c) {
            expectKey = true;
            continue;
          }
          if (b === 0x3a) {
            afterColon = true;
            continue;
          }
          if (afterColon) {
            afterColon = false;
            const along = parts !== undefined && lastKey === parts[keyDepth - 1] && elementDepth === 0;
            if (b === 0x5b) {
              if (keyDepth === 1) arrayKeys.push(lastKey);
              const wanted = parts === undefined ? !recordsDone : along && keyDepth === parts.length;
              if (wanted && elementDepth === 0) {
                depth = keyDepth + 1;
                elementDepth = keyDepth + 1;
                options.onRecordsKey?.(options.recordsKey ?? lastKey);
                continue;
              }
            } else if (b === 0x7b && along && keyDepth < parts!.length) {
              // The path goes on into this object: read its keys next.
              keyDepth++;
              depth++;
              expectKey = true;
              continue;
            }
          }
        }
        if (topLevel === undefined) {
          if (b === 0x5b) {
            topLevel = 'array';
            elementDepth = 1;
          } else if (b === 0x7b) {
            topLevel = 'object';
            expectKey = true;
          } else
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
            if (topLevel === 'array') {
              done = true; // the records array is closed; the rest of the file is not ours
              break;
            }
            // The records array of an object closed: scan on for other arrays (ambiguity).
            depth = elementDepth - 1;
            elementDepth = -1;
            recordsDone = true;
            continue;
          }
          collecting = true;
          elementStartLine = line;
          elementColumn = offset + i - lineStart;
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
    opened?.close();
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
      options.recordsKey === undefined
        ? 'the top-level object holds no array of records'
        : parts!.length > 1
          ? `the document has no array at "${options.recordsKey}" (the top-level object's arrays: ${arrayKeys.join(', ') || 'none'})`
          : `the top-level object has no array "${options.recordsKey}" (its arrays: ${arrayKeys.join(', ') || 'none'})`,
      undefined,
      'Use a JSON array of records, or an object with an array property (e.g. {"data": [...]}, or {"data": {"train": [...]}}) named with --records (data, or data.train).',
    );
  if (topLevel === 'object' && options.recordsKey === undefined && arrayKeys.length > 1)
    throw new InputError(
      file,
      `the top-level object holds several arrays (${arrayKeys.map((k) => `"${k}"`).join(', ')}): which are the records?`,
      undefined,
      `Name the array of records with --records, e.g. --records ${arrayKeys[arrayKeys.length - 1]}.`,
    );
}
