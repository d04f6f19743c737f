// Where tokenizer.json, tokenizer_config.json and the engines that read them disagree.

import type { TokenizerFiles } from '../tokenizer-files.js';
import { componentTypes } from '../vocabulary.js';
import { tokenContent } from './config.js';
import { configOnlyTokens } from './config-only-tokens.js';
import { type Anatomy, type AnatomyWarning, TOKEN_ROLES } from './types.js';
import { plural } from '../quantities.js';

type Json = Record<string, any>;

// --- warnings --------------------------------------------------------------------------------

const ENGINES = 'the JS and Rust tokenizers engines';

function q(s: string | null): string {
  return s === null ? 'null' : `"${s}"`;
}

/** Whether tokenizer.json adds a prefix space: ByteLevel/Metaspace settings or a Prepend("▁") normalizer; null when nothing says. */
function jsonAddsPrefixSpace(json: Json): boolean | null {
  for (const c of componentTypes(json.pre_tokenizer)) {
    if (c.type === 'ByteLevel' && typeof c.add_prefix_space === 'boolean') return c.add_prefix_space;
    if (c.type === 'Metaspace') {
      if (typeof c.prepend_scheme === 'string') return c.prepend_scheme !== 'never';
      if (typeof c.add_prefix_space === 'boolean') return c.add_prefix_space;
    }
  }
  if (componentTypes(json.normalizer).some((c) => c.type === 'Prepend')) return true;
  return null;
}

/** Whether tokenizer.json behaves like legacy Llama (a "▁" prepended to every text segment, also after special tokens); null when unknown. */
function jsonLegacyLike(json: Json): boolean | null {
  if (componentTypes(json.normalizer).some((c) => c.type === 'Prepend')) return true;
  const meta = componentTypes(json.pre_tokenizer).find((c) => c.type === 'Metaspace');
  if (!meta) return null;
  if (meta.prepend_scheme === 'first') return false;
  if (meta.prepend_scheme === 'always' || meta.add_prefix_space === true) return true;
  return null;
}

function jsonLowercases(json: Json): boolean {
  return componentTypes(json.normalizer).some(
    (c) => c.type === 'Lowercase' || (c.type === 'BertNormalizer' && c.lowercase === true),
  );
}

export function warningsOf(a: Anatomy, json: Json, cfg: Json, stm: Json, files: TokenizerFiles): AnatomyWarning[] {
  const out: AnatomyWarning[] = [];
  const warn = (code: string, message: string) => out.push({ code, level: 'warning', message });
  const info = (code: string, message: string) => out.push({ code, level: 'info', message });
  const c = a.config;
  const pp = a.postProcessor;
  const ppName = `the tokenizer.json post-processor (${pp.summary})`;
  const bos = c.tokens.bos?.content ?? null;
  const eos = c.tokens.eos?.content ?? null;

  // (a) add_bos_token / add_eos_token against what the post-processor inserts.
  if (c.addBosToken === true && pp.addsBos === null) {
    warn(
      'add-bos-not-applied',
      `tokenizer_config.json sets add_bos_token: true but ${ppName} inserts no BOS, so Python transformers (Llama-family tokenizers) prepends ${q(bos)} while ${ENGINES} and tokpeek do not, and ids differ by one token.`,
    );
  } else if (c.addBosToken === false && pp.addsBos !== null) {
    warn(
      'bos-added-despite-config',
      `tokenizer_config.json sets add_bos_token: false but ${ppName} inserts ${q(pp.addsBos)}, so ${ENGINES} add it while Python transformers may not.`,
    );
  }
  if (c.addEosToken === true && pp.addsEos === null) {
    warn(
      'add-eos-not-applied',
      `tokenizer_config.json sets add_eos_token: true but ${ppName} inserts no EOS, so Python transformers (Llama-family tokenizers) appends ${q(eos)} while ${ENGINES} and tokpeek do not.`,
    );
  } else if (c.addEosToken === false && pp.addsEos !== null) {
    warn(
      'eos-added-despite-config',
      `tokenizer_config.json sets add_eos_token: false but ${ppName} appends ${q(pp.addsEos)}, so ${ENGINES} add it while Python transformers may not.`,
    );
  }

  // (b) named tokens against what the post-processor inserts and against special_tokens_map.json.
  const cls = c.tokens.cls?.content ?? null;
  const sep = c.tokens.sep?.content ?? null;
  if (bos !== null && pp.addsBos !== null && pp.addsBos !== bos && pp.addsBos !== cls) {
    warn(
      'bos-mismatch',
      `${c.tokens.bos?.from} names bos_token ${q(bos)} but ${ppName} inserts ${q(pp.addsBos)} at the start.`,
    );
  }
  if (eos !== null && pp.addsEos !== null && pp.addsEos !== eos && pp.addsEos !== sep) {
    warn(
      'eos-mismatch',
      `${c.tokens.eos?.from} names eos_token ${q(eos)} but ${ppName} inserts ${q(pp.addsEos)} at the end.`,
    );
  }
  if (bos !== null && pp.addsBos === null && c.addBosToken === null && bos !== eos) {
    warn(
      'bos-not-inserted',
      `${c.tokens.bos?.from} names bos_token ${q(bos)} but add_bos_token is not set and ${ppName} inserts nothing, so no engine (Python included) adds ${q(bos)}: prepend it yourself, or through the chat template, if the model expects it.`,
    );
  }
  if (files.config && files.specialTokensMap) {
    for (const role of TOKEN_ROLES) {
      const key = `${role}_token`;
      if (!(key in cfg) || !(key in stm)) continue;
      const inCfg = tokenContent(cfg[key]);
      const inMap = tokenContent(stm[key]);
      if (inCfg !== inMap) {
        warn(
          'special-tokens-map-mismatch',
          `tokenizer_config.json sets ${key} ${q(inCfg)} but special_tokens_map.json says ${q(inMap)}; which one Python transformers uses depends on its version, and tokpeek shows tokenizer_config.json's.`,
        );
      }
    }
  }

  // (c) sentinel model_max_length.
  if (files.config && c.modelMaxLengthUnset) {
    info(
      'max-length-unset',
      c.modelMaxLength === null
        ? 'tokenizer_config.json sets no model_max_length, so truncation needs an explicit max_length.'
        : `tokenizer_config.json sets model_max_length ${fmtSentinel(c.modelMaxLength)}, a "no limit" sentinel, so truncation needs an explicit max_length.`,
    );
  }

  // (d) config flags the JS/Rust engines ignore but Python honours.
  if (c.legacy !== null && /^(Llama|CodeLlama|T5)Tokenizer(Fast)?$/.test(c.tokenizerClass ?? '')) {
    const like = jsonLegacyLike(json);
    const what = c.legacy
      ? 'adds a "▁" to text that follows a special token'
      : 'adds no "▁" to text that follows a special token';
    if (like !== null && like !== c.legacy) {
      warn(
        'legacy-mismatch',
        `tokenizer_config.json sets legacy: ${c.legacy} for ${c.tokenizerClass}, so Python's slow tokenizer ${what}, but tokenizer.json (which ${ENGINES} follow) behaves as legacy: ${like}.`,
      );
    } else {
      info(
        'legacy-flag',
        `tokenizer_config.json sets legacy: ${c.legacy} for ${c.tokenizerClass}, which Python's slow tokenizer uses (it ${what}) and ${ENGINES} ignore${like === null ? '' : ', though tokenizer.json behaves the same way'}.`,
      );
    }
  }
  if (c.addPrefixSpace !== null) {
    const inJson = jsonAddsPrefixSpace(json);
    if ((inJson ?? false) !== c.addPrefixSpace) {
      warn(
        'add-prefix-space-mismatch',
        `tokenizer_config.json sets add_prefix_space: ${c.addPrefixSpace} but tokenizer.json ${inJson === null ? 'adds no prefix space' : `has add_prefix_space ${inJson}`}; Python transformers may rebuild the tokenizer to follow the config while ${ENGINES} follow tokenizer.json.`,
      );
    }
  }
  if (c.doLowerCase !== null && c.doLowerCase !== jsonLowercases(json)) {
    warn(
      'do-lower-case-mismatch',
      `tokenizer_config.json sets do_lower_case: ${c.doLowerCase} but the tokenizer.json normalizer (${a.normalizer.summary}) ${c.doLowerCase ? 'does not lowercase' : 'lowercases'}; Python transformers follows the config while ${ENGINES} follow tokenizer.json.`,
    );
  }
  if (c.spacesBetweenSpecialTokens !== null) {
    info(
      'spaces-between-special-tokens',
      `tokenizer_config.json sets spaces_between_special_tokens: ${c.spacesBetweenSpecialTokens}, which only Python's slow tokenizers use when decoding (they default to true) and ${ENGINES} ignore.`,
    );
  }
  if (c.splitSpecialTokens === true) {
    warn(
      'split-special-tokens',
      `tokenizer_config.json sets split_special_tokens: true, so Python transformers tokenizes special-token text such as ${q(a.addedTokens.find((t) => t.special)?.content ?? '<s>')} as ordinary text while ${ENGINES} still match it as one special token.`,
    );
  }
  if (files.config && c.cleanUpTokenizationSpaces !== false) {
    // @huggingface/tokenizers (js) reads it from tokenizer_config.json, defaulting to true; the Rust binding never cleans up.
    info(
      'clean-up-tokenization-spaces',
      c.cleanUpTokenizationSpaces === true
        ? `tokenizer_config.json sets clean_up_tokenization_spaces: true, so decoding with the JS engine and Python transformers removes spaces before punctuation such as " ." and " n't" while the Rust engine keeps them.`
        : `tokenizer_config.json does not set clean_up_tokenization_spaces, which the JS engine takes as true, so decoding with it removes spaces before punctuation such as " ." and " n't" while the Rust engine keeps them.`,
    );
  }

  // (e) named tokens that are not in the vocabulary.
  for (const role of TOKEN_ROLES) {
    const t = c.tokens[role];
    if (t && t.content !== null && t.id === null) {
      warn(
        'token-not-in-vocab',
        `${t.from} names ${role}_token ${q(t.content)} but tokenizer.json has no such token in its vocabulary or added tokens.`,
      );
    }
  }

  // (f) text that cannot be represented.
  const unigramUnk = json.model?.unk_id;
  const hasUnk = a.model.type === 'Unigram' ? typeof unigramUnk === 'number' : a.model.unkToken !== null;
  if (!hasUnk && !a.model.byteFallback && !a.model.byteLevel) {
    warn(
      'no-unk-no-byte-fallback',
      `The tokenizer.json ${a.model.type} model has no unk_token and no byte_fallback and is not byte-level, so characters outside its vocabulary are silently dropped.`,
    );
  }

  // (h) tokens only the config names: Python transformers adds them at load time.
  const configOnly = configOnlyTokens(json, files.config);
  if (configOnly.length) {
    const shown = configOnly
      .slice(0, 3)
      .map((t) => `${q(t.content)} (${t.field}${t.id !== undefined ? ` id ${t.id}` : ''})`)
      .join(', ');
    warn(
      'config-only-tokens',
      `tokenizer_config.json names ${plural(configOnly.length, 'token')} that tokenizer.json lacks: ${shown}${configOnly.length > 3 ? ', …' : ''}. Python transformers adds them when it loads the tokenizer, so a text holding one gets other ids in Python than with ${ENGINES}, which read tokenizer.json alone.`,
    );
  }

  // (g) merges format.
  if (a.model.mergesFormat === 'pairs') {
    info(
      'merges-pairs',
      'tokenizer.json stores merges as pairs (["a", "b"]), the newer format that Python tokenizers before 0.20 and older JS libraries cannot load.',
    );
  }
  return out;
}

function fmtSentinel(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : String(n);
}
