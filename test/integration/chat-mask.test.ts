// Chat templates rendered with @huggingface/jinja from the bundled tokenizers' own
// tokenizer_config.json, and the assistant mask checked token by token.
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatRenderer } from '../../src/core/chat/apply-template.js';
import { assistantMask } from '../../src/core/chat/assistant-mask.js';
import type { ChatMessage } from '../../src/core/chat/chat-record.js';
import { type LoadedTokenizer, loadTokenizer } from '../../src/tokenizers/load.js';
import { SPECIAL, tokenFlags } from '../../src/core/report/token-flags.js';

async function masked(tok: LoadedTokenizer, messages: ChatMessage[]) {
  const renderer = ChatRenderer.fromConfig(tok.files.config);
  const rendered = renderer.render({ kind: 'messages', messages });
  const [enc] = await tok.engine.encodeBatch([rendered.text], rendered.addSpecialTokens, { offsets: true });
  const flags = tokenFlags(tok.vocabulary, []);
  const mask = assistantMask(
    enc!.offsets!,
    rendered.spans,
    (i) => ((flags[enc!.ids[i]!] ?? 0) & SPECIAL) !== 0,
    rendered.text,
  );
  const tokens = enc!.ids.map((id, i) => ({
    piece: enc!.pieces[i]!,
    text: rendered.text.slice(...enc!.offsets![i]!),
    special: ((flags[id] ?? 0) & SPECIAL) !== 0,
    mask: mask[i] === 1,
  }));
  return { rendered, tokens };
}

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Name a whale.' },
  { role: 'assistant', content: 'The sperm whale.' },
  { role: 'user', content: 'Say assistant.' },
  // The answer is the role name: a plain search would find the header first.
  { role: 'assistant', content: 'assistant' },
];

describe('chat rendering and the assistant mask', () => {
  let qwen: LoadedTokenizer;
  let llama: LoadedTokenizer;
  beforeAll(async () => {
    qwen = await loadTokenizer('qwen3');
    llama = await loadTokenizer('llama3.1');
  });

  it('llama3.1: exact masked tokens, template tokens unmasked', async () => {
    const { rendered, tokens } = await masked(llama, [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '  Hello there ' },
    ]);
    // The template trims content and writes bos_token itself.
    expect(rendered.text).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello there<|eot_id|>',
    );
    expect(rendered.addSpecialTokens).toBe(false);
    expect(tokens.filter((t) => t.mask).map((t) => t.piece)).toEqual(['Hello', 'Ġthere', '<|eot_id|>']);
    expect(tokens.map((t) => t.mask)).toEqual(tokens.map((_, i) => i >= tokens.length - 3));
  });

  it('qwen3: exact masked tokens, the think block of the last turn is template', async () => {
    const { rendered, tokens } = await masked(qwen, [
      { role: 'user', content: '2+2?' },
      { role: 'assistant', content: 'It is 4.' },
    ]);
    expect(rendered.text).toBe(
      '<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nIt is 4.<|im_end|>\n',
    );
    expect(tokens.filter((t) => t.mask).map((t) => t.piece)).toEqual(['It', 'Ġis', 'Ġ', '4', '.', '<|im_end|>']);
    // The final newline after <|im_end|> is template, not answer.
    expect(tokens.at(-1)!.mask).toBe(false);
  });

  for (const name of ['qwen3', 'llama3.1'] as const) {
    it(`${name}: token by token, masked text is exactly the assistant contents and one end-of-turn token each`, async () => {
      const tok = name === 'qwen3' ? qwen : llama;
      const { tokens } = await masked(tok, conversation);
      const contents = conversation.filter((m) => m.role === 'assistant').map((m) => m.content.trim());
      const maskedText = tokens
        .filter((t) => t.mask && !t.special)
        .map((t) => t.text)
        .join('');
      expect(maskedText).toBe(contents.join(''));
      const ends = tokens.filter((t) => t.mask && t.special).map((t) => t.piece);
      expect(ends).toEqual(name === 'qwen3' ? ['<|im_end|>', '<|im_end|>'] : ['<|eot_id|>', '<|eot_id|>']);
      // Every unmasked token is template or prompt: none of it is inside an assistant answer.
      for (const [i, t] of tokens.entries()) {
        if (t.mask) continue;
        const prev = tokens[i - 1];
        // An unmasked token right after masked content would mean an answer was cut short.
        if (prev?.mask && !prev.special)
          throw new Error(`token ${i} (${t.piece}) follows masked content without being masked`);
      }
      // The header "assistant" is never masked; the answer "assistant" is.
      const assistantWords = tokens.filter((t) => t.text === 'assistant');
      expect(assistantWords.filter((t) => t.mask)).toHaveLength(1);
      expect(assistantWords.filter((t) => !t.mask).length).toBeGreaterThanOrEqual(2);
    });
  }

  it('prompt/completion pairs: the completion is the assistant part, tokenized with special tokens', async () => {
    const renderer = ChatRenderer.fromConfig(llama.files.config);
    const r = renderer.render({ kind: 'prompt-completion', prompt: 'Q: cat?\nA:', completion: ' chat' });
    // TRL appends EOS to the completion; the span stops before it (the mask takes it as the closing token).
    expect(r.text).toBe('Q: cat?\nA: chat<|eot_id|>');
    expect(r.addSpecialTokens).toBe(true);
    expect(r.spans[1]).toEqual({ role: 'assistant', start: 10, end: 15 });
    const plain = ChatRenderer.fromConfig(llama.files.config, { addEos: false });
    expect(plain.render({ kind: 'prompt-completion', prompt: 'Q:', completion: ' a' }).text).toBe('Q: a');
    // Already there: not doubled.
    expect(renderer.render({ kind: 'prompt-completion', prompt: 'Q:', completion: ' a<|eot_id|>' }).text).toBe(
      'Q: a<|eot_id|>',
    );
  });

  it('a tokenizer without a chat_template refuses chat records', async () => {
    const gpt = await loadTokenizer('gpt4o');
    const renderer = ChatRenderer.fromConfig(gpt.files.config);
    expect(renderer.hasTemplate).toBe(false);
    expect(() => renderer.render({ kind: 'messages', messages: [{ role: 'user', content: 'x' }] })).toThrow(
      /no chat_template/,
    );
  });
});
