// An OpenAI encoding as a Hugging Face tokenizer.json, built from tiktoken's own ranks (the
// `tiktoken` package ships them in encoders/*.json) the way HF's TikTokenConverter and
// Xenova's converted files do: byte-level BPE whose vocabulary is the ranks, merges derived
// from them (every split of a token into two tokens, ordered by the rank of the token they
// make), the encoding's regex as a Split pre-tokenizer, its special tokens as added tokens.
// Laid out as the bundled gpt4o conversion is. No converted cl100k tokenizer.json ships here,
// and bundling 9 MB for one test is not worth it: it is built where the test needs it.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { byteToChar } from '../../src/core/byte-level.js';

interface TiktokenEncoder {
  pat_str: string;
  special_tokens: Record<string, number>;
  /** Lines of `! FIRST_RANK token token …` (base64 tokens). */
  bpe_ranks: string;
}

/** Token bytes (as latin1 strings, one char per byte) → rank, from tiktoken's compact format. */
function ranksOf(encoder: TiktokenEncoder): Map<string, number> {
  const ranks = new Map<string, number>();
  // Lines of `! FIRST_RANK token token …`, each token base64, ranks consecutive from FIRST_RANK.
  for (const line of encoder.bpe_ranks.split('\n')) {
    const [, first, ...tokens] = line.split(' ');
    let rank = Number(first);
    for (const b64 of tokens) ranks.set(Buffer.from(b64, 'base64').toString('latin1'), rank++);
  }
  return ranks;
}

const byteLevel = (latin1: string) => Array.from(latin1, (c) => byteToChar(c.charCodeAt(0))).join('');

export interface TiktokenToHfOptions {
  /**
   * Also list the special tokens in the model's vocabulary, at their ids (as Xenova's files and
   * the bundled gpt4o do). Without it they are added tokens only, as HF's TikTokenConverter
   * adds them, and the Rust tokenizers renumber them from the vocabulary's size when they load
   * the file: cl100k has a hole at 100256, so `<|endoftext|>` (100257) comes out 100256.
   */
  specialsInVocab?: boolean;
}

export function tiktokenToHf(
  name: 'cl100k_base' | 'o200k_base',
  { specialsInVocab = true }: TiktokenToHfOptions = {},
): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  const encoder = require(`tiktoken/encoders/${name}.json`) as TiktokenEncoder;
  const ranks = ranksOf(encoder);
  const vocab: Record<string, number> = {};
  const merges: Array<[string, string, number, number, number]> = [];
  for (const [token, rank] of ranks) {
    vocab[byteLevel(token)] = rank;
    const local: typeof merges = [];
    for (let i = 1; i < token.length; i++) {
      const left = ranks.get(token.slice(0, i));
      const right = ranks.get(token.slice(i));
      if (left !== undefined && right !== undefined) local.push([token.slice(0, i), token.slice(i), rank, left, right]);
    }
    local.sort((a, b) => a[3] - b[3] || a[4] - b[4]);
    merges.push(...local);
  }
  merges.sort((a, b) => a[2] - b[2]);
  if (specialsInVocab) for (const [content, id] of Object.entries(encoder.special_tokens)) vocab[content] = id;
  const added = Object.entries(encoder.special_tokens).map(([content, id]) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.sort((a, b) => a.id - b.id),
    normalizer: null,
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: encoder.pat_str }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: merges.map(([l, r]) => `${byteLevel(l)} ${byteLevel(r)}`),
    },
  };
}

/** Writes `<folder>/tokenizer.json` for the encoding (and returns the folder). */
export function writeTiktokenAsHf(
  name: 'cl100k_base' | 'o200k_base',
  folder: string,
  options: TiktokenToHfOptions = {},
): string {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'tokenizer.json'), JSON.stringify(tiktokenToHf(name, options)));
  return folder;
}
