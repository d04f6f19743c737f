// Writes the tiny hand-made tokenizers under test/fixtures/tokenizers/ (one per model type).
// Deterministic; rerun after editing: node test/tools/build-fixture-tokenizers.mjs

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'tokenizers');

function byteChars() {
  const bs = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++)
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  const map = new Array(256);
  bs.forEach((b, i) => (map[b] = String.fromCharCode(cs[i])));
  return map;
}

const added = (id, content, special = true) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special,
});

function write(name, tokenizer, config) {
  const dir = path.join(out, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer, null, 2) + '\n');
  if (config) fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
}

// 1. Byte-level BPE (GPT-2 style), no unknown token possible; BOS added by the template.
{
  const chars = byteChars();
  const vocab = {};
  chars.forEach((c, b) => (vocab[c] = b));
  const merges = [
    ['Ġ', 't'],
    ['h', 'e'],
    ['Ġt', 'he'],
    ['l', 'l'],
    ['e', 'll'],
    ['h', 'ell'],
    ['hell', 'o'],
    ['Ġ', 'w'],
  ];
  merges.forEach(([a, b]) => (vocab[a + b] = Object.keys(vocab).length));
  write(
    'byte-bpe',
    {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [added(300, '<|bos|>'), added(301, '<|eos|>')],
      normalizer: null,
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '<|bos|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
        pair: [
          { SpecialToken: { id: '<|bos|>', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
        ],
        special_tokens: { '<|bos|>': { id: '<|bos|>', ids: [300], tokens: ['<|bos|>'] } },
      },
      decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: false,
        byte_fallback: false,
        ignore_merges: false,
        vocab,
        merges: merges.map(([a, b]) => `${a} ${b}`),
      },
    },
    { bos_token: '<|bos|>', eos_token: '<|eos|>', model_max_length: 16, tokenizer_class: 'PreTrainedTokenizerFast' },
  );
}

// 2. SentencePiece-style BPE with byte fallback (Metaspace pre-tokenizer, as newer Llama/Mistral files).
{
  const vocab = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 3 + b;
  const pieces = [
    '▁',
    'a',
    'b',
    'c',
    'e',
    'h',
    'l',
    'o',
    't',
    'w',
    'r',
    'd',
    '▁h',
    'el',
    'lo',
    '▁hel',
    '▁hello',
    '▁w',
    'or',
    '▁wor',
    '▁world',
    'ld',
  ];
  for (const p of pieces) vocab[p] = Object.keys(vocab).length;
  const merges = ['▁ h', 'e l', 'l o', '▁h el', '▁hel lo', '▁ w', 'o r', '▁w or', 'l d', '▁wor ld'];
  write(
    'sp-bpe-fallback',
    {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [added(0, '<unk>'), added(1, '<s>'), added(2, '</s>')],
      normalizer: null,
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '<s>', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '</s>', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '<s>', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
        ],
        special_tokens: {
          '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] },
          '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] },
        },
      },
      decoder: {
        type: 'Sequence',
        decoders: [
          { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
          { type: 'ByteFallback' },
          { type: 'Fuse' },
          { type: 'Strip', content: ' ', start: 1, stop: 0 },
        ],
      },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: '<unk>',
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: true,
        byte_fallback: true,
        ignore_merges: false,
        vocab,
        merges,
      },
    },
    {
      bos_token: '<s>',
      eos_token: '</s>',
      unk_token: '<unk>',
      add_bos_token: true,
      add_eos_token: true,
      model_max_length: 8,
      tokenizer_class: 'LlamaTokenizer',
    },
  );
}

// 3. WordPiece with [UNK] (BERT uncased pipeline).
{
  const words = [
    '[PAD]',
    '[UNK]',
    '[CLS]',
    '[SEP]',
    '[MASK]',
    'the',
    'cafe',
    'un',
    '##believ',
    '##able',
    'hello',
    'world',
    '!',
    ',',
    '.',
    'a',
    '##b',
    '##c',
    'straße',
  ];
  const vocab = Object.fromEntries(words.map((w, i) => [w, i]));
  write(
    'wordpiece',
    {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [added(0, '[PAD]'), added(1, '[UNK]'), added(2, '[CLS]'), added(3, '[SEP]'), added(4, '[MASK]')],
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase: true,
      },
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
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab,
      },
    },
    {
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      unk_token: '[UNK]',
      pad_token: '[PAD]',
      mask_token: '[MASK]',
      do_lower_case: true,
      model_max_length: 512,
      tokenizer_class: 'BertTokenizerFast',
    },
  );
}

// 4. Unigram (SentencePiece unigram with an NFKC normalizer and Metaspace).
{
  const vocab = [
    ['<unk>', 0],
    ['</s>', 0],
    ['▁', -2],
    ['▁the', -3],
    ['▁ca', -5],
    ['fe', -5],
    ['▁cafe', -4],
    ['s', -4],
    ['▁hello', -4],
    ['▁world', -4],
    ['e', -6],
    ['a', -6],
    ['c', -6],
    ['f', -6],
    ['h', -6],
    ['l', -6],
    ['o', -6],
    ['w', -6],
    ['r', -6],
    ['d', -6],
    ['t', -6],
    ['fi', -5],
  ];
  write(
    'unigram',
    {
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: [added(0, '<unk>'), added(1, '</s>')],
      normalizer: { type: 'NFKC' },
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
        pair: [
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '</s>', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '</s>', type_id: 1 } },
        ],
        special_tokens: { '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] } },
      },
      decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      model: { type: 'Unigram', unk_id: 0, vocab, byte_fallback: false },
    },
    { eos_token: '</s>', unk_token: '<unk>', model_max_length: 512, tokenizer_class: 'T5TokenizerFast' },
  );
}
