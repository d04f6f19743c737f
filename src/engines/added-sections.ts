// How the bulk paths cut a text at its added tokens, as @huggingface/tokenizers' encode does
// (js-fast.ts, wordpiece-fast.ts): the library's own splitters, answered at once for a text
// that cannot hold one, and the whitespace that lstrip/rstrip tokens eat beside them.

import type { JsTokenizerInternals } from './js-internals.js';

/**
 * The library's DictionarySplitter.split (it walks a trie of the added tokens from every
 * character), answered at once for a text with none of the tokens' first characters: then no
 * token starts anywhere, and the split is the text itself (nothing for an empty text).
 */
export function quickSplit(splitter: { split(text: string): string[]; trie?: object }): (text: string) => string[] {
  const firsts = splitter.trie ? Object.keys(splitter.trie).filter((k) => k !== 'end') : undefined;
  if (!firsts) return (text) => splitter.split(text);
  if (firsts.length === 0) return (text) => (text.length ? [text] : []);
  const any = new RegExp(`[${firsts.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`);
  return (text) => (any.test(text) ? splitter.split(text) : text.length ? [text] : []);
}

/** Added tokens with lstrip/rstrip eat the whitespace beside them, as the library does; false when one did. */
export function stripAround(sections: string[], added: JsTokenizerInternals['added_tokens_map']): boolean {
  let same = true;
  for (let i = 0; i < sections.length; i++) {
    const token = added.get(sections[i]!);
    if (!token) continue;
    const was = [sections[i - 1], sections[i + 1]];
    if (token.lstrip && i > 0) sections[i - 1] = sections[i - 1]!.trimEnd();
    if (token.rstrip && i < sections.length - 1) sections[i + 1] = sections[i + 1]!.trimStart();
    if (was[0] !== sections[i - 1] || was[1] !== sections[i + 1]) same = false;
  }
  return same;
}
