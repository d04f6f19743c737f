// The anatomy of a tokenizer at a glance (`tokpeek info`): what its files say it does,
// and where the files and the engines that read them disagree. Pure: data in, data out.

import type { TokenizerFiles } from './tokenizer-files.js';
import { configOf } from './anatomy/config.js';
import { addedTokensOf, modelOf, vocabIdOf, vocabIndex } from './anatomy/model.js';
import { postProcessorOf } from './anatomy/post-processor.js';
import { rawOf, summarize } from './anatomy/summaries.js';
import type { AddedTokenEntry, Anatomy } from './anatomy/types.js';
import { warningsOf } from './anatomy/warnings.js';

export type {
  AddedTokenEntry,
  Anatomy,
  AnatomyWarning,
  ConfigAnatomy,
  ModelAnatomy,
  PostProcessorAnatomy,
  RoleToken,
  StageAnatomy,
  TokenRole,
  WarningLevel,
} from './anatomy/types.js';

type Json = Record<string, any>;
// ---------------------------------------------------------------------------------------------

/** The id of a token's content: an added token's, else the model vocabulary's. */
function idLookup(added: AddedTokenEntry[], vocabId: (content: string) => number | undefined) {
  return (content: string): number | null => {
    const token = added.find((t) => t.content === content);
    return token ? token.id : (vocabId(content) ?? null);
  };
}

/**
 * The parts of the anatomy a bulk run reads (config, post-processor, normaliser), without
 * what indexing a 200k vocabulary costs (the model's counts, the warnings).
 */
export function setupOf(files: TokenizerFiles): Pick<Anatomy, 'config' | 'postProcessor'> & {
  normalizer: Pick<Anatomy['normalizer'], 'summary'>;
} {
  const json = files.tokenizer ?? {};
  return {
    config: configOf(files, idLookup(addedTokensOf(json), vocabIdOf(json.model ?? {}))),
    postProcessor: postProcessorOf(json.post_processor),
    normalizer: { summary: summarize(json.normalizer, 'normalizer') },
  };
}

export function anatomyOf(files: TokenizerFiles): Anatomy {
  const json = files.tokenizer ?? {};
  const cfg: Json = files.config ?? {};
  const stm: Json = files.specialTokensMap ?? {};

  const addedTokens = addedTokensOf(json);
  const vocab = vocabIndex(json.model ?? {});
  const model = modelOf(json, vocab, addedTokens);
  const postProcessor = postProcessorOf(json.post_processor);
  const config = configOf(files, idLookup(addedTokens, vocab.idOf));
  const special = addedTokens.filter((t) => t.special).length;

  const anatomy: Anatomy = {
    model,
    normalizer: { summary: summarize(json.normalizer, 'normalizer'), raw: rawOf(json.normalizer) },
    preTokenizer: { summary: summarize(json.pre_tokenizer, 'pre_tokenizer'), raw: rawOf(json.pre_tokenizer) },
    postProcessor,
    decoder: { summary: summarize(json.decoder, 'decoder'), raw: rawOf(json.decoder) },
    addedTokens,
    counts: {
      added: addedTokens.length,
      special,
      nonSpecial: addedTokens.length - special,
      addedOutsideModel: model.addedOutsideModel,
    },
    truncation: json.truncation ?? null,
    padding: json.padding ?? null,
    config,
    warnings: [],
  };
  // Warnings before information; otherwise in the order they are checked.
  const found = warningsOf(anatomy, json, cfg, stm, files);
  anatomy.warnings = [...found.filter((w) => w.level === 'warning'), ...found.filter((w) => w.level === 'info')];
  return anatomy;
}
