// HF's Rust `tokenizers` through its Node binding: the implementation Python training code runs.

import type { Engine, EngineInput } from './engine.js';
import { findEnginePackage, importEnginePackage } from './engine-package.js';
import { TokpeekError } from '../errors.js';
import { codePointIndex } from '../core/code-points.js';
import { cleanUpTokenization } from '../core/drift/decode.js';

export async function createRustEngine({ tokenizerPath, project, files }: EngineInput): Promise<Engine> {
  const copy = findEnginePackage('tokenizers', project);
  let binding: typeof import('tokenizers');
  try {
    if (!copy) throw new Error('the tokenizers package is not installed');
    binding = await importEnginePackage(copy);
  } catch (e) {
    throw new TokpeekError(
      `the rust engine is unavailable: ${(e as Error).message.split('\n')[0]}`,
      undefined,
      'Reinstall with `npm install` or choose `--engine js`.',
    );
  }
  const version = copy.version;
  const tokenizer = binding.Tokenizer.fromFile(tokenizerPath);
  return {
    name: 'rust',
    label: `tokenizers ${version} (Rust)`,
    version,
    copy,
    bulkPath: { path: 'engine', reason: "the Rust binding's encodeBatch (its own threads)" },
    async encodeBatch(texts, addSpecialTokens) {
      if (texts.length === 0) return [];
      const encodings = await tokenizer.encodeBatch(texts, { addSpecialTokens });
      return encodings.map((enc, i) => {
        const text = texts[i]!;
        // The Rust binding reports offsets in code points; tokpeek's model uses UTF-16 units.
        const toUtf16 = codePointIndex(text).toUnit;
        const mask = enc.getSpecialTokensMask();
        const offsets = enc.getOffsets().map(([s, e]): [number, number] => [toUtf16(s!), toUtf16(e!)]);
        // The special-tokens mask also marks added special tokens found in the text; those have a span.
        const inserted = mask.map((m, j) => m === 1 && offsets[j]![0] === offsets[j]![1]);
        const words = enc.getWordIds().map((w) => w ?? -1);
        return { ids: enc.getIds(), pieces: enc.getTokens(), offsets, inserted, words };
      });
    },
    async decode(ids) {
      return tokenizer.decode(ids, false);
    },
    // The binding reads tokenizer.json only; Python transformers' fast tokenizer cleans up its
    // decode when tokenizer_config.json says clean_up_tokenization_spaces: true.
    async decodeAsUsed(ids, skip) {
      const text = await tokenizer.decode(ids, skip);
      return files.config?.clean_up_tokenization_spaces === true ? cleanUpTokenization(text) : text;
    },
  };
}
