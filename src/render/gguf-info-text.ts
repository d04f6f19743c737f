// `tokpeek info -t model.gguf` as plain text: the GGUF's tokenizer metadata as llama.cpp reads
// it, and (with --against) where it departs from an HF tokenizer.

import type { AnatomyWarning } from '../core/anatomy/types.js';
import type { TokenizerSource } from '../core/tokenizer-files.js';
import { type GgufTokenizer, SPECIAL_ROLES, TOKEN_TYPE, addsBos } from '../core/gguf-vocabulary.js';
import { groupDigits } from './anatomy-text.js';

const LABEL = 14;
const line = (label: string, value: string) => `${label.padEnd(LABEL - 1)} ${value}`;
const SHOWN_ROLE: Record<string, string> = { unknown: 'unk', padding: 'pad', seperator: 'sep' };

export interface GgufInfo {
  gguf: GgufTokenizer;
  source: TokenizerSource;
  fingerprint: string;
  engineVersion: string;
  /** Where the GGUF departs from the HF tokenizer given with --against, and llama.cpp's load warnings. */
  warnings: AnatomyWarning[];
  against?: { spec: string; canaries: { total: number; differing: string[] } };
}

function typeCounts(g: GgufTokenizer): string {
  const names = Object.entries(TOKEN_TYPE);
  const counts = new Map<number, number>();
  for (const t of g.types) counts.set(t, (counts.get(t) ?? 0) + 1);
  return names
    .filter(([, v]) => counts.get(v))
    .map(([name, v]) => `${groupDigits(counts.get(v)!)} ${name.replace('userDefined', 'user-defined')}`)
    .join(', ');
}

export function renderGgufInfo(info: GgufInfo): string {
  const g = info.gguf;
  const out: string[] = [];
  out.push(
    line(
      'source',
      `${info.source.spec} (gguf v${g.version}, ${groupDigits(g.tensorCount)} tensors) — ${info.source.path}`,
    ),
  );
  out.push(line('engine', `llama.cpp (${info.engineVersion})`));
  out.push(line('model', `${g.architecture ?? 'unknown architecture'}${g.name ? ` "${g.name}"` : ''}`));
  const vocab = [`tokenizer.ggml.model ${g.model}`, `vocab ${groupDigits(g.tokens.length)}`];
  if (g.merges) vocab.push(`${groupDigits(g.merges.length)} merges`);
  if (g.scores) vocab.push('scores');
  out.push(line('tokenizer', vocab.join(', ')));
  out.push(line('token types', typeCounts(g)));
  out.push(
    line(
      'pre-tokenizer',
      g.pre !== undefined
        ? g.pre
        : g.model === 'gpt2'
          ? "unset (llama.cpp falls back to 'default')"
          : 'n/a (SentencePiece)',
    ),
  );
  const roles = SPECIAL_ROLES.filter((r) => g.special[r] !== undefined).map((r) => {
    const id = g.special[r]!;
    return `${SHOWN_ROLE[r] ?? r} ${g.tokens[id] ?? '(out of range)'}=${id}`;
  });
  out.push(line('special', roles.length ? roles.join(' ') : 'none'));
  const flags = [
    `add_bos ${g.addBos ?? `unset (${addsBos(g)})`}`,
    `add_eos ${g.addEos ?? 'unset (false)'}`,
    ...(g.addSpacePrefix !== undefined ? [`add_space_prefix ${g.addSpacePrefix}`] : []),
  ];
  out.push(line('flags', flags.join(', ')));
  out.push(
    line(
      'chat template',
      g.chatTemplate === undefined ? 'none' : `${groupDigits(g.chatTemplate.length)} chars (tokenizer.chat_template)`,
    ),
  );
  out.push(line('fingerprint', info.fingerprint));
  if (info.against) {
    const c = info.against.canaries;
    out.push(
      line(
        'against',
        `${info.against.spec}: ${c.differing.length === 0 ? `all ${c.total} canary strings tokenize the same` : `${c.differing.length} of ${c.total} canary strings tokenize differently (${c.differing.join(', ')})`}`,
      ),
    );
  }
  if (info.warnings.length === 0) out.push(line('warnings', 'none'));
  else {
    out.push('warnings');
    for (const w of info.warnings) out.push(`  ${w.level === 'warning' ? '!' : 'i'} ${w.message} [${w.code}]`);
  }
  return out.join('\n');
}
