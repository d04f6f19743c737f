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
import { tokenContent } from '../anatomy/config.js';
import { ALPACA_PROMPT } from './alpaca.js';
import type { ChatMessage, ChatRecord, ContentSpan, RenderedChat } from './chat-record.js';
import { contentEnd, searchContent } from './locate-content.js';
import { ChatTemplateError, type ChosenTemplate, chatTemplatesOf } from './templates.js';

interface RendererOptions {
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

  /**
   * A preference pair's prompt alone, as DPO-style trainers render it: a string prompt as it is
   * (with the tokenizer's special tokens), prompt messages through the template with the
   * generation prompt (`apply_chat_template(prompt, add_generation_prompt=True)`).
   */
  renderPrompt(prompt: ChatRecord): { text: string; addSpecialTokens: boolean } {
    if (prompt.kind === 'prompt-completion') return { text: prompt.prompt, addSpecialTokens: true };
    if (prompt.kind !== 'messages') throw new ChatTemplateError(`a ${prompt.kind} record is no prompt`);
    return { text: this.run(prompt.messages, prompt.tools, true), addSpecialTokens: false };
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
