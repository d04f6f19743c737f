// sha256 of files as snapshot headers record them: a tokenizer's files, a corpus file.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isGgufFile, readGgufHeader } from '../gguf/read-gguf.js';
import { fileError } from '../errors.js';

/** The files a tokenizer's fingerprint covers, by the name a snapshot header gives them (and additional_chat_templates/*.jinja). */
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'chat_template.jinja'];

/** sha256 of each of the tokenizer's files that exists, in TOKENIZER_FILES order, then the named templates. */
export function tokenizerFileHashes(tokenizerPath: string): Array<[string, string]> {
  // A GGUF's tokenizer is in its metadata; the weights after it can be gigabytes that never matter here.
  if (isGgufFile(tokenizerPath))
    return [['gguf-metadata', fileSha256(tokenizerPath, readGgufHeader(tokenizerPath).metadataBytes)]];
  const dir = path.dirname(tokenizerPath);
  const beside = path.basename(tokenizerPath) === 'tokenizer.json';
  const out: Array<[string, string]> = [['tokenizer.json', fileSha256(tokenizerPath)]];
  if (!beside) return out;
  for (const name of TOKENIZER_FILES.slice(1))
    if (fs.existsSync(path.join(dir, name))) out.push([name, fileSha256(path.join(dir, name))]);
  const named = path.join(dir, 'additional_chat_templates');
  if (fs.existsSync(named) && fs.statSync(named).isDirectory())
    for (const f of fs.readdirSync(named).sort())
      if (/^[^\s=]+\.jinja$/.test(f)) out.push([`additional_chat_templates/${f}`, fileSha256(path.join(named, f))]);
  return out;
}

/** sha256 of a file's bytes, or of its first `limit` bytes. */
export function fileSha256(file: string, limit = Number.POSITIVE_INFINITY): string {
  const hash = createHash('sha256');
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    let left = limit;
    for (let n: number; left > 0 && (n = fs.readSync(fd, buf, 0, Math.min(buf.length, left), null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      left -= n;
    }
  } catch (e) {
    throw fileError(file, e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  return hash.digest('hex');
}
