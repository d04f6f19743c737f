// Every JSON tokpeek prints goes through here: C0 (JSON.stringify's own), C1, bidi and other
// invisible characters become \u escapes, so piping or printing the JSON cannot drive a terminal.

import { escapeInvisibleInJson } from '../core/snapshot/text-escape.js';

/** `value` as printed JSON: indented with a final newline, or one line (JSONL) without. */
export function jsonText(value: unknown, layout: 'pretty' | 'line' = 'pretty'): string {
  return layout === 'line'
    ? escapeInvisibleInJson(JSON.stringify(value))
    : escapeInvisibleInJson(JSON.stringify(value, null, 2)) + '\n';
}
