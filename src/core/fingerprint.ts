// A content fingerprint: equal for files that parse to the same JSON, whatever their
// formatting or key order, different for any change in content.

import { createHash } from 'node:crypto';
import { keysOf, sortedKeys } from './sorted-keys.js';

/** JSON with object keys sorted at every level (written by hand: a JSON.stringify replacer is 3× slower on 9 MB vocabularies). */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

// Vocabularies are canonicalized more than once (the fingerprint, then per-section digests):
// large objects keep their canonical text for as long as they live.
const LARGE = 10_000;
const memo = new WeakMap<object, string>();

function write(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== 'object') {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const known = memo.get(value);
  if (known !== undefined) {
    parts.push(known);
    return;
  }
  const size = Array.isArray(value) ? value.length : keysOf(value).length;
  if (size >= LARGE) {
    const own: string[] = [];
    writeFresh(value, own);
    const text = own.join('');
    memo.set(value, text);
    parts.push(text);
    return;
  }
  writeFresh(value, parts);
}

function writeFresh(value: object, parts: string[]): void {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    write((value as { toJSON(): unknown }).toJSON(), parts);
    return;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || (typeof v !== 'object' && v !== undefined && typeof v !== 'function'))) {
      parts.push(JSON.stringify(value));
      return;
    }
    parts.push('[');
    value.forEach((v, i) => {
      if (i > 0) parts.push(',');
      write(v === undefined || typeof v === 'function' ? null : v, parts);
    });
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  // A flat object (a vocabulary: 128k string → id) is written by JSON.stringify itself, with
  // the sorted keys as its property list: the same text, 2× faster than key by key.
  if (keys.length >= LARGE && keys.every((k) => isPrimitive(record[k]))) {
    parts.push(JSON.stringify(record, keys));
    return;
  }
  let first = true;
  parts.push('{');
  for (const key of keys) {
    const v = record[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(first ? '' : ',', JSON.stringify(key), ':');
    first = false;
    write(v, parts);
  }
  parts.push('}');
}

/** A value JSON.stringify writes as itself (or skips: undefined, functions) with no nested object. */
function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:` + hash over the named parts in a fixed order; absent parts count as absent. */
export function fingerprintOf(parts: Record<string, unknown>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(parts).sort()) {
    const value = parts[name];
    hash.update(`${name}\u0000`);
    // Piece by piece: joined, they would copy the whole canonical text again (8 MB for gpt4o).
    const pieces: string[] = [];
    if (value !== undefined) write(value, pieces);
    for (const piece of pieces) hash.update(piece);
    hash.update('\u0000');
  }
  return `sha256:${hash.digest('hex')}`;
}
