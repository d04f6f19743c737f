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
import { ALPACA_PROMPT } from './alpaca.js';

export interface ChatMessage {
  role: string;
  /** The message's text (text parts joined): what is located in the rendered conversation. */
  content: string;
  /**
   * The rest of the message as the template receives it: `tool_calls`, `tool_call_id`,
   * `name`, `reasoning_content`, or `content` as a list of parts (which then replaces `content`).
   */
  extra?: Record<string, unknown>;
}

/** A training record in one of the chat shapes trainers accept. */
export type ChatRecord =
  /** `tools`: the function schemas the template is given, as `apply_chat_template(messages, tools=…)` does. */
  | { kind: 'messages'; messages: ChatMessage[]; tools?: unknown[] }
  /** Plain prompt/completion strings: concatenated, no template (TRL's non-conversational format). */
  | { kind: 'prompt-completion'; prompt: string; completion: string }
  /** Conversational prompt/completion: both lists of messages, rendered as one conversation. */
  | { kind: 'prompt-completion-messages'; prompt: ChatMessage[]; completion: ChatMessage[]; tools?: unknown[] }
  /** Alpaca: the user turn is the instruction (and input), the assistant turn the output. */
  | { kind: 'alpaca'; instruction: string; input: string; output: string };

export interface ContentSpan {
  role: string;
  /** [start, end) in UTF-16 units of the rendered text. */
  start: number;
  end: number;
  /** The span holds text the template wrote (a rendered tool call): its special tokens are the template's, not literal. */
  templateText?: boolean;
}

export interface RenderedChat {
  text: string;
  /** Per message: where its content is in `text`, or null when the template dropped or rewrote it beyond recognition. */
  spans: Array<ContentSpan | null>;
  /** Tokenize with the post-processor's special tokens? False for templates (they write their own, as apply_chat_template does). */
  addSpecialTokens: boolean;
  /** Assistant messages whose tool calls the template did not write (it ignores `tool_calls`). */
  ignoredToolCalls?: number;
}

export class ChatTemplateError extends Error {}

/** Where the template came from, for the report's first lines. */
export interface ChosenTemplate {
  source: string;
  origin: string;
}

/**
 * The chat templates of a tokenizer, by name, as `transformers` resolves them: the files
 * `chat_template.jinja` / `additional_chat_templates/NAME.jinja` first (current saves), else
 * `chat_template` in tokenizer_config.json — a string (named "default") or a list of
 * `{name, template}`.
 */
export function chatTemplatesOf(
  config: Record<string, any> | undefined,
  files?: Record<string, string>,
): Map<string, ChosenTemplate> {
  const out = new Map<string, ChosenTemplate>();
  if (files)
    for (const [name, source] of Object.entries(files))
      out.set(name, {
        source,
        origin: name === 'default' ? 'chat_template.jinja' : `additional_chat_templates/${name}.jinja`,
      });
  const ct = config?.chat_template;
  if (typeof ct === 'string' && ct.length > 0 && !out.has('default'))
    out.set('default', { source: ct, origin: 'tokenizer_config.json chat_template' });
  if (Array.isArray(ct))
    for (const t of ct)
      if (typeof t?.name === 'string' && typeof t.template === 'string' && !out.has(t.name))
        out.set(t.name, { source: t.template, origin: `tokenizer_config.json chat_template "${t.name}"` });
  return out;
}

/** The chat template of a tokenizer_config.json: a string, or the entry named "default" of a list. */
export function chatTemplateOf(config: Record<string, any> | undefined): string | undefined {
  return chatTemplatesOf(config).get('default')?.source;
}

export interface RendererOptions {
  /** A template given by the user (its text and where it came from); replaces the tokenizer's. */
  template?: ChosenTemplate;
  /** A template of the tokenizer's by name (e.g. "tool_use"). */
  name?: string;
  /** Append the EOS token to completions rendered without a template (TRL's prompt/completion). */
  addEos?: boolean;
}

const PLACEHOLDER = (i: number) => `\uE000tokpeek-message-${i}\uE001`;

export class ChatRenderer {
  private readonly templates = new Map<string, { template: Template; origin: string }>();
  private readonly context: Record<string, unknown>;
  private readonly explicit: string | undefined;
  readonly addEos: boolean;
  readonly eos: string;

  constructor(available: Map<string, ChosenTemplate>, config: Record<string, any> = {}, options: RendererOptions = {}) {
    if (options.template) available = new Map([['default', options.template]]);
    else if (options.name !== undefined) {
      if (!available.has(options.name))
        throw new ChatTemplateError(
          `the tokenizer has no chat template named "${options.name}" (it has: ${[...available.keys()].join(', ') || 'none'})`,
        );
      this.explicit = options.name;
    }
    for (const [name, t] of available) {
      try {
        this.templates.set(name, { template: new Template(t.source), origin: t.origin });
      } catch (e) {
        throw new ChatTemplateError(`the chat template (${t.origin}) does not parse: ${(e as Error).message}`);
      }
    }
    this.eos = tokenContent(config.eos_token) ?? '';
    this.addEos = options.addEos ?? true;
    this.context = {
      bos_token: tokenContent(config.bos_token) ?? '',
      eos_token: this.eos,
      unk_token: tokenContent(config.unk_token) ?? '',
      pad_token: tokenContent(config.pad_token) ?? '',
      add_generation_prompt: false,
    };
  }

  static fromConfig(config: Record<string, any> | undefined, options: RendererOptions = {}): ChatRenderer {
    return new ChatRenderer(chatTemplatesOf(config), config ?? {}, options);
  }

  static forFiles(
    files: { config?: Record<string, any>; chatTemplates?: Record<string, string> },
    options: RendererOptions = {},
  ): ChatRenderer {
    return new ChatRenderer(chatTemplatesOf(files.config, files.chatTemplates), files.config ?? {}, options);
  }

  get hasTemplate(): boolean {
    return this.templates.size > 0;
  }

  /** The template a record with (or without) tools is rendered with, as apply_chat_template picks it. */
  private pick(tools: boolean): { template: Template; origin: string; name: string } | undefined {
    const name =
      this.explicit ??
      (tools && this.templates.has('tool_use') ? 'tool_use' : this.templates.has('default') ? 'default' : undefined);
    const t = name === undefined ? undefined : this.templates.get(name);
    return t && name !== undefined ? { ...t, name } : undefined;
  }

  /** Where the template comes from, in a few words (for the report's first lines). */
  describe(tools = false): string | undefined {
    return this.pick(tools)?.origin;
  }

  render(record: ChatRecord): RenderedChat {
    if (record.kind === 'prompt-completion' || (record.kind === 'alpaca' && !this.hasTemplate)) {
      const [prompt, completion] =
        record.kind === 'prompt-completion'
          ? [record.prompt, record.completion]
          : [
              record.input
                ? ALPACA_PROMPT.withInput(record.instruction, record.input)
                : ALPACA_PROMPT.noInput(record.instruction),
              record.output,
            ];
      // TRL appends EOS to a completion that does not end with it; the EOS is trained on.
      const eos = this.addEos && this.eos && !completion.endsWith(this.eos) ? this.eos : '';
      const text = prompt + completion + eos;
      return {
        text,
        // The appended EOS follows the span: the mask takes it as the closing token, and it is no literal.
        spans: [
          { role: 'user', start: 0, end: prompt.length },
          { role: 'assistant', start: prompt.length, end: prompt.length + completion.length },
        ],
        addSpecialTokens: true,
      };
    }
    if (record.kind === 'alpaca') {
      const user = record.input ? `${record.instruction}\n\n${record.input}` : record.instruction;
      return this.render({
        kind: 'messages',
        messages: [
          { role: 'user', content: user },
          { role: 'assistant', content: record.output },
        ],
      });
    }
    const messages = record.kind === 'messages' ? record.messages : [...record.prompt, ...record.completion];
    return { ...this.renderMessages(messages, record.tools), addSpecialTokens: false };
  }

  private run(messages: ChatMessage[], tools: unknown[] | undefined, generationPrompt = false): string {
    const t = this.pick(tools !== undefined);
    if (!t)
      throw new ChatTemplateError(
        this.templates.size
          ? `the tokenizer has several chat templates and none named "default" (${[...this.templates.keys()].join(', ')})`
          : 'the tokenizer has no chat_template (tokenizer_config.json or chat_template.jinja), so chat records cannot be rendered',
      );
    try {
      return t.template.render({
        ...this.context,
        messages: messages.map(forTemplate),
        tools: tools ?? null,
        add_generation_prompt: generationPrompt,
      });
    } catch (e) {
      throw new ChatTemplateError(`the chat template failed: ${(e as Error).message}`);
    }
  }

  private renderMessages(
    messages: ChatMessage[],
    tools: unknown[] | undefined,
  ): { text: string; spans: Array<ContentSpan | null>; ignoredToolCalls?: number } {
    const text = this.run(messages, tools);
    const skeleton = this.run(
      messages.map((m, i) => ({ ...m, content: PLACEHOLDER(i), extra: placeholderParts(m.extra, i) })),
      tools,
    );
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
    // Tool calls are trained-on output the content spans do not cover.
    let ignoredToolCalls = 0;
    messages.forEach((m, i) => {
      if (m.role !== 'assistant' || !Array.isArray(m.extra?.tool_calls) || !m.extra.tool_calls.length) return;
      const region = this.toolCallRegion(messages, i, tools, text);
      if (!region) {
        ignoredToolCalls++;
        return;
      }
      const content = spans[i];
      spans[i] = {
        role: 'assistant',
        start: content && content.start <= region.start ? content.start : region.start,
        end: Math.max(region.end, content?.end ?? 0),
        templateText: true,
      };
    });
    return { text, spans, ...(ignoredToolCalls ? { ignoredToolCalls } : {}) };
  }

  /**
   * Where the template wrote message `i`'s tool calls: the part of the text that changes when
   * they are left out (the common start and end of the two renderings cut off). Undefined when
   * nothing changes: the template ignores tool calls.
   */
  private toolCallRegion(
    messages: ChatMessage[],
    i: number,
    tools: unknown[] | undefined,
    text: string,
  ): { start: number; end: number } | undefined {
    const { tool_calls: _t, ...rest } = messages[i]!.extra!;
    let without: string;
    try {
      without = this.run(
        messages.map((m, k) => (k === i ? { ...m, extra: rest } : m)),
        tools,
      );
    } catch {
      return undefined;
    }
    if (without === text) return undefined;
    let p = 0;
    while (p < text.length && p < without.length && text[p] === without[p]) p++;
    let q = 0;
    while (
      q < text.length - p &&
      q < without.length - p &&
      text[text.length - 1 - q] === without[without.length - 1 - q]
    )
      q++;
    return { start: p, end: text.length - q };
  }
}

/** A message as the template receives it. */
function forTemplate(m: ChatMessage): Record<string, unknown> {
  return m.extra
    ? { ...m.extra, role: m.role, content: m.extra.content ?? m.content }
    : { role: m.role, content: m.content };
}

/** Content parts with the placeholder in the first text part (the others emptied), for the skeleton render. */
function placeholderParts(extra: Record<string, unknown> | undefined, i: number): Record<string, unknown> | undefined {
  if (!extra || !Array.isArray(extra.content)) return extra;
  let first = true;
  const content = extra.content.map((p: any) => {
    if (p?.type !== 'text') return p;
    const text = first ? PLACEHOLDER(i) : '';
    first = false;
    return { ...p, text };
  });
  return { ...extra, content };
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
