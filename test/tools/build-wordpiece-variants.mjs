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

const added = (id, content, more = {}) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
  ...more,
});

function vocabulary(prefix) {
  const entries = [...SPECIALS, ...CHARS, ...WORDS];
  for (const c of [...CHARS, ...CONTINUATIONS]) entries.push(prefix + c);
  const vocab = {};
  for (const e of entries) if (!Object.hasOwn(vocab, e)) vocab[e] = Object.keys(vocab).length;
  return vocab;
}

const bert = (options) => ({
  type: 'BertNormalizer',
  clean_text: true,
  handle_chinese_chars: true,
  strip_accents: null,
  lowercase: true,
  ...options,
});

function tokenizer({ prefix = '##', maxChars = 100, normalizer = bert({}), extraAdded = [] }) {
  const vocab = vocabulary(prefix);
  const size = Object.keys(vocab).length;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...SPECIALS.map((s, i) => added(i, s)), ...extraAdded.map((a, i) => added(size + i, a.content, a))],
    normalizer,
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: prefix,
      max_input_chars_per_word: maxChars,
      vocab,
    },
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
