// Samples are keyed by their content, so editing, inserting or removing corpus lines adds or
// removes keys and never renames the samples around them.

import crypto from 'node:crypto';
import { canonicalJson } from '../fingerprint.js';

// The one-shot hash (Node 20.12 and later): no Hash object, with its finalizer, per sample.
const oneShot = (
  crypto as {
    hash?: {
      (algorithm: string, data: string, encoding: 'hex'): string;
      (algorithm: string, data: Uint8Array, encoding: 'buffer'): Buffer;
    };
  }
).hash;

/** 16 hex digits (64 bits) of the SHA-256 of the text's UTF-8 bytes. */
export function sampleKey(text: string): string {
  const hex = oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return hex.slice(0, 16);
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** Whether sampleKey of the text whose UTF-8 bytes are `utf8` is the 16 ASCII digits at `digits[at..]`. */
export function keyOfBytes(utf8: Uint8Array, digits: Uint8Array, at: number): boolean {
  const hash = oneShot ? oneShot('sha256', utf8, 'buffer') : crypto.createHash('sha256').update(utf8).digest();
  for (let i = 0; i < 8; i++)
    if (digits[at + 2 * i] !== HEX[hash[i]! >> 4] || digits[at + 2 * i + 1] !== HEX[hash[i]! & 15]) return false;
  return true;
}

/**
 * What a sample's key is of: a chat record as read (canonical JSON, the side of a preference pair
 * included), so that a changed template shows as drift of the same sample; otherwise its text.
 */
export function keyedContent(sample: {
  text: string;
  chat?: object | undefined;
  variant?: string | undefined;
}): string {
  if (!sample.chat) return sample.text;
  return canonicalJson(sample.variant ? { ...sample.chat, variant: sample.variant } : sample.chat);
}

export const SAMPLE_KEY = /^[0-9a-f]{16}$/;

/**
 * The 32-bit number of the 8 hex digits of a sample key from `from`, or -1 when they are not 8
 * lowercase hex digits (as SAMPLE_KEY has them).
 */
export function keyWord(key: string, from: number): number {
  let n = 0;
  for (let i = from; i < from + 8; i++) {
    // Past the end, charCodeAt is NaN: no digit either.
    const digit = hexDigit(key.charCodeAt(i));
    if (digit < 0) return -1;
    n = n * 16 + digit;
  }
  return n;
}

/** keyWord of the 8 ASCII digits at `at` of a snapshot's bytes, read where they lie (the scan reads every key so). */
export function keyWordOfBytes(bytes: Uint8Array, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    // Past the end, bytes[i] is undefined: no digit either.
    const digit = hexDigit(bytes[i]!);
    if (digit < 0) return -1;
    n = n * 16 + digit;
  }
  return n;
}

/** The value of a lowercase hex digit's code, or -1 (for anything else, NaN and undefined included). */
function hexDigit(c: number): number {
  return c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
}

/**
 * A set of sample keys held as their 64 bits (open addressing over typed arrays, at most half
 * full): about 16 bytes a key where a Set of the key strings held over 100 (each a slice of its
 * 64-digit hash). Exact: a key is its 64 bits.
 */
export class SampleKeySet {
  private highs = new Uint32Array(1 << 10);
  private lows = new Uint32Array(1 << 10);
  private used = new Uint8Array(1 << 10);
  size = 0;

  /** Adds a key (SAMPLE_KEY); false when it was there already. */
  add(key: string): boolean {
    if (2 * (this.size + 1) > this.used.length) this.grow();
    const high = keyWord(key, 0);
    const low = keyWord(key, 8);
    const mask = this.used.length - 1;
    // The keys are hash digits already: their low bits spread them.
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      if (!this.used[slot]) {
        this.used[slot] = 1;
        this.highs[slot] = high;
        this.lows[slot] = low;
        this.size++;
        return true;
      }
      if (this.lows[slot] === low && this.highs[slot] === high) return false;
    }
  }

  private grow(): void {
    const { highs, lows, used } = this;
    const size = used.length * 2;
    this.highs = new Uint32Array(size);
    this.lows = new Uint32Array(size);
    this.used = new Uint8Array(size);
    const mask = size - 1;
    for (let i = 0; i < used.length; i++) {
      if (!used[i]) continue;
      let slot = lows[i]! & mask;
      while (this.used[slot]) slot = (slot + 1) & mask;
      this.used[slot] = 1;
      this.highs[slot] = highs[i]!;
      this.lows[slot] = lows[i]!;
    }
  }
}
