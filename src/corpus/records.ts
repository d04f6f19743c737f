// One record of a structured corpus (JSONL, JSON, CSV/TSV, Parquet) → its samples, in the
// shapes fine-tuning data comes in: a text field; OpenAI/HF `messages` (with `tool_calls`,
// `tool` turns, a top-level `tools` list, content parts); ShareGPT `conversations`; TRL's
// prompt/completion (strings or messages); Alpaca `instruction`/`input`/`output`; and
// preference pairs (`prompt`/`chosen`/`rejected`, strings or messages, or an implicit
// prompt), which give two samples: prompt+chosen and prompt+rejected.
// A record that fits no shape is a RecordError naming what it has; the caller decides
// whether that stops the read or is counted.

import type { ChatMessage, ChatRecord } from '../core/chat/chat-record.js';

export const SHAPES = ['text', 'messages', 'sharegpt', 'prompt-completion', 'alpaca', 'preference'] as const;
export type Shape = (typeof SHAPES)[number];

interface RecordOptions {
  /** Dotted path of the text (or messages) field; default: the shape's own fields. */
  field?: string;
  /** Recognise chat records; off, only a text field is read (snapshot suites of text). */
  chat?: boolean;
  /** Read every record as this shape instead of detecting it. */
  shape?: Shape;
}

export interface RecordSample {
  text: string;
  shape: Shape;
  chat?: ChatRecord;
  /** Which side of a preference pair ('chosen' | 'rejected'). */
  variant?: 'chosen' | 'rejected';
  /** The preference prompt alone, as a chat record (for its length). */
  prompt?: ChatRecord;
  /** An implicit-prompt pair whose chosen and rejected share no opening: its prompt is empty. */
  noSharedPrompt?: true;
}

/** A record that is not one of the shapes: the problem, and what the user can do. */
export class RecordError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    /** What kind of problem, for per-kind counts: 'no known shape', or the shape it breaks. */
    public kind = 'malformed record',
  ) {
    super(message);
  }
}

const FIELD_HINT = 'Choose the text field with --field, or the shape with --shape.';

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
      : record === null
        ? 'null'
        : typeof record;
}

const typeName = (v: unknown) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v);

/**
 * The text of a message's content for locating it in the rendered conversation: a string as
 * is, the text parts of a content-part list joined (images and audio are what the template
 * makes of them). Undefined when it is neither.
 */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (Array.isArray(content) && content.every((p) => p && typeof p === 'object' && typeof p.type === 'string'))
    return content
      .filter((p) => p.type === 'text' && typeof p.text === 'string')
      .map((p) => p.text as string)
      .join('');
  return undefined;
}

function isMessageList(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (m) =>
        m &&
        typeof m === 'object' &&
        (('role' in m && ('content' in m || 'tool_calls' in m)) || ('from' in m && 'value' in m)),
    )
  );
}

function messagesOf(value: unknown[], name: string): ChatMessage[] {
  return value.map((m, i) => {
    const msg = m as Record<string, unknown>;
    const sharegpt = !('role' in msg) && 'from' in msg;
    const rawRole = sharegpt ? msg.from : msg.role;
    if (typeof rawRole !== 'string')
      throw new RecordError(`${name}[${i}] has no string "${sharegpt ? 'from' : 'role'}"`);
    const role = sharegpt ? (SHAREGPT_ROLES[rawRole] ?? rawRole) : rawRole;
    const raw = sharegpt ? msg.value : msg.content;
    const content = contentText(raw);
    if (content === undefined)
      throw new RecordError(
        `${name}[${i}] content is ${Array.isArray(raw) ? 'a list of parts without a "type"' : typeName(raw)}, not a string or content parts`,
      );
    if (sharegpt) return { role, content };
    // Everything else of the message (tool_calls, tool_call_id, name, reasoning, content parts)
    // reaches the template as it is, as apply_chat_template passes it.
    const { role: _r, content: _c, ...rest } = msg;
    const extra: Record<string, unknown> = { ...rest };
    if (Array.isArray(raw)) extra.content = raw;
    return Object.keys(extra).length ? { role, content, extra } : { role, content };
  });
}

function toolsOf(r: Record<string, unknown>): unknown[] | undefined {
  const tools = r.tools;
  if (tools === undefined || tools === null) return undefined;
  // HF datasets exports sometimes keep `tools` as a JSON string.
  if (typeof tools === 'string') {
    try {
      const parsed = JSON.parse(tools);
      if (Array.isArray(parsed)) return parsed;
    } catch {}
    throw new RecordError('"tools" is a string that is not a JSON list of tools');
  }
  if (!Array.isArray(tools)) throw new RecordError(`"tools" is ${typeName(tools)}, not a list of tools`);
  return tools;
}

/** The shape of a record, or undefined when it fits none. */
function detectShape(record: unknown, chat = true): Shape | undefined {
  if (typeof record === 'string') return 'text';
  if (!record || typeof record !== 'object' || Array.isArray(record)) return undefined;
  const r = record as Record<string, unknown>;
  if (chat) {
    if ('messages' in r) return 'messages';
    if ('conversations' in r) return 'sharegpt';
    if ('chosen' in r && 'rejected' in r) return 'preference';
    if ('prompt' in r && 'completion' in r) return 'prompt-completion';
    if ('instruction' in r && 'output' in r) return 'alpaca';
  }
  if ('text' in r) return 'text';
  return undefined;
}

const str = (r: Record<string, unknown>, key: string): string => {
  const v = r[key];
  if (typeof v !== 'string') throw new RecordError(`"${key}" is ${typeName(v)}, not a string`);
  return v;
};

/** The samples of one record. Throws RecordError when the record does not fit its shape. */
export function recordSamples(record: unknown, options: RecordOptions = {}): RecordSample[] {
  const chat = options.chat ?? false;
  if (options.field !== undefined) {
    const { found, value } = valueAt(record, options.field);
    if (!found)
      throw new RecordError(
        `no field "${options.field}" in the record (it has: ${keysOf(record)})`,
        FIELD_HINT,
        `no field ${options.field}`,
      );
    if (typeof value === 'string') return [{ text: value, shape: 'text' }];
    if (chat && isMessageList(value)) {
      const tools = record && typeof record === 'object' ? toolsOf(record as Record<string, unknown>) : undefined;
      return [
        {
          text: '',
          shape: 'messages',
          chat: { kind: 'messages', messages: messagesOf(value, options.field), ...withTools(tools) },
        },
      ];
    }
    throw new RecordError(
      `field "${options.field}" is ${typeName(value)}, not a string${chat ? ' or a list of messages' : ''}`,
      FIELD_HINT,
    );
  }
  const shape = options.shape ?? detectShape(record, chat);
  if (shape === undefined) {
    const known = chat ? ', messages, conversations, prompt/completion, instruction/output or chosen/rejected' : '';
    throw new RecordError(
      `no field "text"${known} in the record (it has: ${keysOf(record)})`,
      FIELD_HINT,
      'no known shape',
    );
  }
  try {
    return shapeSamples(record, shape);
  } catch (e) {
    if (e instanceof RecordError && e.kind === 'malformed record') e.kind = `malformed ${shape} record`;
    throw e;
  }
}

function shapeSamples(record: unknown, shape: Shape): RecordSample[] {
  if (shape === 'text') {
    if (typeof record === 'string') return [{ text: record, shape }];
    const { found, value } = valueAt(record, 'text');
    if (!found) throw new RecordError(`no field "text" in the record (it has: ${keysOf(record)})`, FIELD_HINT);
    if (typeof value !== 'string')
      throw new RecordError(`field "text" is ${typeName(value)}, not a string`, FIELD_HINT);
    return [{ text: value, shape }];
  }
  if (!record || typeof record !== 'object' || Array.isArray(record))
    throw new RecordError(`the record is ${typeName(record)}, not an object of the ${shape} shape`);
  const r = record as Record<string, unknown>;
  const tools = toolsOf(r);
  switch (shape) {
    case 'messages':
    case 'sharegpt': {
      const name = shape === 'messages' ? 'messages' : 'conversations';
      const list = r[name];
      if (!isMessageList(list))
        throw new RecordError(
          `"${name}" is not a list of ${shape === 'messages' ? '{role, content}' : '{from, value}'} messages`,
        );
      return [{ text: '', shape, chat: { kind: 'messages', messages: messagesOf(list, name), ...withTools(tools) } }];
    }
    case 'prompt-completion':
      return [{ text: '', shape, chat: pairOf(r.prompt, r.completion, 'prompt', 'completion', tools) }];
    case 'alpaca': {
      const instruction = str(r, 'instruction');
      const input = r.input === undefined || r.input === null ? '' : str(r, 'input');
      const output = str(r, 'output');
      return [{ text: '', shape, chat: { kind: 'alpaca', instruction, input, output } }];
    }
    case 'preference': {
      // TRL's maybe_extract_prompt: a "prompt" that is not in the format of chosen (a string beside
      // conversations, as some datasets add) is ignored and the prompt extracted from the pair.
      if (!('prompt' in r) || trlConversational(r.prompt) !== trlConversational(r.chosen))
        return implicitPromptPair(r, tools);
      const chosen = pairOf(r.prompt, r.chosen, 'prompt', 'chosen', tools);
      const rejected = pairOf(r.prompt, r.rejected, 'prompt', 'rejected', tools);
      const prompt: ChatRecord =
        chosen.kind === 'prompt-completion'
          ? { kind: 'prompt-completion', prompt: chosen.prompt, completion: '' }
          : { kind: 'messages', messages: (chosen as { prompt: ChatMessage[] }).prompt, ...withTools(tools) };
      return [
        { text: '', shape, variant: 'chosen', chat: chosen, prompt },
        { text: '', shape, variant: 'rejected', chat: rejected },
      ];
    }
  }
}

const withTools = (tools: unknown[] | undefined) => (tools ? { tools } : {});

/**
 * Where TRL's `extract_prompt` splits chosen and rejected (messages, or code points of strings),
 * as its Python loop does: at the first item that differs, one earlier when the item before it
 * is a space (that space goes to the completions); at the last item when none differs (the loop
 * ends on its last index, so identical pairs keep their last item as completions). When the
 * very first item differs, the item "before" it is Python's index -1, the last one: if chosen
 * ends with a space the split is at -1 (prompt: chosen but its last character; completions:
 * the last character of each), and JS's `slice` counts a negative index from the end as Python
 * does. Undefined when chosen or rejected is empty: the loop never runs and TRL fails.
 */
export function extractPromptIndex<T>(
  chosen: readonly T[],
  rejected: readonly T[],
  same: (a: T, b: T) => boolean,
): number | undefined {
  const n = Math.min(chosen.length, rejected.length);
  if (n === 0) return undefined;
  let k = 0;
  while (k < n && same(chosen[k]!, rejected[k]!)) k++;
  if (k === n) return n - 1;
  return chosen.at(k - 1) === ' ' ? k - 1 : k;
}

const EMPTY_SIDE = `"chosen" or "rejected" is empty: TRL's extract_prompt fails on it`;

/**
 * A preference pair without "prompt" (TRL's implicit prompt): chosen and rejected are whole
 * conversations, or whole strings, and the prompt is what they share at the start, as TRL's
 * `maybe_extract_prompt` splits them. A pair that shares nothing has an empty prompt, flagged.
 */
function implicitPromptPair(r: Record<string, unknown>, tools: unknown[] | undefined): RecordSample[] {
  const shape = 'preference';
  if (typeof r.chosen === 'string' && typeof r.rejected === 'string') {
    const chosen = Array.from(r.chosen);
    const k = extractPromptIndex(chosen, Array.from(r.rejected), (a, b) => a === b);
    if (k === undefined) throw new RecordError(EMPTY_SIDE);
    const prompt = chosen.slice(0, k).join('');
    const rest = (s: string) => Array.from(s).slice(k).join('');
    return [
      {
        text: '',
        shape,
        variant: 'chosen',
        chat: { kind: 'prompt-completion', prompt, completion: rest(r.chosen) },
        prompt: { kind: 'prompt-completion', prompt, completion: '' },
        ...(k <= 0 ? { noSharedPrompt: true as const } : {}),
      },
      {
        text: '',
        shape,
        variant: 'rejected',
        chat: { kind: 'prompt-completion', prompt, completion: rest(r.rejected) },
      },
    ];
  }
  if (!isMessageList(r.chosen) || !isMessageList(r.rejected))
    throw new RecordError(
      '"chosen" and "rejected" without a "prompt" must both be strings or both be lists of messages',
    );
  const chosen = messagesOf(r.chosen, 'chosen');
  const rejected = messagesOf(r.rejected, 'rejected');
  const k = extractPromptIndex(chosen, rejected, sameMessage);
  if (k === undefined) throw new RecordError(EMPTY_SIDE);
  const prompt = chosen.slice(0, k);
  const side = (variant: 'chosen' | 'rejected', completion: ChatMessage[]): RecordSample => ({
    text: '',
    shape,
    variant,
    chat: { kind: 'prompt-completion-messages', prompt, completion, ...withTools(tools) },
  });
  return [
    {
      ...side('chosen', chosen.slice(k)),
      // An empty prompt has no rendering of its own (TRL's chat-template step fails on it).
      ...(k > 0
        ? { prompt: { kind: 'messages' as const, messages: prompt, ...withTools(tools) } }
        : { noSharedPrompt: true as const }),
    },
    side('rejected', rejected.slice(k)),
  ];
}

/** Python's `==` on the two message dicts: every key, in any order. */
function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  return a.role === b.role && a.content === b.content && sameValue(a.extra ?? {}, b.extra ?? {});
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameValue(x, bs[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Record<string, unknown>;
  return (
    ka.length === Object.keys(bo).length &&
    ka.every((k) => k in bo && sameValue((a as Record<string, unknown>)[k], bo[k]))
  );
}

/** TRL's `is_conversational` on one column: a list whose first item has "role" and "content". */
function trlConversational(value: unknown): boolean {
  const first = Array.isArray(value) ? (value[0] as unknown) : undefined;
  return !!first && typeof first === 'object' && 'role' in first && 'content' in first;
}

function pairOf(prompt: unknown, completion: unknown, p: string, c: string, tools?: unknown[]): ChatRecord {
  if (typeof prompt === 'string' && typeof completion === 'string')
    return { kind: 'prompt-completion', prompt, completion };
  if (isMessageList(prompt) && isMessageList(completion))
    return {
      kind: 'prompt-completion-messages',
      prompt: messagesOf(prompt, p),
      completion: messagesOf(completion, c),
      ...withTools(tools),
    };
  throw new RecordError(
    `"${p}" and "${c}" must both be strings or both lists of messages (they are ${typeName(prompt)} and ${typeName(completion)})`,
  );
}
