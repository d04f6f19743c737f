// Tokenizers that use the post-processors and added-token options of HF's Rust implementation
// that the bundled files do not, built on real vocabularies (so merges produce real multi-byte
// tokens): a RoBERTa-style byte-level BPE, a byte-level post-processor that trims offsets, a
// BERT processor, and added tokens with lstrip / rstrip / single_word / normalized. Written to
// a temp folder once per process; the differential test checks each against the Rust binding.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './run-cli.js';
import { type Json, editedCopy } from './fixture-tokenizers.js';

const BUNDLED = (name: string) => path.join(ROOT, 'src', 'bundled', name);

const addedToken = (id: number, content: string, options: Partial<Record<string, boolean>> = {}): Json => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
  ...options,
});

function nextId(t: Json): number {
  const vocab = t.model.vocab;
  let max = Array.isArray(vocab) ? vocab.length - 1 : -1;
  if (!Array.isArray(vocab)) for (const id of Object.values(vocab as Record<string, number>)) if (id > max) max = id;
  for (const a of t.added_tokens) if (a.id > max) max = a.id;
  return max + 1;
}

/** Literal added-token strings of the variants, for samples that write them with spaces around. */
export const VARIANT_LITERALS = [
  '<s>',
  '</s>',
  '<mask>',
  '<|tool|>',
  '<|note|>',
  '[E1]',
  '<ent>',
  '[MASK]',
  'hello world',
];

const VARIANTS: Record<string, { from: string; edit: (t: Json) => void }> = {
  // GPT-2/RoBERTa: ByteLevel with add_prefix_space, RobertaProcessing with trim_offsets, <mask> lstrip.
  roberta: {
    from: 'gpt4o',
    edit: (t) => {
      // As in RoBERTa's files, the special tokens are also in the model's vocabulary.
      const n = nextId(t);
      t.added_tokens.push(
        addedToken(n, '<s>'),
        addedToken(n + 1, '</s>'),
        addedToken(n + 2, '<pad>'),
        addedToken(n + 3, '<mask>', { lstrip: true }),
      );
      ['<s>', '</s>', '<pad>', '<mask>'].forEach((c, i) => (t.model.vocab[c] = n + i));
      t.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
      t.post_processor = {
        type: 'RobertaProcessing',
        sep: ['</s>', n + 1],
        cls: ['<s>', n],
        trim_offsets: true,
        add_prefix_space: true,
      };
      t.decoder = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
    },
  },
  // Llama 3's pipeline with a trimming ByteLevel post-processor and added tokens that eat spaces.
  'bytelevel-trim': {
    from: 'llama3',
    edit: (t) => {
      const n = nextId(t);
      t.added_tokens.push(
        addedToken(n, '<|tool|>', { lstrip: true, rstrip: true }),
        addedToken(n + 1, '<|note|>', { single_word: true, special: false }),
        addedToken(n + 2, 'hello world', { normalized: true, special: false }),
      );
      t.post_processor = { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
    },
  },
  // BERT: BertProcessing, [MASK] lstrip, added tokens matched on the normalized (lowercased) text.
  bert: {
    from: 'wordpiece-en',
    edit: (t) => {
      const n = nextId(t);
      const ids = Object.fromEntries(t.added_tokens.map((a: Json) => [a.content, a.id]));
      for (const a of t.added_tokens) if (a.content === '[MASK]') a.lstrip = true;
      t.added_tokens.push(
        addedToken(n, '[E1]', { rstrip: true }),
        addedToken(n + 1, '<ent>', { normalized: true, single_word: true, special: false }),
      );
      t.post_processor = { type: 'BertProcessing', sep: ['[SEP]', ids['[SEP]']], cls: ['[CLS]', ids['[CLS]']] };
    },
  },
};

let made: Array<{ name: string; folder: string }> | undefined;

/** The variant tokenizers, written once per process. */
export function variantTokenizers(): Array<{ name: string; folder: string }> {
  if (made) return made;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-variants-'));
  made = Object.entries(VARIANTS).map(([name, v]) => ({
    name,
    folder: editedCopy(BUNDLED(v.from), { tokenizer: v.edit }, path.join(root, name)),
  }));
  return made;
}
