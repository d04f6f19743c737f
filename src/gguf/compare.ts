// Where a GGUF file's tokenizer disagrees with the Hugging Face tokenizer it was converted
// from: the checks behind `info -t model.gguf --against org/name` and the notes of a diff
// between the two runtimes. Data in, warnings out.

import type { AnatomyWarning } from '../core/anatomy/types.js';
import { anatomyOf } from '../core/anatomy.js';
import { plural } from '../core/quantities.js';
import { componentTypes, piecesById } from '../core/vocabulary.js';
import type { TokenizerFiles } from '../core/tokenizer-files.js';
import { type GgufTokenizer, TOKEN_TYPE, addsBos } from '../core/gguf-vocabulary.js';

/**
 * The pre-tokenizer regexes of HF tokenizers and the `tokenizer.ggml.pre` values under
 * which llama.cpp applies the same split (llama-vocab.cpp). A GGUF whose HF source splits
 * with one of these regexes but names another type splits text differently.
 */
const PRE_OF_REGEX: Array<{ regex: string; pre: string[] }> = [
  {
    regex:
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    pre: ['llama-bpe', 'llama3', 'llama-v3', 'smaug-bpe', 'falcon3', 'pixtral', 'dbrx'],
  },
  {
    regex:
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    pre: ['qwen2', 'deepseek-r1-qwen', 'megrez'],
  },
  {
    regex:
      "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
    pre: ['gpt-4o', 'llama4'],
  },
];

/** The `tokenizer.ggml.pre` values llama.cpp accepts for the HF tokenizer's split, or undefined when tokpeek does not know it. */
function expectedPre(hf: TokenizerFiles): string[] | undefined {
  const split = componentTypes(hf.tokenizer.pre_tokenizer).find((c) => c.type === 'Split');
  const regex = split?.pattern?.Regex;
  if (typeof regex !== 'string') {
    const byteLevel = componentTypes(hf.tokenizer.pre_tokenizer).find((c) => c.type === 'ByteLevel');
    return byteLevel && byteLevel.use_regex !== false ? ['gpt-2', 'default'] : undefined;
  }
  return PRE_OF_REGEX.find((p) => p.regex === regex)?.pre;
}

function hfChatTemplate(hf: TokenizerFiles): string | undefined {
  const t = hf.config?.chat_template;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.find((e) => e?.name === 'default')?.template;
  return undefined;
}

const quote = (s: string | undefined) => (s === undefined ? 'none' : JSON.stringify(s));

/**
 * Warnings where llama.cpp, reading `gguf`, will not tokenize as HF does with `hf`.
 * `loadLog` is what llama.cpp said while loading the file, when it was loaded.
 */
export function compareGgufWithHf(
  gguf: GgufTokenizer,
  hf: TokenizerFiles,
  loadLog: string[] = [],
  /** Tokens llama.cpp made control tokens by their text when it loaded the file (Engine.runtimeSpecialTokens). */
  runtimeSpecial: ReadonlyArray<{ id: number; content: string }> = [],
): AnatomyWarning[] {
  const out: AnatomyWarning[] = [];
  const warn = (code: string, message: string, level: AnatomyWarning['level'] = 'warning') =>
    out.push({ code, level, message });
  const pieces = piecesById(hf.tokenizer);
  if (pieces.length !== gguf.tokens.length)
    warn(
      'vocab-size',
      `the GGUF has ${gguf.tokens.length} tokens, the HF tokenizer ${pieces.length}: ids past the shorter vocabulary mean different things`,
    );
  const differing: number[] = [];
  const n = Math.min(pieces.length, gguf.tokens.length);
  for (let id = 0; id < n; id++) {
    const p = pieces[id];
    if (p !== undefined && p !== gguf.tokens[id] && gguf.types[id] !== TOKEN_TYPE.unused) differing.push(id);
  }
  if (differing.length)
    warn(
      'token-strings',
      `${differing.length} token strings differ between the GGUF and the HF vocabulary (first: id ${differing[0]} ${quote(gguf.tokens[differing[0]!])} vs ${quote(pieces[differing[0]!])})`,
    );

  if (gguf.model === 'gpt2') {
    const hfMerges = (hf.tokenizer.model?.merges ?? []) as unknown[];
    const ggufMerges = gguf.merges?.length ?? 0;
    if (hfMerges.length !== ggufMerges)
      warn(
        'merges',
        `the GGUF has ${ggufMerges} merges, the HF tokenizer ${hfMerges.length}: words that need the missing merges split into more tokens`,
      );
    const expected = expectedPre(hf);
    if (gguf.pre === undefined)
      warn(
        'pre-missing',
        `the GGUF has no tokenizer.ggml.pre: llama.cpp falls back to its 'default' pre-tokenizer${expected ? `, where the HF tokenizer's split is '${expected[0]}'` : ''} (text splits differently; llama.cpp only logs it)`,
      );
    else if (expected && !expected.includes(gguf.pre))
      warn(
        'pre-mismatch',
        `the GGUF's tokenizer.ggml.pre is '${gguf.pre}', but the HF tokenizer's pre-tokenizer regex is llama.cpp's '${expected[0]}': text splits differently`,
      );
    else if (!expected)
      warn(
        'pre-unknown-regex',
        `tokpeek does not know which llama.cpp pre-tokenizer matches the HF tokenizer's; the GGUF says '${gguf.pre}' (compare the two with tokpeek diff)`,
        'info',
      );
  }
  if (gguf.model === 'llama' && hf.tokenizer.model?.byte_fallback === true) {
    const have = new Set(gguf.tokens);
    let lacking = 0;
    for (let b = 0; b < 256; b++) if (!have.has(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`)) lacking++;
    if (lacking)
      warn(
        'byte-tokens',
        `the HF tokenizer falls back to bytes, but the GGUF lacks ${lacking} of the 256 byte tokens (<0x00>…<0xFF>): llama.cpp aborts on a character that needs one (tokpeek shows the unknown token there)`,
      );
  }
  const hfAdded = new Set(((hf.tokenizer.added_tokens ?? []) as Array<{ id: number }>).map((t) => t.id));
  const madeSpecial = runtimeSpecial.filter((t) => !hfAdded.has(t.id));
  if (madeSpecial.length)
    warn(
      'runtime-special',
      `llama.cpp turns ${plural(madeSpecial.length, 'ordinary token')} of the vocabulary into control tokens by their text (${madeSpecial
        .slice(0, 3)
        .map((t) => `${quote(t.content)}=${t.id}`)
        .join(
          ', ',
        )}): written in text, each becomes that one special token (an end of generation, for some), where the HF tokenizer reads it as text`,
    );
  const normalizers = componentTypes(hf.tokenizer.normalizer).map((c) => String(c.type));
  if (gguf.model === 'gpt2' && normalizers.length)
    warn(
      'normalizer',
      `the HF tokenizer normalizes text first (${normalizers.join(', ')}); llama.cpp applies no normalizer to byte-level BPE: text that is not already in that form tokenizes differently`,
    );
  for (const line of loadLog)
    if (/pre-tokenizer|GENERATION QUALITY|special_eos_id|special tokens? cache/i.test(line))
      warn('llama-cpp-log', `llama.cpp said while loading: ${line}`);

  const anatomy = anatomyOf(hf);
  const hfBos =
    anatomy.postProcessor.addsBos ?? (anatomy.config.addBosToken ? anatomy.config.tokens.bos?.content : null);
  const ggufBos = addsBos(gguf) && gguf.special.bos !== undefined ? gguf.tokens[gguf.special.bos] : null;
  if ((hfBos ?? null) !== (ggufBos ?? null))
    warn(
      'bos',
      `BOS differs: the HF tokenizer ${hfBos ? `adds ${quote(hfBos)}` : 'adds no BOS'}, llama.cpp ${ggufBos ? `adds ${quote(ggufBos)}` : 'adds none'} (tokenizer.ggml.add_bos_token ${gguf.addBos ?? 'unset'})`,
    );
  const hfEos =
    anatomy.postProcessor.addsEos ?? (anatomy.config.addEosToken ? anatomy.config.tokens.eos?.content : null);
  const ggufEos = gguf.addEos && gguf.special.eos !== undefined ? gguf.tokens[gguf.special.eos] : null;
  if ((hfEos ?? null) !== (ggufEos ?? null))
    warn(
      'eos',
      `EOS differs: the HF tokenizer ${hfEos ? `appends ${quote(hfEos)}` : 'appends no EOS'}, llama.cpp ${ggufEos ? `appends ${quote(ggufEos)}` : 'appends none'}`,
    );
  const hfTemplate = hfChatTemplate(hf);
  if (hfTemplate !== gguf.chatTemplate) {
    const what =
      hfTemplate === undefined
        ? 'the GGUF has a chat template, the HF tokenizer none'
        : gguf.chatTemplate === undefined
          ? 'the HF tokenizer has a chat template, the GGUF none (llama.cpp falls back to guessing one)'
          : 'the chat templates differ';
    warn('chat-template', what);
  }
  return out;
}
