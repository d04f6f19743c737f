// The memo path's cut of a SentencePiece-style section (no pre-tokenizer: the whole section is
// one word for BPE): before each run of `▁` that follows another character, which is safe only
// when no merge can produce a symbol holding such a boundary (see js-fast.ts).

const SPACE = '\u2581';
/** A SentencePiece section cut before each `▁` run that follows another character. */
const SP_PIECES = /\u2581*[^\u2581]+|\u2581+/gu;

/** A section's pieces, cut as SP_PIECES says. */
export function sentencePiecePieces(text: string): string[] {
  return text.match(SP_PIECES) ?? [];
}

/**
 * True when no BPE merge of this model yields a symbol with `▁` right after another
 * character, so no symbol ever spans the start of a `▁` run (the model's other options
 * that act on whole words, suffixes and ignore_merges, rule the cut out too).
 */
export function spaceBoundariesHold(model: Record<string, any>): boolean {
  if (model.end_of_word_suffix || model.continuing_subword_suffix || model.ignore_merges) return false;
  const merges: Array<string | string[]> = model.merges ?? [];
  for (const m of merges) {
    // As the library reads a merge: the first two space-separated parts.
    const [a, b] = typeof m === 'string' ? m.split(' ', 2) : m;
    if (crossesSpace(`${a}${b ?? ''}`)) return false;
  }
  return true;
}

function crossesSpace(symbol: string): boolean {
  for (let i = symbol.indexOf(SPACE, 1); i > 0; i = symbol.indexOf(SPACE, i + 1))
    if (symbol[i - 1] !== SPACE) return true;
  return false;
}
