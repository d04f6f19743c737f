// The behavioural fingerprint: a hash of how the tokenizer splits a fixed set of tricky
// strings, after llama.cpp's pre-tokenizer hashes (convert_hf_to_gguf.py tokenizes one
// fixed text and compares a hash of the ids). Two tokenizers with different files but the
// same fingerprint split these strings identically; a different fingerprint means the
// pipeline behaves differently somewhere, whatever the corpus shows.

import { createHash } from 'node:crypto';

/** Bumped whenever the strings below change, so an old fingerprint is not compared with a new one. */
export const CANARY_SET = 'canaries-v1';

/** [name, text]: names are stable identifiers used in snapshot headers and reports. */
export const CANARIES: ReadonlyArray<readonly [string, string]> = [
  ['hello', 'Hello world'],
  ['lead-space', ' Hello world'],
  ['spaces', 'a  b   c    d'],
  ['whitespace', ' \t\n\n  \r\n\u00a0\u3000'],
  ['newlines', 'line one\nline two\n\n\nline three'],
  ['indent', 'def f(x):\n    return x  # comment\n\tpass'],
  ['contractions', "I'm, you're, he's, we'll, they'd, can't, WON'T"],
  ['digits', '3 33 333 3333 33333 1234567890 3.14159 1,000,000 2024-05-01'],
  ['case', 'HELLO hello Hello hELLO'],
  ['punct', '!!! ??? ... --- ((( ))) "quoted" \'single\''],
  ['cjk', '我爱自然语言处理。東京都で寿司を食べました。한국어 문장'],
  ['astral', '𠀀𠀁𠮷 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
  ['emoji', '👋 🦙 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 1️⃣'],
  ['accents', 'café cafe\u0301 naïve Ångström'],
  ['arabic', 'مرحبا بالعالم'],
  ['devanagari', 'नमस्ते दुनिया'],
  ['thai', 'สวัสดีชาวโลก'],
  ['greek-cyrillic', 'Σίσυφος ΣΊΣΥΦΟΣ нещо на Български'],
  ['zero-width', 'zero\u200bwidth\u200cnon\u200djoiner\ufeffbom'],
  ['controls', 'bell\u0007 escape\u001b[31m nul\u0000 del\u007f'],
  ['specials', '<s> </s> <unk> <pad> [CLS] [SEP] [UNK] [MASK] <|endoftext|> <|begin_of_text|> <|im_start|> <|eot_id|>'],
  ['near-specials', '< s> <s > <|endoftext| <|begin_of_text|x'],
  ['url', 'https://example.com/a/b?q=1&r=two#frag user@example.org'],
  ['code', 'const x = arr.map((v) => v * 2); // 0x1F 1e-9'],
  ['markup', '<div class="a">**bold** _it_ `code`</div>'],
  ['repeats', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ['mixed-script', 'Pаypal (Cyrillic а) vs Paypal'],
  ['fullwidth', 'ＡＢＣ１２３ ｶﾀｶﾅ'],
  ['ligatures', 'ﬁ ﬂ ǅ ẞ ß İ ı'],
  ['replacement', '\ufffd \ue000 private'],
];

export function canaryHash(ids: readonly number[]): string {
  return createHash('sha256').update(ids.join(' ')).digest('hex').slice(0, 8);
}

/** `sha256:` + hash over every canary's ids, in order. */
export function behaviourFingerprint(idsPerCanary: ReadonlyArray<readonly number[]>): string {
  const hash = createHash('sha256').update(CANARY_SET);
  idsPerCanary.forEach((ids, i) => hash.update(`\n${CANARIES[i]![0]}:${ids.join(' ')}`));
  return `sha256:${hash.digest('hex')}`;
}
