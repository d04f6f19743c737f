// Chat data rendered the way training code renders it: the tokenizer's own `chat_template`
// (tokenizer_config.json) run by @huggingface/jinja, with its bos/eos tokens — and where each
// message's content landed in the rendered text, so assistant tokens can be told apart from
// prompt and template tokens.
//
// Locating content: templates transform content (`| trim`, `.strip()`, Qwen3 splits off
// `<think>` blocks), so searching for the content string alone can land on the wrong place
// (an answer "assistant" matches a role header). We therefore render twice: once with a unique
// placeholder per message, which gives the template's own text between contents (the
// "segments"), and once for real. Walking the real text segment by segment delimits each
// content exactly; only when a segment is not where the skeleton says (the template's text
// depends on the content) do we fall back to searching for the content itself.

import { Template } from '@huggingface/jinja';
import { tokenContent } from '../anatomy.js';

export interface ChatMessage {
  role: string;
  content: string;
}

/** A training record in one of the chat shapes trainers accept. */
export type ChatRecord =
  | { kind: 'messages'; messages: ChatMessage[] }
  /** Plain prompt/completion strings: concatenated, no template (TRL's non-conversational format). */
  | { kind: 'prompt-completion'; prompt: string; completion: string }
  /** Conversational prompt/completion: both lists of messages, rendered as one conversation. */
  | { kind: 'prompt-completion-messages'; prompt: ChatMessage[]; completion: ChatMessage[] };

export interface ContentSpan {
  role: string;
  /** [start, end) in UTF-16 units of the rendered text. */
  start: number;
  end: number;
}

export interface RenderedChat {
  text: string;
  /** Per message: where its content is in `text`, or null when the template dropped or rewrote it beyond recognition. */
  spans: Array<ContentSpan | null>;
  /** Tokenize with the post-processor's special tokens? False for templates (they write their own, as apply_chat_template does). */
  addSpecialTokens: boolean;
}

export class ChatTemplateError extends Error {}

/** The chat template of a tokenizer_config.json: a string, or the entry named "default" of a list. */
export function chatTemplateOf(config: Record<string, any> | undefined): string | undefined {
  const ct = config?.chat_template;
  if (typeof ct === 'string' && ct.length > 0) return ct;
  if (Array.isArray(ct)) {
    const entry = ct.find((t) => t?.name === 'default') ?? ct[0];
    if (typeof entry?.template === 'string') return entry.template;
  }
  return undefined;
}

const PLACEHOLDER = (i: number) => `\uE000tokpeek-message-${i}\uE001`;

export class ChatRenderer {
  private readonly template: Template | undefined;
  private readonly context: Record<string, unknown>;

  constructor(
    readonly source: string | undefined,
    config: Record<string, any> = {},
  ) {
    if (source !== undefined) {
      try {
        this.template = new Template(source);
      } catch (e) {
        throw new ChatTemplateError(`the chat_template does not parse: ${(e as Error).message}`);
      }
    }
    this.context = {
      bos_token: tokenContent(config.bos_token) ?? '',
      eos_token: tokenContent(config.eos_token) ?? '',
      unk_token: tokenContent(config.unk_token) ?? '',
      pad_token: tokenContent(config.pad_token) ?? '',
      add_generation_prompt: false,
    };
  }

  static fromConfig(config: Record<string, any> | undefined): ChatRenderer {
    return new ChatRenderer(chatTemplateOf(config), config ?? {});
  }

  get hasTemplate(): boolean {
    return this.template !== undefined;
  }

  render(record: ChatRecord): RenderedChat {
    if (record.kind === 'prompt-completion') {
      const text = record.prompt + record.completion;
      return {
        text,
        spans: [
          { role: 'user', start: 0, end: record.prompt.length },
          { role: 'assistant', start: record.prompt.length, end: text.length },
        ],
        addSpecialTokens: true,
      };
    }
    const messages = record.kind === 'messages' ? record.messages : [...record.prompt, ...record.completion];
    return { ...this.renderMessages(messages), addSpecialTokens: false };
  }

  private run(messages: ChatMessage[]): string {
    if (!this.template)
      throw new ChatTemplateError(
        'the tokenizer has no chat_template (tokenizer_config.json), so chat records cannot be rendered',
      );
    try {
      return this.template.render({ ...this.context, messages });
    } catch (e) {
      throw new ChatTemplateError(`the chat_template failed: ${(e as Error).message}`);
    }
  }

  private renderMessages(messages: ChatMessage[]): { text: string; spans: Array<ContentSpan | null> } {
    const text = this.run(messages);
    const skeleton = this.run(messages.map((m, i) => ({ ...m, content: PLACEHOLDER(i) })));
    // Segments of template text before each message's content (null: the template left it out).
    const segments: Array<string | null> = [];
    let at = 0;
    for (let i = 0; i < messages.length; i++) {
      const p = skeleton.indexOf(PLACEHOLDER(i), at);
      if (p < 0) {
        segments.push(null);
        continue;
      }
      segments.push(skeleton.slice(at, p));
      at = p + PLACEHOLDER(i).length;
    }
    const tail = skeleton.slice(at);

    const spans: Array<ContentSpan | null> = [];
    let cursor = 0;
    for (let i = 0; i < messages.length; i++) {
      const segment = segments[i];
      const { role, content } = messages[i]!;
      if (segment === null || segment === undefined) {
        spans.push(null);
        continue;
      }
      let next: string | undefined;
      for (let k = i + 1; k < messages.length && next === undefined; k++) if (segments[k] !== null) next = segments[k]!;
      next ??= tail;
      let start: number;
      if (text.startsWith(segment, cursor)) start = cursor + segment.length;
      else {
        // The template's text depends on the content here: find the content itself.
        const found = searchContent(text, content, cursor);
        if (!found) {
          spans.push(null);
          continue;
        }
        spans.push({ role, ...found });
        cursor = found.end;
        continue;
      }
      const end = contentEnd(text, content, start, next);
      if (end === undefined) {
        const found = searchContent(text, content, start);
        spans.push(found ? { role, ...found } : null);
        if (found) cursor = found.end;
        continue;
      }
      spans.push({ role, start, end });
      cursor = end;
    }
    return { text, spans };
  }
}

/** The content as templates commonly print it: as is, or stripped. */
function variants(content: string): string[] {
  return [
    ...new Set([
      content,
      content.trim(),
      content.trimStart(),
      content.trimEnd(),
      content.replace(/^\n+/, ''),
      content.replace(/\n+$/, ''),
    ]),
  ];
}

/** Where content starting at `start` ends: right before the next segment, preferring an exact (possibly trimmed) copy of the content. */
function contentEnd(text: string, content: string, start: number, next: string): number | undefined {
  for (const v of variants(content))
    if (text.startsWith(v, start) && text.startsWith(next, start + v.length)) return start + v.length;
  if (next === '') return undefined;
  const at = text.indexOf(next, start);
  return at < 0 ? undefined : at;
}

function searchContent(text: string, content: string, from: number): { start: number; end: number } | undefined {
  let best: { start: number; end: number } | undefined;
  for (const v of variants(content)) {
    if (v.length === 0) continue;
    const at = text.indexOf(v, from);
    if (at >= 0 && (!best || at < best.start || (at === best.start && v.length > best.end - best.start)))
      best = { start: at, end: at + v.length };
  }
  // Qwen3-style templates print only what follows `</think>` (the reasoning moves into a think block).
  if (!best && content.includes('</think>')) {
    const answer = content.split('</think>').pop()!.replace(/^\n+/, '');
    const at = answer ? text.indexOf(answer, from) : -1;
    if (at >= 0) best = { start: at, end: at + answer.length };
  }
  return best;
}

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
