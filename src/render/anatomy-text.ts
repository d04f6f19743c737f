// `tokpeek info` as plain text: one aligned label column, no colours (a caller may add them).

import { type Anatomy, TOKEN_ROLES, type TokenRole } from '../core/anatomy/types.js';
import type { TokenizerSource } from '../core/tokenizer-files.js';
import { type BulkPath, ENGINE_PACKAGES, type EngineName } from '../core/token-model.js';

const LABEL = 12;
/** Special tokens shown inline before "(+N more)". */
const INLINE_TOKENS = 8;

/** 128256 → `128,256` (no locale dependence). */
export function groupDigits(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function line(label: string, value: string): string {
  return `${label.padEnd(LABEL - 1)} ${value}`;
}

function sourceLine(source: TokenizerSource): string {
  const where =
    source.kind === 'hf-cache'
      ? `${source.repo ?? source.spec}${source.revision ? `@${source.revision}` : ''}${source.commit ? ` (commit ${source.commit.slice(0, 12)})` : ''}`
      : source.spec;
  return `${where} (${source.kind === 'hf-cache' ? 'hf cache' : source.kind}) — ${source.path}`;
}

function engineLine(engine: string, version: string, copy?: string): string {
  if (!version) return engine;
  const from = copy === undefined ? '' : `, copy: ${copy}`;
  if (/[\s@]/.test(version)) return `${engine} (${version}${from})`;
  const pkg = ENGINE_PACKAGES[engine as EngineName];
  return pkg ? `${engine} (${pkg} ${version}${from})` : `${engine} ${version}${from ? ` (${from.slice(2)})` : ''}`;
}

function modelLine(a: Anatomy): string {
  const m = a.model;
  const parts = [m.type];
  let vocab = `vocab ${groupDigits(m.vocabSize)}`;
  if (m.addedOutsideModel > 0)
    vocab += ` (${groupDigits(m.modelVocabSize)} + ${groupDigits(m.addedOutsideModel)} added)`;
  if (m.idSpan !== m.vocabSize) vocab += `, ids 0–${groupDigits(m.idSpan - 1)}`;
  parts.push(vocab);
  if (m.merges !== null) parts.push(`${groupDigits(m.merges)} merges${m.mergesFormat ? ` (${m.mergesFormat})` : ''}`);
  if (m.unkToken !== null) parts.push(`unk ${m.unkToken}`);
  if (m.byteFallback) parts.push('byte_fallback');
  if (m.fuseUnk) parts.push('fuse_unk');
  if (m.ignoreMerges) parts.push('ignore_merges');
  if (m.continuingSubwordPrefix) parts.push(`prefix ${JSON.stringify(m.continuingSubwordPrefix)}`);
  if (m.endOfWordSuffix) parts.push(`suffix ${JSON.stringify(m.endOfWordSuffix)}`);
  if (m.dropout !== null) parts.push(`dropout ${m.dropout}`);
  if (m.maxInputCharsPerWord !== null) parts.push(`max ${groupDigits(m.maxInputCharsPerWord)} chars/word`);
  return parts.join(', ');
}

/** Width an inline token list stops growing at (after its first token). */
const INLINE_WIDTH = 88;

function tokenList(tokens: Array<{ content: string; id: number }>): string {
  const shown: string[] = [];
  let width = 0;
  for (const t of tokens.slice(0, INLINE_TOKENS)) {
    const s = `${t.content}=${t.id}`;
    if (shown.length > 0 && width + 1 + s.length > INLINE_WIDTH) break;
    shown.push(s);
    width += s.length + 1;
  }
  const more = tokens.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` … (+${groupDigits(more)} more)` : '');
}

function rolesLine(a: Anatomy): string | null {
  const parts: string[] = [];
  for (const role of TOKEN_ROLES as readonly TokenRole[]) {
    const t = a.config.tokens[role];
    if (!t) continue;
    const value = t.content === null ? 'null' : t.id === null ? `${t.content} (not in vocab)` : `${t.content}=${t.id}`;
    parts.push(`${role} ${value}${t.from === 'special_tokens_map.json' ? ' (special_tokens_map)' : ''}`);
  }
  return parts.length ? parts.join(' · ') : null;
}

function flagsLine(a: Anatomy): string | null {
  const c = a.config;
  const parts: string[] = [];
  if (c.tokenizerClass) parts.push(c.tokenizerClass);
  const flags: Array<[string, boolean | null]> = [
    ['add_bos_token', c.addBosToken],
    ['add_eos_token', c.addEosToken],
    ['legacy', c.legacy],
    ['add_prefix_space', c.addPrefixSpace],
    ['do_lower_case', c.doLowerCase],
    ['clean_up_tokenization_spaces', c.cleanUpTokenizationSpaces],
    ['spaces_between_special_tokens', c.spacesBetweenSpecialTokens],
    ['split_special_tokens', c.splitSpecialTokens],
  ];
  for (const [name, value] of flags) if (value !== null) parts.push(`${name}=${value}`);
  return parts.length ? parts.join(' · ') : null;
}

function maxLengthLine(a: Anatomy): string {
  const c = a.config;
  if (!c.present) return 'unset (no tokenizer_config.json)';
  if (c.modelMaxLength === null) return 'unset (no model_max_length)';
  if (c.modelMaxLengthUnset) {
    const e = Math.log10(c.modelMaxLength);
    return `unset (model_max_length ${Number.isInteger(e) ? `1e${e}` : c.modelMaxLength} is a sentinel)`;
  }
  return groupDigits(c.modelMaxLength);
}

export function renderAnatomy(
  a: Anatomy,
  source: TokenizerSource,
  extra: { fingerprint: string; engine: string; engineVersion: string; engineCopy?: string; bulkPath?: BulkPath },
): string {
  const out: string[] = [];
  out.push(line('tokenizer', sourceLine(source)));
  if (source.description) out.push(line('', source.description));
  out.push(line('fingerprint', extra.fingerprint));
  out.push(line('engine', engineLine(extra.engine, extra.engineVersion, extra.engineCopy)));
  out.push(
    line(
      'python',
      "AutoTokenizer runs HF's Rust tokenizers on these files: -e rust gives its ids (config flags aside: see warnings)",
    ),
  );
  if (extra.bulkPath) out.push(line('bulk path', `${extra.bulkPath.path}: ${extra.bulkPath.reason}`));
  out.push(line('model', modelLine(a)));
  out.push(line('normalizer', a.normalizer.summary));
  out.push(line('pre-tok.', a.preTokenizer.summary));
  const pp = a.postProcessor;
  out.push(line('template', `${pp.single.padEnd(Math.max(pp.single.length, 24))}  pair: ${pp.pair}`));
  out.push(line('decoder', a.decoder.summary));
  const special = a.addedTokens.filter((t) => t.special);
  const plain = a.addedTokens.filter((t) => !t.special);
  out.push(line('special', special.length ? tokenList(special) : 'none'));
  if (plain.length) out.push(line('added', `${tokenList(plain)} (not special)`));
  const roles = rolesLine(a);
  if (roles) out.push(line('roles', roles));
  const flags = flagsLine(a);
  if (flags) out.push(line('config', flags));
  if (a.truncation) out.push(line('json trunc.', `tokenizer.json truncates: ${JSON.stringify(a.truncation)}`));
  if (a.padding) out.push(line('json pad', `tokenizer.json pads: ${JSON.stringify(a.padding)}`));
  out.push(line('max length', maxLengthLine(a)));
  const c = a.config;
  out.push(
    line(
      'padding',
      `${c.paddingSide}${c.paddingSideDefaulted ? ' (default)' : ''} · truncation ${c.truncationSide}${c.truncationSideDefaulted ? ' (default)' : ''}`,
    ),
  );
  const chat = c.chatTemplate;
  out.push(
    line(
      'chat',
      !chat.present
        ? 'no template'
        : chat.names.length === 1 && chat.names[0] === 'default'
          ? 'template present'
          : `templates: ${chat.names.join(', ')}`,
    ),
  );
  if (a.warnings.length === 0) {
    out.push(line('warnings', 'none'));
  } else {
    out.push('warnings');
    for (const w of a.warnings) out.push(`  ${w.level === 'warning' ? '!' : 'i'} ${w.message} [${w.code}]`);
  }
  return out.join('\n') + '\n';
}
