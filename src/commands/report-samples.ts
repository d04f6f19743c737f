// How report reads one sample: its chat template, the rendering it got, its location, and the
// chat facts (assistant mask, answers cut) the accumulator counts.

import type { Sample } from '../corpus/read-corpus.js';
import type { ChatRenderer } from '../core/chat/apply-template.js';
import { assistantMask } from '../core/chat/assistant-mask.js';
import type { ChatMessage } from '../core/chat/chat-record.js';
import { SPECIAL, BYTE_FALLBACK, UNKNOWN } from '../core/report/token-flags.js';
import type { Location } from '../core/report/location.js';
import type { RawEncoding } from '../core/token-model.js';
import type { Item } from './report-run.js';

/** How a record of this shape is turned into text, in one line (the report's first lines). */
export function renderingOf(sample: Sample, renderer: ChatRenderer): string {
  const tools = sample.chat && 'tools' in sample.chat && sample.chat.tools !== undefined;
  const template = renderer.describe(Boolean(tools));
  const through = template
    ? `the chat template (${template})${tools ? " with the record's tools" : ''}`
    : 'no chat template';
  const eos = renderer.addEos
    ? ` + EOS (${renderer.eos}), as TRL appends it (--add-eos no: without)`
    : ' (no EOS appended: --add-eos no)';
  const chat = sample.chat;
  switch (sample.shape) {
    case 'text':
    case undefined:
      return "text: the text as it is, with the tokenizer's special tokens";
    case 'messages':
      return `messages: rendered through ${through}`;
    case 'sharegpt':
      return `sharegpt: conversations (from/value; human → user, gpt → assistant) rendered through ${through}`;
    case 'prompt-completion':
      return chat?.kind === 'prompt-completion'
        ? `prompt-completion: prompt + completion${eos}; the completion is the trained-on part`
        : `prompt-completion: prompt and completion messages rendered as one conversation through ${through}`;
    case 'alpaca':
      return renderer.hasTemplate
        ? `alpaca: instruction (+ input) as the user turn, output as the assistant turn, through ${through}`
        : `alpaca: the Stanford Alpaca prompt + output${eos}`;
    case 'preference':
      return chat?.kind === 'prompt-completion'
        ? `preference: each pair reviewed twice, prompt + chosen and prompt + rejected${eos}`
        : `preference: each pair reviewed twice, prompt + chosen and prompt + rejected messages, through ${through}`;
  }
}

export function locationOf(s: Sample): Location {
  return s.unit === 'row' ? { file: s.file, line: s.line, unit: 'row' } : { file: s.file, line: s.line };
}

export function hasUnknown(ids: ArrayLike<number>, flags: Uint8Array): boolean {
  for (let i = 0; i < ids.length; i++) if ((flags[ids[i]!] ?? 0) & (UNKNOWN | BYTE_FALLBACK)) return true;
  return false;
}

export function chatFacts(item: Item, encoding: RawEncoding, flags: Uint8Array) {
  const rendered = item.rendered!;
  const offsets = encoding.offsets!;
  const mask = assistantMask(
    offsets,
    rendered.spans,
    (i) => ((flags[encoding.ids[i]!] ?? 0) & SPECIAL) !== 0,
    rendered.text,
  );
  const chat = item.sample.chat!;
  const messages: ChatMessage[] =
    chat.kind === 'messages'
      ? chat.messages
      : chat.kind === 'prompt-completion-messages'
        ? [...chat.prompt, ...chat.completion]
        : [{ role: 'assistant', content: chat.kind === 'alpaca' ? chat.output : chat.completion }];
  // A tool call is an answer: only an assistant turn with neither text nor tool calls is empty.
  const emptyAnswers = messages.filter(
    (m) =>
      m.role === 'assistant' &&
      m.content.trim() === '' &&
      !(Array.isArray(m.extra?.tool_calls) && m.extra.tool_calls.length),
  ).length;
  return { spans: rendered.spans, mask, emptyAnswers };
}

/** The progress bar on stderr: only in a terminal, at most ten redraws a second. */
