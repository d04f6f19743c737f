// A content fingerprint: equal for files that parse to the same JSON, whatever their
// formatting or key order, different for any change in content.

import { createHash } from 'node:crypto';
import { keysOf, sortSteps, sortedKeys } from './sorted-keys.js';

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
// Entries of a large object or array written between two pauses of canonicalSlices.
const SLICE = 16_384;

function write(value: unknown, parts: string[]): void {
  if (value === null || typeof value !== 'object') {
    parts.push(JSON.stringify(value) ?? 'null');
    return;
  }
  const size = Array.isArray(value) ? value.length : keysOf(value).length;
  if (size >= LARGE) {
    parts.push(finish(largeText(value)));
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
    if (allPrimitive(value)) parts.push(JSON.stringify(value));
    else {
      parts.push('[');
      writeElements(value, 0, value.length, parts);
      parts.push(']');
    }
    return;
  }
  parts.push('{');
  const record = value as Record<string, unknown>;
  writeEntries(record, sortedKeys(record), 0, Infinity, true, parts);
  parts.push('}');
}

/**
 * The canonical text of a large object or array (memoized), written a slice of entries at a
 * time: between slices it pauses (yields), so a thread can hash a 200k vocabulary between the
 * other things it does (see canonicalSlices).
 */
function* largeText(value: object): Generator<void, string> {
  const known = memo.get(value);
  if (known !== undefined) return known;
  const parts: string[] = [];
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') writeFresh(value, parts);
  else if (Array.isArray(value)) {
    if (allPrimitive(value)) parts.push(JSON.stringify(value));
    else {
      parts.push('[');
      for (let i = 0; i < value.length; i += SLICE) {
        if (i > 0) parts.push(',');
        writeElements(value, i, Math.min(value.length, i + SLICE), parts);
        yield;
      }
      parts.push(']');
    }
  } else {
    const record = value as Record<string, unknown>;
    const keys = [...keysOf(record)];
    yield* sortSteps(keys);
    let flat = true;
    for (let i = 0; flat && i < keys.length; i += SLICE) {
      for (let j = i; flat && j < Math.min(keys.length, i + SLICE); j++) flat = isPrimitive(record[keys[j]!]);
      yield;
    }
    parts.push('{');
    if (flat) {
      // A flat object (a vocabulary: 128k string → id) is written by JSON.stringify itself, with
      // the sorted keys as its property list: the same text, 2× faster than key by key. Slice by
      // slice, without a slice's braces, and no comma where a slice wrote nothing (all undefined).
      let first = true;
      for (let i = 0; i < keys.length; i += SLICE) {
        const inner = JSON.stringify(record, keys.slice(i, i + SLICE)).slice(1, -1);
        if (inner) parts.push(first ? '' : ',', inner);
        first &&= !inner;
        yield;
      }
    } else {
      let first = true;
      for (let i = 0; i < keys.length; i += SLICE) {
        first = writeEntries(record, keys, i, i + SLICE, first, parts);
        yield;
      }
    }
    parts.push('}');
  }
  const text = parts.join('');
  memo.set(value, text);
  return text;
}

/** Elements from..to of an array, comma-separated (undefined and functions are null, as JSON.stringify writes them). */
function writeElements(value: unknown[], from: number, to: number, parts: string[]): void {
  for (let i = from; i < to; i++) {
    if (i > from) parts.push(',');
    const v = value[i];
    write(v === undefined || typeof v === 'function' ? null : v, parts);
  }
}

/** `"key":value` for keys from..to (those with a value JSON has), comma-separated; whether none came yet. */
function writeEntries(
  record: Record<string, unknown>,
  keys: string[],
  from: number,
  to: number,
  first: boolean,
  parts: string[],
): boolean {
  for (let i = from; i < Math.min(to, keys.length); i++) {
    const v = record[keys[i]!];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(first ? '' : ',', JSON.stringify(keys[i]), ':');
    first = false;
    write(v, parts);
  }
  return first;
}

function allPrimitive(value: unknown[]): boolean {
  return value.every((v) => v === null || (typeof v !== 'object' && v !== undefined && typeof v !== 'function'));
}

/** A value JSON.stringify writes as itself (or skips: undefined, functions) with no nested object. */
function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

/** Runs steps to their end. */
function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * canonicalJson of every large object or array inside `value`, a slice at a time (each step
 * a few milliseconds, the sort of a 200k vocabulary's keys about 40): once done, canonicalJson of
 * `value` and fingerprintOf it take only the joining and hashing.
 */
export function* canonicalSlices(value: unknown): Generator<void> {
  if (value === null || typeof value !== 'object' || memo.has(value)) return;
  const size = Array.isArray(value) ? value.length : keysOf(value).length;
  if (size >= LARGE) {
    yield* largeText(value);
    return;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) yield* canonicalSlices(v);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:` + hash over the named parts in a fixed order; absent parts count as absent. */
export function fingerprintOf(parts: Record<string, unknown>): string {
  return finish(fingerprintSlices(parts));
}

/** fingerprintOf a slice at a time (see canonicalSlices): the caller may pause between steps. */
export function* fingerprintSlices(parts: Record<string, unknown>): Generator<void, string> {
  for (const value of Object.values(parts)) yield* canonicalSlices(value);
  const hash = createHash('sha256');
  for (const name of Object.keys(parts).sort()) {
    const value = parts[name];
    hash.update(`${name}\u0000`);
    // Piece by piece: joined, they would copy the whole canonical text again (8 MB for gpt4o).
    const pieces: string[] = [];
    if (value !== undefined) write(value, pieces);
    for (const piece of pieces) {
      hash.update(piece);
      if (piece.length >= LARGE) yield;
    }
    hash.update('\u0000');
  }
  return `sha256:${hash.digest('hex')}`;
}
