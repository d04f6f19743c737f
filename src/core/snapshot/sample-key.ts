// Samples are keyed by their content, so editing, inserting or removing corpus lines adds or
// removes keys and never renames the samples around them.

import { createHash } from 'node:crypto';

/** 16 hex digits (64 bits) of the SHA-256 of the text's UTF-8 bytes. */
export function sampleKey(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

export const SAMPLE_KEY = /^[0-9a-f]{16}$/;
