// Code points and UTF-16 units: tokpeek's offsets are UTF-16 (JavaScript strings); the Rust
// binding reports code points, and Rust trims offsets in code points.

/** UTF-16 index ↔ code-point index of a text (the identity when it has no astral characters). */
export function codePointIndex(text: string): { toCp: (u: number) => number; toUnit: (cp: number) => number } {
  if (!/[\uD800-\uDBFF]/.test(text)) return { toCp: (u) => u, toUnit: (cp) => cp };
  const unitOf: number[] = [];
  const cpOf = new Int32Array(text.length + 1);
  let cp = 0;
  for (let u = 0; u < text.length; cp++) {
    unitOf.push(u);
    const width = text.codePointAt(u)! > 0xffff ? 2 : 1;
    for (let k = 0; k < width; k++) cpOf[u + k] = cp;
    u += width;
  }
  unitOf.push(text.length);
  cpOf[text.length] = cp;
  return { toCp: (u) => cpOf[Math.min(u, text.length)]!, toUnit: (c) => unitOf[Math.min(c, unitOf.length - 1)]! };
}

export const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
export const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

// Any surrogate: a text without one has as many code points as UTF-16 units.
const SURROGATE = /[\uD800-\uDFFF]/;

/** How many code points a text has (a surrogate pair is one; a lone surrogate counts as one). */
export function codePointCount(text: string): number {
  // The regular expression scans natively, 3x faster than the loop over a corpus's texts (report
  // counts every sample's); for short pieces the call costs more than it saves.
  if (text.length > 64 && !SURROGATE.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}
