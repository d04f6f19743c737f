// What changed between two versions of a tokenizer's files, by section of tokenizer.json
// (normalizer, pre_tokenizer, model parameters, vocabulary, merges, added_tokens,
// post_processor, decoder) and by field of tokenizer_config.json, and what that means for
// engines that read only some of those files.
//
// Snapshot headers keep a digest of each section (tokenizer-digest.ts), so `check` can name what
// changed without the old files (compareDigests here); `diff`, which has both, says how
// (tokenizer-file-changes.ts).

import type { TokenizerDigest } from './tokenizer-digest.js';

export interface SectionChange {
  file: 'tokenizer.json' | 'tokenizer_config.json' | 'special_tokens_map.json';
  /** `normalizer`, `model.vocab`, `add_bos_token`... */
  section: string;
  change: 'changed' | 'added' | 'removed';
  before?: string;
  after?: string;
  /** Counts and examples for vocabularies, merges and added tokens. */
  detail?: string;
  /** What the section or field does, so a reader knows what its change can move (see sectionMeaning). */
  meaning?: string;
  counts?: Record<string, number>;
}

export interface TokenizerChange {
  sections: SectionChange[];
  /** The files' fingerprints differ but no section does: rewritten in an equivalent form. */
  equivalentRewrite: boolean;
  warnings: string[];
}

export const SECTION_FILE = (name: string): SectionChange['file'] =>
  name === 'special_tokens_map' ? 'special_tokens_map.json' : 'tokenizer.json';

/**
 * tokenizer_config.json flags that the engines reading tokenizer.json (js, rust, tiktoken)
 * ignore and Python transformers honours; `transformersJs` is what transformers.js (the
 * transformers engine) does with it: false where measured to ignore it (4.3: no id changes).
 */
const CONFIG_FLAGS: Record<string, { python: string; transformersJs?: false; llamaCpp?: string }> = {
  add_bos_token: {
    python: 'Python transformers honours it for Llama-family fast tokenizers',
    transformersJs: false,
    llamaCpp: "llama.cpp follows the GGUF's tokenizer.ggml.add_bos_token, which converters copy from this flag",
  },
  add_eos_token: {
    python: 'Python transformers honours it for Llama-family fast tokenizers',
    transformersJs: false,
    llamaCpp: "llama.cpp follows the GGUF's tokenizer.ggml.add_eos_token, which converters copy from this flag",
  },
  legacy: { python: 'Python transformers honours it (Llama/T5 spaces after special tokens)', transformersJs: false },
  add_prefix_space: { python: 'Python transformers honours it (it rebuilds the pre-tokenizer)' },
  do_lower_case: { python: 'Python transformers honours it (it rebuilds the normalizer)' },
  split_special_tokens: { python: 'Python transformers honours it' },
};

/** What each tokenizer.json section and common tokenizer_config.json field does. */
const MEANINGS: Record<string, string> = {
  normalizer: 'rewrites the text before anything else (case, accents, Unicode form): ids of any text it touches',
  pre_tokenizer: 'splits the text into pieces the model never merges across: token boundaries',
  model: "the model's parameters (unknown token, byte fallback, subword prefixes): which tokens pieces become",
  'model.vocab': 'the token strings and their ids: the ids themselves',
  'model.merges': 'the BPE merges and their order: how characters group into tokens',
  added_tokens:
    'tokens matched in the text before the model runs: lstrip/rstrip/single_word/normalized decide where they match, the special flag what decode with skip_special_tokens drops',
  post_processor: 'the special tokens put around each text (BOS/EOS, CLS/SEP) and their offsets',
  decoder: 'turns ids back into text: what decode returns, never the ids',
  truncation: 'the truncation engines apply when the caller sets none',
  padding: 'the padding engines apply when the caller sets none',
  special_tokens_map: 'names the bos/eos/unk/pad tokens for Python transformers',
  clean_up_tokenization_spaces:
    'decode removes the spaces before punctuation and contractions (" ." " n\'t"): @huggingface/tokenizers, transformers.js and Python transformers honour it, the Rust binding alone does not',
  add_bos_token: 'whether Python transformers adds the BOS token (Llama-family fast tokenizers)',
  add_eos_token: 'whether Python transformers adds the EOS token (Llama-family fast tokenizers)',
  legacy: 'Python transformers: how Llama/T5 tokenizers treat the space after a special token',
  add_prefix_space: 'Python transformers rebuilds the pre-tokenizer to add a space before the first word',
  do_lower_case: 'Python transformers rebuilds the normalizer to lowercase (or not)',
  split_special_tokens: 'Python transformers: whether special-token strings in the text are split like text',
  model_max_length: 'the length Python truncates to with truncation=True and no max_length',
  padding_side: 'which end Python pads',
  truncation_side: 'which end Python truncates',
  chat_template: 'how apply_chat_template renders conversations into text',
  added_tokens_decoder: 'tokens Python transformers adds at load time, with their special flags',
  additional_special_tokens:
    'more tokens Python transformers treats as special (decode with skip_special_tokens drops them)',
  extra_special_tokens: 'named special tokens Python transformers adds at load time',
  tokenizer_class: 'which Python class loads the tokenizer (its defaults and flags)',
  bos_token: 'which token Python transformers uses as BOS',
  eos_token: 'which token Python transformers uses as EOS (and generation stops on)',
  unk_token: 'which token Python transformers uses as unknown',
  pad_token: 'which token Python transformers pads with',
};

/** The change with what its section or field does, when known. */
export function withMeaning(change: SectionChange): SectionChange {
  const meaning = MEANINGS[change.section];
  return meaning === undefined ? change : { ...change, meaning };
}

export function configWarnings(changes: SectionChange[], engine: string | undefined): string[] {
  const out: string[] = [];
  for (const c of changes) {
    const flag = CONFIG_FLAGS[c.section];
    if (c.file !== 'tokenizer_config.json' || !flag) continue;
    const what = `tokenizer_config.json ${c.section} changed (${c.before ?? 'unset'} → ${c.after ?? 'unset'})`;
    const bosEos =
      c.section === 'add_bos_token' || c.section === 'add_eos_token'
        ? ` and now ${c.after === 'true' ? 'adds' : 'no longer adds'} the ${c.section === 'add_bos_token' ? 'BOS' : 'EOS'} token: a model trained with transformers sees different ids`
        : ': ids produced in Python may differ';
    const used = engine ?? 'js';
    let here: string;
    if (used === 'transformers')
      here =
        flag.transformersJs === false
          ? 'transformers.js (the transformers engine here) ignores it, so these snapshots do not show it'
          : 'transformers.js (the transformers engine here) may or may not: the samples above show what it does';
    else if (used === 'llama.cpp' && flag.llamaCpp) here = `${flag.llamaCpp}; these snapshots show the GGUF's value`;
    else here = `the ${used} engine ignores this flag (it reads tokenizer.json only), so these snapshots do not change`;
    out.push(
      `${what}: ${here}. ${flag.python}${bosEos}. js and rust read tokenizer.json only` +
        (flag.transformersJs === false ? ', transformers.js ignores it too' : '') +
        '; to pin what Python sees, check against ids from Python (`tokpeek check --expected FILE`).',
    );
  }
  return out;
}

/** Section-level changes from two header digests (what `check` knows without the old files). */
export function compareDigests(
  before: TokenizerDigest,
  after: TokenizerDigest,
  options: { fingerprintChanged: boolean; engine?: string },
): TokenizerChange {
  const sections: SectionChange[] = [];
  const oldSections = new Map(before.sections);
  const stageOld = new Map(before.stages);
  const stageNew = new Map(after.stages);
  const stageOf = (name: string) => (name === 'model.vocab' || name === 'model.merges' ? 'model' : name);
  for (const [name, d] of after.sections) {
    const was = oldSections.get(name);
    oldSections.delete(name);
    if (was === d) continue;
    const s: SectionChange = {
      file: SECTION_FILE(name),
      section: name,
      change: was === undefined ? 'added' : 'changed',
    };
    const b = stageOld.get(stageOf(name));
    const a = stageNew.get(stageOf(name));
    if (b !== undefined && a !== undefined && b !== a) Object.assign(s, { before: b, after: a });
    sections.push(s);
  }
  for (const name of oldSections.keys()) sections.push({ file: SECTION_FILE(name), section: name, change: 'removed' });
  const oldCfg = new Map(before.config);
  for (const [k, v] of after.config) {
    const was = oldCfg.get(k);
    oldCfg.delete(k);
    if (was === v) continue;
    sections.push({
      file: 'tokenizer_config.json',
      section: k,
      change: was === undefined ? 'added' : 'changed',
      ...(was !== undefined ? { before: was } : {}),
      after: v,
    });
  }
  for (const [k, v] of oldCfg)
    sections.push({ file: 'tokenizer_config.json', section: k, change: 'removed', before: v });
  return {
    sections: sections.map(withMeaning),
    equivalentRewrite: options.fingerprintChanged && sections.length === 0,
    warnings: configWarnings(sections, options.engine),
  };
}
