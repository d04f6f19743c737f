// Invisible and look-alike characters in training text: they change tokens without changing
// what a reviewer sees (a zero-width space splits a word, a non-breaking space is not " ").

export const INVISIBLE_KINDS = [
  'zero-width',
  'bom',
  'carriage-return',
  'non-breaking-space',
  'bidi-control',
  'soft-hyphen',
  'control',
] as const;
export type InvisibleKind = (typeof INVISIBLE_KINDS)[number];

export const INVISIBLE_LABELS: Record<InvisibleKind, string> = {
  'zero-width': 'zero-width characters',
  bom: 'byte-order marks (U+FEFF)',
  'carriage-return': 'carriage returns (\\r)',
  'non-breaking-space': 'non-breaking spaces',
  'bidi-control': 'bidirectional controls',
  'soft-hyphen': 'soft hyphens (U+00AD)',
  control: 'control characters',
};

// One class for the fast "anything here?" test; classified one by one only on a hit.
const ANY =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00A0\u00AD\u061C\u2007\u200B-\u200F\u202A-\u202F\u2060-\u2064\u2066-\u2069\uFEFF]/;
const ALL = new RegExp(ANY.source, 'g');

function invisibleKindOf(code: number): InvisibleKind {
  if (code === 0x0d) return 'carriage-return';
  if (code === 0xfeff) return 'bom';
  if ((code >= 0x200b && code <= 0x200d) || (code >= 0x2060 && code <= 0x2064)) return 'zero-width';
  if (code === 0xa0 || code === 0x2007 || code === 0x202f) return 'non-breaking-space';
  if (code === 0xad) return 'soft-hyphen';
  if (
    code === 0x61c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  )
    return 'bidi-control';
  return 'control';
}

interface InvisibleHit {
  kind: InvisibleKind;
  count: number;
  /** 1-based UTF-16 column of the first one. */
  column: number;
  code: number;
}

export function invisibleHits(text: string): InvisibleHit[] {
  if (!ANY.test(text)) return [];
  const byKind = new Map<InvisibleKind, InvisibleHit>();
  for (const m of text.matchAll(ALL)) {
    const code = m[0].charCodeAt(0);
    const kind = invisibleKindOf(code);
    const hit = byKind.get(kind);
    if (hit) hit.count++;
    else byKind.set(kind, { kind, count: 1, column: m.index! + 1, code });
  }
  return [...byKind.values()];
}
