import { describe, expect, it } from 'vitest';
import { SPECIAL_TOKENS, multilingualSamples, realLines } from '../support/multilingual-corpus.js';

const isWellFormed = (s: string): boolean => !/[\ud800-\udfff]/u.test(s); // u-mode: matches lone surrogates only

const CATEGORIES: Record<string, RegExp> = {
  'latin precomposed': /[à-ÿĀ-ž]/u,
  'latin decomposed': /[a-zA-Z][\u0300-\u036f]/u,
  greek: /\p{Script=Greek}/u,
  cyrillic: /\p{Script=Cyrillic}/u,
  cjk: /\p{Script=Han}/u,
  'cjk astral': /[\u{20000}-\u{2FA1F}]/u,
  kana: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  'hangul syllables': /[\uac00-\ud7a3]/u,
  'hangul decomposed jamo': /[\u1100-\u1112][\u1161-\u1175]/u,
  arabic: /\p{Script=Arabic}/u,
  hebrew: /\p{Script=Hebrew}/u,
  'devanagari virama': /\p{Script=Devanagari}\u094d\p{Script=Devanagari}/u,
  'devanagari vowel sign': /[\u093e-\u094c]/u,
  thai: /\p{Script=Thai}/u,
  tamil: /\p{Script=Tamil}/u,
  emoji: /\p{Extended_Pictographic}/u,
  'emoji zwj': /\p{Extended_Pictographic}\ufe0f?\u200d\p{Extended_Pictographic}/u,
  'skin tone': /[\u{1f3fb}-\u{1f3ff}]/u,
  flag: /[\u{1f1e6}-\u{1f1ff}]{2}/u,
  keycap: /[0-9#*]\ufe0f?\u20e3/u,
  'variation selector': /[\ufe0e\ufe0f]/u,
  'stacked combining marks': /\p{M}{3,}/u,
  tab: /\t/,
  newline: /[^\r]\n/,
  crlf: /\r\n/,
  'space run': / {2,}/,
  'long space run': / {15,}/,
  'leading whitespace': /^\s/u,
  'trailing whitespace': /\s$/u,
  nbsp: /\u00a0/,
  'zero-width space': /\u200b/,
  'long number': /\d{20,}/,
  decimal: /\d\.\d/,
  'punctuation cluster': /[!?.,;:()[\]{}<>"'`~@#$%^&*+=/\\|…—–“”‘’«»]{4,}/u,
  code: /=>|\bdef |\bfn |\breturn\b|SELECT/,
  url: /https?:\/\/\S+/,
  email: /[\w.+-]+@[\w.-]+/u,
  ...Object.fromEntries(SPECIAL_TOKENS.map((t) => [`special ${t}`, new RegExp(t.replace(/[|[\]]/g, '\\$&'))])),
};

describe('multilingualSamples', () => {
  const samples = multilingualSamples(10_000);

  it('is deterministic per seed', () => {
    expect(multilingualSamples(500)).toEqual(samples.slice(0, 500));
    expect(multilingualSamples(500, 7)).toEqual(multilingualSamples(500, 7));
    expect(multilingualSamples(500, 2)).not.toEqual(multilingualSamples(500, 1));
  });

  it('returns exactly count non-empty, well-formed strings', () => {
    expect(samples).toHaveLength(10_000);
    expect(multilingualSamples(0)).toEqual([]);
    for (const s of samples) {
      expect(s.length).toBeGreaterThan(0);
      expect(isWellFormed(s)).toBe(true);
    }
  });

  it('covers every category in 10,000 samples', () => {
    const missing = Object.entries(CATEGORIES)
      .filter(([, re]) => !samples.some((s) => re.test(s)))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('takes about a quarter of the samples from real Moby Dick / SOTU text', () => {
    const mobyLines = new Set(realLines(3000));
    const fromMoby = samples.filter((s) => mobyLines.has(s)).length;
    // half of the real samples are Moby Dick paragraphs, the other half SOTU sentence windows
    expect(fromMoby / samples.length).toBeGreaterThan(0.09);
    expect(fromMoby / samples.length).toBeLessThan(0.16);
  });
});

describe('realLines', () => {
  it('returns the first non-empty lines of the real text, starting with Moby Dick', () => {
    const lines = realLines(3);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('CHAPTER 1. Loomings.');
    expect(lines[1]?.startsWith('Call me Ishmael.')).toBe(true);
    for (const l of realLines(200)) expect(l.trim()).not.toBe('');
  });
});
