// Preference pairs without "prompt" (TRL's implicit prompt), through the real binary on the
// bundled Qwen3 tokenizer and real text: the prompt is what chosen and rejected share at the
// start, split as TRL's extract_prompt splits it (ported here from its Python, independently of
// tokpeek's code), rendered by @huggingface/transformers' apply_chat_template and counted by the
// Rust binding. A pair with no shared opening is counted whole and listed as "no shared prompt".

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Record_, jsonl, shapeRecords } from '../support/dataset-shapes.js';
import { ROOT, runCli } from '../support/run-cli.js';

const FOLDER = path.join(ROOT, 'src', 'bundled', 'qwen3');
let tmp: string;
let file: string;

/** TRL's extract_prompt, as its Python runs (a for loop that ends on its last index; index -1 is the last item). */
function trlExtractPrompt<T>(chosen: T[], rejected: T[]): { prompt: T[]; chosen: T[]; rejected: T[] } {
  const same = (a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
  const n = Math.min(chosen.length, rejected.length);
  let idx = 0;
  for (let i = 0; i < n; i++) {
    idx = i;
    if (!same(chosen[i]!, rejected[i]!)) {
      if (chosen.at(i - 1) === (' ' as T)) idx = i - 1;
      break;
    }
  }
  const cut = (xs: T[]) => (idx < 0 ? xs.slice(xs.length + idx) : xs.slice(idx));
  const head = idx < 0 ? chosen.slice(0, chosen.length + idx) : chosen.slice(0, idx);
  return { prompt: head, chosen: cut(chosen), rejected: cut(rejected) };
}

// Conversations of Moby-Dick and State of the Union text, and pairs made from them.
const conversations = shapeRecords(8).messages!.map((r) => r.messages as Record_[]);
const texts = shapeRecords(8).text!.map((r) => r.text as string);
const other = (m: Record_[]) => [...m.slice(0, -1), { role: 'assistant', content: texts[m.length]! }];
const records: Record_[] = [
  // Multi-turn pairs differing in the last answer: the prompt is every turn before it.
  ...conversations.slice(0, 3).map((m) => ({ chosen: m, rejected: other(m) })),
  // The same conversation twice: TRL's loop ends on the last index, so the prompt is all but the last message.
  { chosen: conversations[3], rejected: conversations[3] },
  // Two different conversations: no shared opening.
  { chosen: conversations[4], rejected: conversations[5] },
  { chosen: conversations[6], rejected: conversations[7] },
  // Strings sharing a sentence: the space before the difference goes to the completions.
  ...[0, 1, 2].map((i) => ({
    chosen: `${texts[i]!.split('. ')[0]}. Indeed ${texts[i + 3]}`,
    rejected: `${texts[i]!.split('. ')[0]}. Perhaps ${texts[i + 4]}`,
  })),
  // Strings from the first character on: an empty prompt.
  { chosen: `Yes. ${texts[6]}`, rejected: `No. ${texts[7]}` },
  // The same string twice: all but its last character is the prompt.
  { chosen: texts[0], rejected: texts[0] },
  // Different from the start, chosen ending with a space: Python's chosen[-1] is that space, so
  // the prompt is chosen but its last character and the completions are each one's last character.
  { chosen: `Indeed ${texts[1]} `, rejected: `Perhaps ${texts[2]}` },
  // A string "prompt" beside conversations (as some datasets add): maybe_extract_prompt ignores it.
  { prompt: conversations[0]![0]!.content, chosen: conversations[0], rejected: other(conversations[0]!) },
];
const NO_SHARED_LINES = [5, 6, 10, 12];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-implicit-prompt-'));
  file = path.join(tmp, 'pairs.jsonl');
  fs.writeFileSync(file, jsonl(records));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function oracle() {
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(FOLDER) + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(FOLDER));
  const rust = RustTokenizer.fromFile(path.join(FOLDER, 'tokenizer.json'));
  const eos = tokenizer.eos_token as string;
  const count = async (text: string, specials: boolean) =>
    (await rust.encode(text, undefined, { addSpecialTokens: specials })).getIds().length;
  const out = { prompt: [] as number[], chosen: [] as number[], rejected: [] as number[], noShared: [] as number[] };
  const differFromStart = (a: unknown[], b: unknown[]) => JSON.stringify(a[0]) !== JSON.stringify(b[0]);
  for (const [i, r] of records.entries()) {
    // maybe_extract_prompt: a record's "prompt" counts only in the format of its chosen (none here do).
    expect(typeof r.prompt === 'string' && typeof r.chosen !== 'string').toBe('prompt' in r);
    if (typeof r.chosen === 'string') {
      const split = trlExtractPrompt([...(r.chosen as string)], [...(r.rejected as string)]);
      const prompt = split.prompt.join('');
      if (differFromStart([...(r.chosen as string)], [...(r.rejected as string)])) out.noShared.push(i + 1);
      out.prompt.push(await count(prompt, true));
      for (const side of ['chosen', 'rejected'] as const) {
        const whole = prompt + split[side].join('');
        out[side].push(await count(whole.endsWith(eos) ? whole : whole + eos, true));
      }
      continue;
    }
    const split = trlExtractPrompt(r.chosen as Record_[], r.rejected as Record_[]);
    const render = (messages: Record_[], generation: boolean) =>
      tokenizer.apply_chat_template(messages as any, { tokenize: false, add_generation_prompt: generation }) as string;
    if (differFromStart(r.chosen as Record_[], r.rejected as Record_[])) out.noShared.push(i + 1);
    if (split.prompt.length > 0) out.prompt.push(await count(render(split.prompt, true), false));
    for (const side of ['chosen', 'rejected'] as const)
      out[side].push(await count(render([...split.prompt, ...split[side]], false), false));
  }
  return out;
}

const summary = (xs: number[]) => ({
  count: xs.length,
  tokens: xs.reduce((a, b) => a + b, 0),
  min: Math.min(...xs),
  max: Math.max(...xs),
});
const pick = (x: any) => ({ count: x.count, tokens: x.tokens, min: x.min, max: x.max });

describe('preference pairs with an implicit prompt', () => {
  it('the prompt alone, prompt+chosen and prompt+rejected equal the independent count, no shared prompt listed', async () => {
    const run = await runCli(['report', file, '-t', 'qwen3', '--format', 'json', '--workers', '0']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    const want = await oracle();
    expect(want.noShared).toEqual(NO_SHARED_LINES);
    expect(r.preference.pairs).toBe(records.length);
    expect(pick(r.preference.chosen)).toEqual(summary(want.chosen));
    expect(pick(r.preference.rejected)).toEqual(summary(want.rejected));
    // Conversations with no shared opening have no prompt to render; strings have the empty one.
    expect(pick(r.preference.prompt)).toEqual(summary(want.prompt));
    expect(r.preference.prompt.count).toBe(records.length - 2);
    expect(r.preference.noSharedPrompt.count).toBe(NO_SHARED_LINES.length);
    expect(r.preference.noSharedPrompt.examples.map((e: any) => e.line)).toEqual(NO_SHARED_LINES);
    // The pairs are reviewed whole all the same: no record rejected.
    expect(r.inputs.rejected.count).toBe(0);
  });

  it('text and markdown name the pairs with no shared prompt; --fail-on no-prompt gates on them', async () => {
    const text = await runCli(['report', file, '-t', 'qwen3', '--workers', '0', '--no-progress']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/no shared prompt {2}4 pairs without "prompt" whose chosen and rejected differ/);
    expect(text.stdout).toContain(`${file}:5`);
    const md = await runCli(['report', file, '-t', 'qwen3', '--workers', '0', '--format', 'markdown']);
    expect(md.stdout).toMatch(/### Preference pairs \(13\)/);
    expect(md.stdout).toMatch(/- no shared prompt: 4 pair\(s\).*`[^`]*pairs\.jsonl:5`/);
    const gate = await runCli(['report', file, '-t', 'qwen3', '--workers', '0', '--fail-on', 'no-prompt>0']);
    expect(gate.code).toBe(1);
    expect(gate.stderr).toMatch(/no-prompt/);
  });
});
