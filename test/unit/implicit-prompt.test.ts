import { describe, expect, it } from 'vitest';
import { extractPromptIndex, recordSamples } from '../../src/corpus/records.js';

const chars = (a: string, b: string) => extractPromptIndex([...a], [...b], (x, y) => x === y);

describe("TRL's implicit prompt", () => {
  it('ends at the first difference, the space before it going to the completions', () => {
    expect(chars('The sky is blue.', 'The sky is green.')).toBe('The sky is'.length);
    expect(chars('Yes.', 'No.')).toBe(0);
    // Nothing differs: the loop ends on its last index.
    expect(chars('same', 'same')).toBe(3);
    expect(chars('ab', 'abc')).toBe(1);
    // The first character differs and chosen ends with a space: Python's chosen[-1] is that space.
    expect(chars('Yes ', 'No.')).toBe(-1);
    expect(chars('Yes.', 'No ')).toBe(0);
    // An empty side: TRL's loop never runs and it fails.
    expect(chars('', 'x')).toBeUndefined();
  });

  it('splits as TRL does at the edges: identical pairs, a negative index, an empty side', () => {
    const split = (chosen: unknown, rejected: unknown) =>
      recordSamples({ chosen, rejected }, { chat: true }).map((s) => s.chat);
    // Identical strings: all but the last character is the prompt.
    expect(split('The sky.', 'The sky.')).toEqual([
      { kind: 'prompt-completion', prompt: 'The sky', completion: '.' },
      { kind: 'prompt-completion', prompt: 'The sky', completion: '.' },
    ]);
    // chosen[:-1], chosen[-1:], rejected[-1:], by code points.
    expect(split('Yes, blue 🤗 ', 'No.🤗')).toEqual([
      { kind: 'prompt-completion', prompt: 'Yes, blue 🤗', completion: ' ' },
      { kind: 'prompt-completion', prompt: 'Yes, blue 🤗', completion: '🤗' },
    ]);
    const [first] = recordSamples({ chosen: 'Yes ', rejected: 'No.' }, { chat: true });
    expect(first!.noSharedPrompt).toBe(true);
    // Identical conversations: all but the last message is the prompt.
    const u = { role: 'user', content: 'What color is the sky?' };
    const a = { role: 'assistant', content: 'Blue.' };
    const same = recordSamples({ chosen: [u, a], rejected: [u, a] }, { chat: true });
    expect(same.map((s) => s.chat)).toEqual([
      { kind: 'prompt-completion-messages', prompt: [u], completion: [a] },
      { kind: 'prompt-completion-messages', prompt: [u], completion: [a] },
    ]);
    expect(() => recordSamples({ chosen: '', rejected: 'x' }, { chat: true })).toThrow(/TRL's extract_prompt fails/);
    expect(() => recordSamples({ chosen: [], rejected: [u, a] }, { chat: true })).toThrow(/"chosen"/);
  });

  it("compares messages as Python's == does, keys in any order", () => {
    const call = { id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } };
    const one = { role: 'assistant', content: '', tool_calls: [call] };
    const reordered = {
      tool_calls: [{ function: { arguments: '{}', name: 'f' }, type: 'function', id: 'c1' }],
      content: '',
      role: 'assistant',
    };
    const u = { role: 'user', content: 'Call f.' };
    const [chosen] = recordSamples(
      {
        chosen: [u, one, { role: 'assistant', content: 'A' }],
        rejected: [u, reordered, { role: 'assistant', content: 'B' }],
      },
      { chat: true },
    );
    expect((chosen!.chat as { prompt: unknown[] }).prompt).toHaveLength(2);
  });

  it('ignores a "prompt" not in the format of chosen and extracts it from the pair, as maybe_extract_prompt does', () => {
    const u = { role: 'user', content: 'What color is the sky?' };
    const samples = recordSamples(
      {
        prompt: 'What color is the sky?',
        chosen: [u, { role: 'assistant', content: 'Blue.' }],
        rejected: [u, { role: 'assistant', content: 'Green.' }],
      },
      { chat: true },
    );
    expect(samples.map((s) => s.chat)).toEqual([
      { kind: 'prompt-completion-messages', prompt: [u], completion: [{ role: 'assistant', content: 'Blue.' }] },
      { kind: 'prompt-completion-messages', prompt: [u], completion: [{ role: 'assistant', content: 'Green.' }] },
    ]);
  });

  it('splits strings and conversations; a pair with no shared opening is flagged, its prompt empty', () => {
    const [chosen, rejected] = recordSamples(
      { chosen: 'The sky is blue.', rejected: 'The sky is green.' },
      { chat: true },
    );
    expect(chosen!.chat).toEqual({ kind: 'prompt-completion', prompt: 'The sky is', completion: ' blue.' });
    expect(rejected!.chat).toEqual({ kind: 'prompt-completion', prompt: 'The sky is', completion: ' green.' });
    expect(chosen!.noSharedPrompt).toBeUndefined();
    const u = { role: 'user', content: 'What color is the sky?' };
    const turns = recordSamples(
      { chosen: [u, { role: 'assistant', content: 'Blue.' }], rejected: [{ role: 'user', content: 'Hi' }] },
      { chat: true },
    );
    expect(turns[0]!.noSharedPrompt).toBe(true);
    expect(turns[0]!.prompt).toBeUndefined();
  });
});
