import { describe, expect, it } from 'vitest';
import { recordSamples, sharedPromptLength } from '../../src/corpus/records.js';

const chars = (a: string, b: string) => sharedPromptLength([...a], [...b], (x, y) => x === y);

describe("TRL's implicit prompt", () => {
  it('ends at the first difference, the space before it going to the completions', () => {
    expect(chars('The sky is blue.', 'The sky is green.')).toBe('The sky is'.length);
    expect(chars('Yes.', 'No.')).toBe(0);
    // Nothing differs: the loop ends on its last index.
    expect(chars('same', 'same')).toBe(3);
    expect(chars('ab', 'abc')).toBe(1);
    expect(chars('', 'x')).toBe(0);
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
