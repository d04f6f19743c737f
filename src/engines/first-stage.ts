// The first pre-tokenizer stage of the bulk path, called as the library calls it, without its
// per-call overhead. @huggingface/tokenizers' `PreTokenizer.pre_tokenize(text)` is
// `pre_tokenize_text(text).flat()`: for a stage whose pieces are strings the `flat()` copies the
// array for nothing (a fifth of a worker's time on GPT-4o). And a `Split` that isolates its
// matches (every byte-level BPE's first stage) runs `regex_split`, a `matchAll` loop: here the
// same loop over `exec` on a copy of the same pattern, which gives the same matches (matchAll is
// specified as repeated exec on a clone, stepping past empty matches by a code point).
// The differential test compares the bulk path with the Rust reference on every `npm test`.

interface Stage {
  pre_tokenize(text: string, options?: object): string[];
  pre_tokenize_text?(text: string, options?: object): Array<string | string[]>;
  pattern?: unknown;
  config?: { type?: string; invert?: unknown; behavior?: unknown };
}

/** `stage.pre_tokenize(text, options)`, the same pieces, faster where the stage allows. */
export function firstStage(stage: Stage): (text: string, options: object) => string[] {
  const pre = stage.pre_tokenize_text;
  // Only the library's base pre_tokenize (text → pre_tokenize_text(text).flat()) is skipped.
  if (typeof pre !== 'function' || ownerOf(stage, 'pre_tokenize') === ownerOf(stage, 'pre_tokenize_text'))
    return (text, options) => stage.pre_tokenize(text, options);
  const { pattern, config } = stage;
  if (
    config?.type === 'Split' &&
    ownerOf(stage, 'pre_tokenize_text') === Object.getPrototypeOf(stage) &&
    !config.invert &&
    String(config.behavior ?? '').toLowerCase() !== 'removed' &&
    pattern instanceof RegExp &&
    pattern.global
  ) {
    const regex = new RegExp(pattern.source, pattern.flags);
    return (text) => isolated(text, regex);
  }
  return (text, options) => {
    const pieces = pre.call(stage, text, options);
    for (let i = 0; i < pieces.length; i++) if (typeof pieces[i] !== 'string') return pieces.flat();
    return pieces as string[];
  };
}

/** The prototype (or the object) that holds `name`. */
function ownerOf(o: object, name: string): object | undefined {
  for (let p: object | null = o; p; p = Object.getPrototypeOf(p)) if (Object.hasOwn(p, name)) return p;
  return undefined;
}

/** The library's regex_split: matches and the text between them, in order, empty matches left out. */
function isolated(text: string, regex: RegExp): string[] {
  const out: string[] = [];
  const unicode = regex.unicode || regex.flags.includes('v');
  let prev = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    const match = m[0];
    if (prev < m.index) out.push(text.slice(prev, m.index));
    if (match.length > 0) out.push(match);
    else regex.lastIndex = advance(text, regex.lastIndex, unicode);
    prev = m.index + match.length;
  }
  if (prev < text.length) out.push(text.slice(prev));
  return out;
}

/** AdvanceStringIndex: one code unit, or a whole surrogate pair in unicode mode. */
function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  if (c < 0xd800 || c > 0xdbff) return index + 1;
  const d = text.charCodeAt(index + 1);
  return d >= 0xdc00 && d <= 0xdfff ? index + 2 : index + 1;
}
