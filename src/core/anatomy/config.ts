// tokenizer_config.json and special_tokens_map.json: special tokens by role, max length,
// sides, and the flags only Python transformers reads.

import type { TokenizerFiles } from '../tokenizer-files.js';
import { type ConfigAnatomy, MAX_LENGTH_SENTINEL, type RoleToken, TOKEN_ROLES, type TokenRole } from './types.js';

type Json = Record<string, any>;

// --- tokenizer_config.json / special_tokens_map.json ------------------------------------------

/** A token value from a config file: a string, `{content: ...}` (AddedToken), or null. */
export function tokenContent(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Json).content === 'string') return (v as Json).content;
  return null;
}

function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

export function configOf(files: TokenizerFiles, idOf: (content: string) => number | null): ConfigAnatomy {
  const cfg: Json = files.config ?? {};
  const stm: Json = files.specialTokensMap ?? {};
  const tokens: Partial<Record<TokenRole, RoleToken>> = {};
  for (const role of TOKEN_ROLES) {
    const key = `${role}_token`;
    const from = key in cfg ? 'tokenizer_config.json' : key in stm ? 'special_tokens_map.json' : null;
    if (!from) continue;
    const content = tokenContent(from === 'tokenizer_config.json' ? cfg[key] : stm[key]);
    tokens[role] = { content, from, id: content === null ? null : idOf(content) };
  }
  const extra = cfg.additional_special_tokens ?? stm.additional_special_tokens;
  const additionalSpecialTokens = Array.isArray(extra)
    ? extra.map(tokenContent).filter((t): t is string => t !== null)
    : [];

  const mml = typeof cfg.model_max_length === 'number' ? cfg.model_max_length : null;
  const ct = cfg.chat_template;
  let chatTemplate = { present: false, names: [] as string[] };
  if (typeof ct === 'string' && ct.length > 0) chatTemplate = { present: true, names: ['default'] };
  else if (Array.isArray(ct) && ct.length > 0) {
    chatTemplate = { present: true, names: ct.map((t: Json, i) => (typeof t?.name === 'string' ? t.name : `#${i}`)) };
  }
  const side = (v: unknown) => (typeof v === 'string' ? v : null);

  return {
    present: files.config !== undefined,
    specialTokensMapPresent: files.specialTokensMap !== undefined,
    tokens,
    additionalSpecialTokens,
    addBosToken: bool(cfg.add_bos_token),
    addEosToken: bool(cfg.add_eos_token),
    modelMaxLength: mml,
    modelMaxLengthUnset: mml === null || mml >= MAX_LENGTH_SENTINEL,
    paddingSide: side(cfg.padding_side) ?? 'right',
    paddingSideDefaulted: side(cfg.padding_side) === null,
    truncationSide: side(cfg.truncation_side) ?? 'right',
    truncationSideDefaulted: side(cfg.truncation_side) === null,
    chatTemplate,
    tokenizerClass: typeof cfg.tokenizer_class === 'string' ? cfg.tokenizer_class : null,
    cleanUpTokenizationSpaces: bool(cfg.clean_up_tokenization_spaces),
    legacy: bool(cfg.legacy),
    addPrefixSpace: bool(cfg.add_prefix_space),
    doLowerCase: bool(cfg.do_lower_case),
    spacesBetweenSpecialTokens: bool(cfg.spaces_between_special_tokens),
    splitSpecialTokens: bool(cfg.split_special_tokens),
  };
}
