// Samples are keyed by their content, so editing, inserting or removing corpus lines adds or
// removes keys and never renames the samples around them.

import crypto from 'node:crypto';
import { canonicalJson } from '../fingerprint.js';

// The one-shot hash (Node 20.12 and later): no Hash object, with its finalizer, per sample.
const oneShot: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined = (
  crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }
).hash;

/** 16 hex digits (64 bits) of the SHA-256 of the text's UTF-8 bytes. */
export function sampleKey(text: string): string {
  const hex = oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
  return hex.slice(0, 16);
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
