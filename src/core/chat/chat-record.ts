// Chat data as tokpeek reads it (the shapes trainers accept) and as it comes out of the template:
// the rendered text, and where each message's content landed in it.

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
