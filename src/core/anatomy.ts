// The anatomy of a tokenizer at a glance (`tokpeek info`): what its files say it does,
// and where the files and the engines that read them disagree. Pure: data in, data out.

import type { TokenizerFiles } from './tokenizer-files.js';
import { configOf } from './anatomy/config.js';
import { addedTokensOf, modelOf, vocabIndex } from './anatomy/model.js';
import { postProcessorOf } from './anatomy/post-processor.js';
import { rawOf, summarize } from './anatomy/summaries.js';
import type { Anatomy } from './anatomy/types.js';
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

export function anatomyOf(files: TokenizerFiles): Anatomy {
  const json = files.tokenizer ?? {};
  const cfg: Json = files.config ?? {};
  const stm: Json = files.specialTokensMap ?? {};

  const addedTokens = addedTokensOf(json);
  const vocab = vocabIndex(json.model ?? {});
  const model = modelOf(json, vocab, addedTokens);
  const idOf = (content: string): number | null => {
    const added = addedTokens.find((t) => t.content === content);
    return added ? added.id : (vocab.idOf(content) ?? null);
  };

  const postProcessor = postProcessorOf(json.post_processor);
  const config = configOf(files, idOf);
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
