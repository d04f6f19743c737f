// A pre-token's place in the text, found by its UTF-8 bytes: the JS library hands back strings,
// and only their bytes can be matched against the (normalized) text they came from.

import { type AlignedString, originalRange } from '../core/aligned-string.js';

/** UTF-8 bytes of an aligned string, mapped back to original ranges. */
export class ByteView {
  private readonly bytes: Buffer;
  /** UTF-16 unit index of the character each byte belongs to, and that character's unit length. */
  private readonly unitOf: Int32Array;
  private readonly unitLen: Uint8Array;

  constructor(private readonly text: AlignedString) {
    this.bytes = Buffer.from(text.text, 'utf8');
    this.unitOf = new Int32Array(this.bytes.length);
    this.unitLen = new Uint8Array(this.bytes.length);
    let b = 0;
    for (let u = 0; u < text.text.length; ) {
      const cp = text.text.codePointAt(u)!;
      const units = cp > 0xffff ? 2 : 1;
      const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (let k = 0; k < n; k++) {
        this.unitOf[b + k] = u;
        this.unitLen[b + k] = units;
      }
      b += n;
      u += units;
    }
  }

  /** Finds a pre-token's bytes at or after `from`; a leading space may have been inserted by the pre-tokenizer. */
  find(needle: Uint8Array, from: number): { at: number; insertedPrefix: boolean } | undefined {
    if (needle.length === 0) return { at: from, insertedPrefix: false };
    // Pre-tokens usually follow each other: try right here first, as it is, then after an
    // inserted space (a lone inserted space before a tab must not jump to a later real space).
    if (this.startsWith(needle, from)) return { at: from, insertedPrefix: false };
    if (needle[0] === 0x20 && this.startsWith(needle.subarray(1), from)) return { at: from, insertedPrefix: true };
    const direct = this.bytes.indexOf(needle, from);
    if (needle[0] === 0x20 && needle.length > 1) {
      const rest = needle.subarray(1);
      const prefixed = this.bytes.indexOf(rest, from);
      if (prefixed !== -1 && (direct === -1 || prefixed < direct)) return { at: prefixed, insertedPrefix: true };
    }
    if (direct !== -1) return { at: direct, insertedPrefix: false };
    // A pre-token that is only an inserted space (Metaspace's `▁` before an added token, say).
    if (needle.length === 1 && needle[0] === 0x20) return { at: from, insertedPrefix: true };
    return undefined;
  }

  private startsWith(needle: Uint8Array, at: number): boolean {
    if (at + needle.length > this.bytes.length) return false;
    for (let k = 0; k < needle.length; k++) if (this.bytes[at + k] !== needle[k]) return false;
    return true;
  }

  originalRange(b0: number, b1: number): [number, number] {
    if (this.bytes.length === 0) return originalRange(this.text, 0, 0);
    if (b1 <= b0) {
      // Nothing of its own in the text (an inserted `▁`): it belongs with the next character.
      const at = Math.min(b0, this.bytes.length - 1);
      const u = this.unitOf[at]!;
      return originalRange(this.text, u, u + this.unitLen[at]!);
    }
    const u0 = this.unitOf[b0]!;
    const last = b1 - 1;
    const u1 = this.unitOf[last]! + this.unitLen[last]!;
    return originalRange(this.text, u0, u1);
  }
}

/** Bytes of the UTF-8 sequence a lead byte starts (1 for a continuation byte). */
export function utf8CharLength(lead: number): number {
  return lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}
