// A content fingerprint: equal for files that parse to the same JSON, whatever their
// formatting or key order, different for any change in content.

import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:` + hash over the named parts in a fixed order; absent parts count as absent. */
export function fingerprintOf(parts: Record<string, unknown>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(parts).sort()) {
    const value = parts[name];
    hash.update(`${name}\u0000${value === undefined ? '' : canonicalJson(value)}\u0000`);
  }
  return `sha256:${hash.digest('hex')}`;
}
