// AutoTokenizer from @huggingface/transformers, loaded only when asked for: an optional peer
// dependency (its ONNX runtimes, 430 MB, are never used here; a checkout replaces them with
// test/install-stubs).

import path from 'node:path';
import type { RawEncoding } from '../core/token-model.js';
import type { Engine, EngineInput } from './engine.js';
import { JsOffsetTokenizer } from './js-offsets.js';
import { offsetsFromPieces } from './byte-offsets.js';
import { Vocabulary } from '../core/vocabulary.js';
import { sameSequence } from '../core/same-sequence.js';
import { TokpeekError } from '../errors.js';
import { findEnginePackage, importEnginePackage } from './engine-package.js';

export async function createTransformersEngine({ files, folder, project }: EngineInput): Promise<Engine> {
  const copy = findEnginePackage('@huggingface/transformers', project);
  let lib: any;
  try {
    if (!copy) throw new Error('not installed');
    lib = await importEnginePackage(copy);
  } catch (e) {
    // An optional peer: not in a default install, since it pulls 430 MB of ONNX runtimes.
    throw new TokpeekError(
      copy
        ? `the transformers engine is unavailable: ${(e as Error).message.split('\n')[0]}`
        : 'the transformers engine needs @huggingface/transformers, which is not installed beside tokpeek',
      undefined,
      'Install it where tokpeek is (`npm install -g @huggingface/transformers --onnxruntime-node-install=skip` for a global tokpeek; the flag skips an ONNX download tokenizers never use), or choose `--engine js`.',
    );
  }
  const version = copy.version;
  lib.env.allowRemoteModels = false;
  lib.env.allowLocalModels = true;
  lib.env.localModelPath = path.dirname(folder) + path.sep;
  const tokenizer = await lib.AutoTokenizer.from_pretrained(path.basename(folder));
  // transformers.js wraps a @huggingface/tokenizers Tokenizer; replaying it gives offsets.
  const replay = tokenizer._tokenizer ? new JsOffsetTokenizer(tokenizer._tokenizer, files.tokenizer) : undefined;
  let vocabulary: Vocabulary | undefined;
  return {
    name: 'transformers',
    label: `@huggingface/transformers ${version}`,
    version,
    copy,
    async encodeBatch(texts, addSpecialTokens) {
      return texts.map((text): RawEncoding => {
        const ids: number[] = tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
        const pieces: string[] = tokenizer.convert_ids_to_tokens
          ? tokenizer.convert_ids_to_tokens(ids)
          : tokenizer._tokenizer
            ? ids.map((id) => tokenizer._tokenizer.id_to_token(id))
            : ids.map((id) => (vocabulary ??= new Vocabulary(files.tokenizer)).pieceOf(id));
        if (!replay) {
          // transformers.js 3 has its own pipeline (no inner @huggingface/tokenizers to replay).
          vocabulary ??= new Vocabulary(files.tokenizer);
          const inserted = insertedOf(ids, tokenizer.encode(text, { add_special_tokens: false }), addSpecialTokens);
          return { ids, pieces, inserted, offsets: offsetsFromPieces(text, { ids, pieces, inserted }, vocabulary) };
        }
        // Usually the inner tokenizer's own post-processing gives the very same ids.
        const same = replay.encode(text, addSpecialTokens);
        if (sameSequence(same.ids, ids)) return { ...same, ids, pieces };
        return { ids, pieces, ...offsetsFor(replay.encode(text, false), ids) };
      });
    },
    async decode(ids) {
      return tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    },
    // The inner tokenizer's pipeline is transformers.js's own: its pre-tokens are evidence for
    // the drift classifier wherever the replay gives transformers.js's ids for the text.
    evidence(text) {
      if (!replay) return undefined;
      const own: number[] = tokenizer.encode(text, { add_special_tokens: false });
      return sameSequence(replay.encode(text, false).ids, own) ? replay.evidence(text) : undefined;
    },
    async decodeAsUsed(ids, skip) {
      return ids.length ? tokenizer.decode(ids, { skip_special_tokens: skip }) : '';
    },
  };
}

/**
 * transformers.js may add tokens around what its inner tokenizer produced (a BOS that
 * tokenizer_config.json asks for, say). Offsets come from the inner tokenizer's run of
 * content tokens where it appears whole; everything else was inserted.
 */
function offsetsFor(content: RawEncoding | undefined, ids: number[]): Pick<RawEncoding, 'offsets' | 'inserted'> {
  const at = content ? indexOfRun(ids, content.ids) : -1;
  const offsets = ids.map((_, i): [number, number] =>
    content && at >= 0 && i >= at && i < at + content.ids.length ? [...content.offsets![i - at]!] : [0, 0],
  );
  const inserted = ids.map((_, i) => at < 0 || i < at || i >= at + (content?.ids.length ?? 0));
  return { offsets, inserted };
}

/** Tokens around the run of `content` (what encoding without specials gives) were inserted. */
function insertedOf(ids: number[], content: number[], added: boolean): boolean[] {
  const at = added ? indexOfRun(ids, content) : 0;
  return ids.map((_, i) => at < 0 || i < at || i >= at + content.length);
}

function indexOfRun(haystack: number[], needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
