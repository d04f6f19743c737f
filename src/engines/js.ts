// The default engine: @huggingface/tokenizers, what transformers.js applications run.

import { Tokenizer } from '@huggingface/tokenizers';
import type { Engine, EngineInput } from './engine.js';
import { MemoEncoder } from './js-fast.js';
import { JsOffsetTokenizer } from './js-offsets.js';
import { packageVersion } from '../package-info.js';

const version = packageVersion('@huggingface/tokenizers');

export function createJsEngine({ files }: EngineInput): Engine {
  const tokenizer = new Tokenizer(files.tokenizer, files.config ?? {});
  const withOffsets = new JsOffsetTokenizer(tokenizer, files.tokenizer);
  const { prefix, suffix } = withOffsets.template;
  const insertedMask = (n: number, added: boolean): boolean[] => {
    const mask = new Array<boolean>(n).fill(false);
    if (added) for (let i = 0; i < n; i++) if (i < prefix || i >= n - suffix) mask[i] = true;
    return mask;
  };
  // Without offsets (bulk statistics, snapshots), the memo path when it covers this tokenizer.
  const { encoder: memo, path: bulkPath } = MemoEncoder.plan(tokenizer, files.tokenizer, withOffsets.template);
  const engineEncode = (text: string, addSpecialTokens: boolean) => {
    const { ids, tokens } = tokenizer.encode(text, { add_special_tokens: addSpecialTokens });
    return { ids, pieces: tokens, inserted: insertedMask(ids.length, addSpecialTokens) };
  };
  return {
    name: 'js',
    label: `@huggingface/tokenizers ${version}`,
    version,
    bulkPath,
    async encodeBatch(texts, addSpecialTokens, options) {
      if (options?.offsets === false)
        return texts.map((text) => memo?.encode(text, addSpecialTokens) ?? engineEncode(text, addSpecialTokens));
      return texts.map((text) => withOffsets.encode(text, addSpecialTokens));
    },
    evidence: (text) => withOffsets.evidence(text),
    async decode(ids) {
      return ids.length === 0
        ? ''
        : tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    },
  };
}

/** The library's own encode, without offsets: the baseline the differential test and benchmarks compare with. */
export function bareJsTokenizer(input: EngineInput): Tokenizer {
  return new Tokenizer(input.files.tokenizer, input.files.config ?? {});
}
