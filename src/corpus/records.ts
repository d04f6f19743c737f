// One record of a structured corpus (JSONL, JSON, CSV/TSV, Parquet) → one sample: its text
// field, or, for chat data, its messages (`messages`, ShareGPT `conversations`) or its
// prompt/completion pair. Every problem names the file and line (or row).

import { InputError } from '../errors.js';
import type { ChatMessage, ChatRecord } from '../core/chat/render.js';

export interface RecordOptions {
  /** Dotted path of the text (or messages) field; default: auto (messages, conversations, prompt+completion, text). */
  field?: string;
  /** Recognise chat records; off, only a text field is read (the behaviour of browse). */
  chat?: boolean;
}

export interface RecordText {
  text: string;
  chat?: ChatRecord;
}

const SHAREGPT_ROLES: Record<string, string> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  system: 'system',
  tool: 'tool',
  function_call: 'assistant',
  observation: 'tool',
};

function where(file: string, line: number, unit?: 'row'): [string, number | undefined] {
  return unit === 'row' ? [`${file} row ${line}`, undefined] : [file, line];
}

function fail(file: string, line: number, unit: 'row' | undefined, problem: string, hint?: string): never {
  const [f, l] = where(file, line, unit);
  throw new InputError(f, problem, l, hint);
}

function valueAt(record: unknown, path: string): { found: boolean; value: unknown } {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value && typeof value === 'object' && key in (value as object)) value = (value as Record<string, unknown>)[key];
    else return { found: false, value: undefined };
  }
  return { found: true, value };
}

function keysOf(record: unknown): string {
  return record && typeof record === 'object' && !Array.isArray(record)
    ? Object.keys(record).join(', ') || 'nothing'
    : Array.isArray(record)
      ? 'an array'
      : typeof record;
}

function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  // OpenAI-style content parts: keep the text parts.
  if (
    Array.isArray(content) &&
    content.every(
      (p) => p && typeof p === 'object' && (p as any).type === 'text' && typeof (p as any).text === 'string',
    )
  ) {
    return content.map((p) => (p as any).text as string).join('');
  }
  return undefined;
}

export function isMessageList(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((m) => m && typeof m === 'object' && (('role' in m && 'content' in m) || ('from' in m && 'value' in m)))
  );
}

function messagesOf(value: unknown[], name: string, file: string, line: number, unit?: 'row'): ChatMessage[] {
  return value.map((m, i) => {
    const msg = m as Record<string, unknown>;
    const sharegpt = !('role' in msg) && 'from' in msg;
    const rawRole = sharegpt ? msg.from : msg.role;
    if (typeof rawRole !== 'string')
      fail(file, line, unit, `${name}[${i}] has no string "${sharegpt ? 'from' : 'role'}"`);
    const role = sharegpt ? (SHAREGPT_ROLES[rawRole] ?? rawRole) : rawRole;
    const content = contentText(sharegpt ? msg.value : msg.content);
    if (content === undefined)
      fail(
        file,
        line,
        unit,
        `${name}[${i}] content is ${Array.isArray(msg.content) ? 'an array of non-text parts' : typeof msg.content}, not a string`,
      );
    return { role, content };
  });
}

export function recordText(
  record: unknown,
  file: string,
  line: number,
  options: RecordOptions = {},
  unit?: 'row',
): RecordText {
  const chat = options.chat ?? false;
  if (options.field !== undefined) {
    const { found, value } = valueAt(record, options.field);
    if (!found)
      fail(
        file,
        line,
        unit,
        `no field "${options.field}" in the record (it has: ${keysOf(record)})`,
        'Choose the text field with --field.',
      );
    if (typeof value === 'string') return { text: value };
    if (chat && isMessageList(value))
      return { text: '', chat: { kind: 'messages', messages: messagesOf(value, options.field, file, line, unit) } };
    fail(
      file,
      line,
      unit,
      `field "${options.field}" is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}, not a string${chat ? ' or a list of messages' : ''}`,
      'Choose the text field with --field.',
    );
  }
  if (chat && record && typeof record === 'object' && !Array.isArray(record)) {
    const r = record as Record<string, unknown>;
    if (r.messages !== undefined) {
      if (!isMessageList(r.messages)) fail(file, line, unit, '"messages" is not a list of {role, content} messages');
      return { text: '', chat: { kind: 'messages', messages: messagesOf(r.messages, 'messages', file, line, unit) } };
    }
    if (r.conversations !== undefined && isMessageList(r.conversations)) {
      return {
        text: '',
        chat: { kind: 'messages', messages: messagesOf(r.conversations, 'conversations', file, line, unit) },
      };
    }
    if ('prompt' in r && 'completion' in r) {
      if (typeof r.prompt === 'string' && typeof r.completion === 'string')
        return { text: '', chat: { kind: 'prompt-completion', prompt: r.prompt, completion: r.completion } };
      if (isMessageList(r.prompt) && isMessageList(r.completion)) {
        return {
          text: '',
          chat: {
            kind: 'prompt-completion-messages',
            prompt: messagesOf(r.prompt, 'prompt', file, line, unit),
            completion: messagesOf(r.completion, 'completion', file, line, unit),
          },
        };
      }
      fail(file, line, unit, '"prompt" and "completion" must both be strings or both lists of messages');
    }
  }
  if (typeof record === 'string') return { text: record };
  const { found, value } = valueAt(record, 'text');
  if (!found) {
    const known = chat ? ' and no messages, conversations or prompt/completion' : '';
    fail(
      file,
      line,
      unit,
      `no field "text" in the record${known} (it has: ${keysOf(record)})`,
      'Choose the text field with --field.',
    );
  }
  if (typeof value !== 'string')
    fail(
      file,
      line,
      unit,
      `field "text" is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}, not a string`,
      'Choose the text field with --field.',
    );
  return { text: value };
}
