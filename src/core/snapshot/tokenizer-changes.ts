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
    sections,
    equivalentRewrite: options.fingerprintChanged && sections.length === 0,
    warnings: configWarnings(sections, options.engine),
  };
}
