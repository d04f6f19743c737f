// The post-processor's templates: which special tokens a single text and a pair get.

import { componentTypes } from '../vocabulary.js';
import { rawOf, summarize } from './summaries.js';
import type { PostProcessorAnatomy } from './types.js';

type Json = Record<string, any>;

// --- post-processor --------------------------------------------------------------------------

/** A template as a list: `$A`/`$B` for sequences, anything else a special token id. */
type Template = string[];

interface Templates {
  single: Template;
  pair: Template;
  /** Template special-token id → the tokens it inserts. */
  expand: Map<string, string[]>;
}

function templatePieces(t: unknown): Template {
  if (typeof t === 'string')
    return t
      .split(/\s+/)
      .filter(Boolean)
      .map((p) => p.replace(/:\d+$/, ''));
  if (!Array.isArray(t)) return [];
  return t.map((piece: Json) => {
    if (piece?.Sequence) return `$${piece.Sequence.id ?? 'A'}`;
    if (piece?.SpecialToken) return String(piece.SpecialToken.id);
    return '?';
  });
}

function pairToken(v: unknown): string | null {
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  if (typeof v === 'string') return v;
  return null;
}

/** The (single, pair) templates of one non-Sequence processor, or null when it inserts nothing. */
function templatesOf(p: Json): Templates | null {
  const expand = new Map<string, string[]>();
  switch (p.type) {
    case 'TemplateProcessing': {
      for (const [id, st] of Object.entries((p.special_tokens ?? {}) as Record<string, Json>)) {
        expand.set(id, Array.isArray(st?.tokens) ? st.tokens.map(String) : [id]);
      }
      return { single: templatePieces(p.single), pair: templatePieces(p.pair), expand };
    }
    case 'BertProcessing':
    case 'RobertaProcessing': {
      const cls = pairToken(p.cls) ?? (p.type === 'BertProcessing' ? '[CLS]' : '<s>');
      const sep = pairToken(p.sep) ?? (p.type === 'BertProcessing' ? '[SEP]' : '</s>');
      const pair = p.type === 'BertProcessing' ? [cls, '$A', sep, '$B', sep] : [cls, '$A', sep, sep, '$B', sep];
      return { single: [cls, '$A', sep], pair, expand };
    }
    default:
      return null; // ByteLevel and unknown processors insert nothing.
  }
}

function substitute(template: Template, a: Template, b?: Template): Template {
  return template.flatMap((p) => (p === '$A' ? a : p === '$B' && b ? b : [p]));
}

export function postProcessorOf(pp: unknown): PostProcessorAnatomy {
  let single: Template = ['$A'];
  let pair: Template = ['$A', '$B'];
  let inserting = false;
  const expand = new Map<string, string[]>();
  const processors = pp && typeof pp === 'object' ? componentTypes(pp) : [];
  for (const p of processors) {
    const t = templatesOf(p);
    if (!t) continue;
    for (const [k, v] of t.expand) expand.set(k, v);
    if (!inserting) {
      single = t.single;
      pair = t.pair;
    } else {
      // A second inserting processor sees the already merged encoding as one sequence.
      pair = substitute(t.single, pair);
      single = substitute(t.single, single);
    }
    inserting = true;
  }
  const isSeq = (p: string) => p === '$A' || p === '$B';
  const tokensOf = (ids: string[]) => ids.flatMap((id) => expand.get(id) ?? [id]);
  const firstSeq = single.findIndex(isSeq);
  const lastSeq = single.length - 1 - [...single].reverse().findIndex(isSeq);
  const startTokens = firstSeq < 0 ? tokensOf(single) : tokensOf(single.slice(0, firstSeq));
  const endTokens = firstSeq < 0 ? [] : tokensOf(single.slice(lastSeq + 1));
  return {
    summary: summarize(pp, 'post_processor'),
    raw: rawOf(pp),
    single: single.join(' '),
    pair: pair.join(' '),
    startTokens,
    endTokens,
    addsBos: startTokens[0] ?? null,
    addsEos: endTokens[endTokens.length - 1] ?? null,
  };
}
