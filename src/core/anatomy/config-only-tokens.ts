// Tokens that tokenizer_config.json names but tokenizer.json lacks. Python transformers adds
// them when it loads the tokenizer (added_tokens_decoder with their ids, the special-token
// lists as new ids), so a text holding one gets other ids in Python than in every engine that
// reads tokenizer.json alone. Pure: data in, data out.

type Json = Record<string, any>;

interface ConfigOnlyToken {
  content: string;
  /** Where the config names it. */
  field: 'added_tokens_decoder' | 'additional_special_tokens' | 'extra_special_tokens';
  /** The id added_tokens_decoder gives it. */
  id?: number;
}

function contentOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as Json).content === 'string') return (v as Json).content;
  return undefined;
}

export function configOnlyTokens(tokenizer: Json, config: Json | undefined): ConfigOnlyToken[] {
  if (!config) return [];
  const known = new Set<string>((tokenizer.added_tokens ?? []).map((t: Json) => t.content));
  const vocab = tokenizer.model?.vocab;
  const inVocab = (s: string) =>
    known.has(s) ||
    (Array.isArray(vocab)
      ? vocab.some((e: unknown) => Array.isArray(e) && e[0] === s)
      : Boolean(vocab && Object.hasOwn(vocab, s)));
  const out: ConfigOnlyToken[] = [];
  const seen = new Set<string>();
  const add = (content: string | undefined, field: ConfigOnlyToken['field'], id?: number) => {
    if (content === undefined || content === '' || seen.has(content) || inVocab(content)) return;
    seen.add(content);
    out.push({ content, field, ...(id !== undefined ? { id } : {}) });
  };
  const decoder = config.added_tokens_decoder;
  if (decoder && typeof decoder === 'object')
    for (const [id, t] of Object.entries(decoder as Json)) add(contentOf(t), 'added_tokens_decoder', Number(id));
  for (const t of Array.isArray(config.additional_special_tokens) ? config.additional_special_tokens : [])
    add(contentOf(t), 'additional_special_tokens');
  const extra = config.extra_special_tokens;
  const extras = Array.isArray(extra) ? extra : extra && typeof extra === 'object' ? Object.values(extra) : [];
  for (const t of extras) add(contentOf(t), 'extra_special_tokens');
  return out;
}
