// The assistant-only loss mask: which tokens a trainer computes loss on.

import type { Token } from '../token-model.js';
import type { ContentSpan, RenderedChat } from './chat-record.js';

/**
 * Which tokens are assistant content (what a trainer with assistant-only loss computes loss on):
 * tokens that overlap an assistant content span, plus the special token that closes the turn
 * right after it (`<|im_end|>`, `<|eot_id|>`: what the model learns to stop with).
 */
export function assistantMask(
  offsets: ReadonlyArray<readonly [number, number]>,
  spans: ReadonlyArray<ContentSpan | null>,
  isSpecial: (tokenIndex: number) => boolean,
  text: string,
): Uint8Array {
  const mask = new Uint8Array(offsets.length);
  const assistant = spans.filter((s): s is ContentSpan => s !== null && s.role === 'assistant');
  let t = 0;
  for (const span of assistant) {
    while (t < offsets.length && offsets[t]![1] <= span.start) t++;
    let k = t;
    for (; k < offsets.length && offsets[k]![0] < span.end; k++) {
      const [s, e] = offsets[k]!;
      if (s < span.end && e > span.start) mask[k] = 1;
    }
    // The closing special token: the next token with text, if only whitespace separates it from the content.
    while (k < offsets.length && offsets[k]![0] === offsets[k]![1]) k++;
    if (k < offsets.length && isSpecial(k) && text.slice(span.end, offsets[k]![0]).trim() === '') mask[k] = 1;
    t = k;
  }
  return mask;
}

/**
 * Which tokens of a sample are trained on (assistant content and the token that closes each
 * assistant turn), from the token model: 1 per such token. All 0 for samples that are not chat.
 */
export function trainedTokens(rendered: RenderedChat | undefined, tokens: readonly Token[]): Uint8Array {
  if (!rendered) return new Uint8Array(tokens.length);
  return assistantMask(
    tokens.map((t) => [t.start, t.end] as const),
    rendered.spans,
    (i) => tokens[i]!.special,
    rendered.text,
  );
}
