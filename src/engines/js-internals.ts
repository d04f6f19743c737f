// The parts of a @huggingface/tokenizers `Tokenizer` that js-offsets.ts replays (private fields
// included: the library exposes no offsets), and the shape of its pipeline read from tokenizer.json.

/** The parts of a @huggingface/tokenizers `Tokenizer` we replay (private fields included). */
export interface JsTokenizerInternals {
  normalizer: JsComponent | null;
  pre_tokenizer: (((text: string, options?: object) => string[]) & JsComponent) | null;
  model: ((pieces: string[]) => string[]) & {
    tokens_to_ids: Map<string, number>;
    unk_token_id: number | undefined;
    unk_token: string | undefined;
    config: Record<string, any>;
  };
  post_processor: ((tokens: string[], pair: null, addSpecial: boolean) => { tokens: string[] }) | null;
  splitter_unnormalized: { split(text: string): string[] };
  splitter_normalized: { split(text: string): string[] };
  added_tokens_map: Map<string, { id: number; lstrip: boolean; rstrip: boolean }>;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
}

export interface JsComponent {
  config?: Record<string, any>;
  normalizers?: Array<JsComponent | null>;
  tokenizers?: Array<JsComponent | null>;
  pattern?: RegExp | null;
  normalize?: (text: string) => string;
}

export interface Pipeline {
  byteLevel: boolean;
  metaspace: string | undefined;
  subwordPrefix: string | undefined;
  wordSuffix: string | undefined;
  subwordSuffix: string | undefined;
  byteFallback: boolean;
  trimOffsets: { addPrefixSpace: boolean } | undefined;
  template: { prefix: number; suffix: number };
}

export function pipelineOf(t: JsTokenizerInternals, json: Record<string, any>): Pipeline {
  const pre = flatten(json.pre_tokenizer, 'pretokenizers');
  const post = flatten(json.post_processor, 'processors');
  const model = json.model ?? {};
  const meta = pre.find((c) => c.type === 'Metaspace');
  // ByteLevel and RobertaProcessing trim the spaces off byte-level offsets (Rust's process_offsets).
  const trim = post.find((c) => (c.type === 'ByteLevel' || c.type === 'RobertaProcessing') && c.trim_offsets);
  return {
    byteLevel: pre.some((c) => c.type === 'ByteLevel'),
    metaspace: meta ? (meta.replacement ?? '▁') : undefined,
    subwordPrefix: model.type === 'WordPiece' ? (model.continuing_subword_prefix ?? '##') : undefined,
    wordSuffix: model.end_of_word_suffix ?? undefined,
    subwordSuffix: model.continuing_subword_suffix ?? undefined,
    byteFallback: Boolean(model.byte_fallback),
    trimOffsets: trim ? { addPrefixSpace: Boolean(trim.add_prefix_space) } : undefined,
    template: templateShape(t),
  };
}

function flatten(c: any, key: string): Array<Record<string, any>> {
  if (!c || typeof c !== 'object') return [];
  return c.type === 'Sequence' && Array.isArray(c[key]) ? c[key].flatMap((x: any) => flatten(x, key)) : [c];
}

/** How many tokens the post-processor puts before and after a single sequence. */
function templateShape(t: JsTokenizerInternals): { prefix: number; suffix: number } {
  if (!t.post_processor) return { prefix: 0, suffix: 0 };
  const probe = ['\u0000probe-a', '\u0000probe-b'];
  const tokens = t.post_processor(probe, null, true).tokens;
  const at = tokens.indexOf(probe[0]!);
  if (at < 0) return { prefix: 0, suffix: 0 };
  return { prefix: at, suffix: tokens.length - at - probe.length };
}
