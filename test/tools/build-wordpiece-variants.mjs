// Writes WordPiece tokenizers with unusual settings under test/fixtures/wordpiece-variants/, for
// the unit differential of tokpeek's WordPiece (test/unit/wordpiece-fast.test.ts): another
// subword prefix, an empty one, a small max_input_chars_per_word, cased, accents stripped
// without lowercasing, no text cleanup or CJK spacing, no normaliser, and an added token outside
// the vocabulary that strips the space beside it. One vocabulary of a few hundred entries
// (letters in both cases, accented and other scripts, CJK, punctuation, whole words and
// continuations) so that words split into several pieces, some into the unknown token.
// Deterministic; rerun after editing: node test/tools/build-wordpiece-variants.mjs

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'wordpiece-variants');

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  ...'éèêëàâäöüïîçñßøåæœıİ',
  ...'αβγδεΣσςπρ',
  ...'приветмир',
  ...'東京中文字',
  '\u0301',
  '😀',
];
const WORDS = ['the', 'The', 'THE', 'hello', 'Hello', 'world', 'naïve', 'naive', 'cafe', 'café', 'straße', 'un', 'do'];
const CONTINUATIONS = ['believ', 'able', 'ing', 'ed', 's', 'er', 'llo', 'orld', 'ss', 'e', 'ïve', 've', 'ße', 'se'];

// The BERT pipeline of the wordpiece fixture (build-fixture-tokenizers.mjs): its added tokens,
// post-processor and decoder, with this vocabulary and the variant's settings.
const base = JSON.parse(fs.readFileSync(path.join(out, '..', 'tokenizers', 'wordpiece', 'tokenizer.json'), 'utf8'));

function vocabulary(prefix) {
  const entries = [...SPECIALS, ...CHARS, ...WORDS];
  for (const c of [...CHARS, ...CONTINUATIONS]) entries.push(prefix + c);
  const vocab = {};
  for (const e of entries) if (!Object.hasOwn(vocab, e)) vocab[e] = Object.keys(vocab).length;
  return vocab;
}

const bert = (options) => ({ ...base.normalizer, ...options });

function tokenizer({ prefix = '##', maxChars = 100, normalizer = bert({}), extraAdded = [] }) {
  const vocab = vocabulary(prefix);
  const size = Object.keys(vocab).length;
  return {
    ...base,
    added_tokens: [
      ...base.added_tokens,
      ...extraAdded.map((a, i) => ({ ...base.added_tokens[0], id: size + i, ...a })),
    ],
    normalizer,
    decoder: { ...base.decoder, prefix },
    model: { ...base.model, continuing_subword_prefix: prefix, max_input_chars_per_word: maxChars, vocab },
  };
}

const VARIANTS = {
  'prefix-at': tokenizer({ prefix: '@@' }),
  'prefix-empty': tokenizer({ prefix: '' }),
  'max-chars-5': tokenizer({ maxChars: 5 }),
  cased: tokenizer({ normalizer: bert({ lowercase: false, handle_chinese_chars: false }) }),
  'strip-accents-cased': tokenizer({ normalizer: bert({ lowercase: false, strip_accents: true }) }),
  'lowercase-keep-accents': tokenizer({ normalizer: bert({ strip_accents: false, clean_text: false }) }),
  'no-normalizer': tokenizer({ normalizer: null }),
  'added-outside-vocab': tokenizer({ extraAdded: [{ content: '<new>', lstrip: true, rstrip: true, special: false }] }),
};

fs.rmSync(out, { recursive: true, force: true });
for (const [name, json] of Object.entries(VARIANTS)) {
  const dir = path.join(out, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json, null, 1) + '\n');
}
