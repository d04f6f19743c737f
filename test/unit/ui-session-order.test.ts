// The order in which the browse session asks its workers for things: the sample on screen first,
// and nothing else (counts, fingerprints) until its tokens are drawn, so that no worker competes
// with the thread drawing the first tokens; then the rest of the corpus is read without holding
// that thread for long. A fake pool records what it is asked.
import { describe, expect, it } from 'vitest';
import type { ShownSample } from '../../src/corpus/shown-samples.js';
import type { RawEncoding } from '../../src/core/token-model.js';
import { Vocabulary } from '../../src/core/vocabulary.js';
import type { LoadedTokenizer } from '../../src/tokenizers/load.js';
import type { TokenizerPool } from '../../src/tokenizers/pool.js';
import { CorpusSession } from '../../src/ui/browse/corpus-session.js';
import { SampleBudgetError } from '../../src/time-budget.js';

function session(texts: string[] | AsyncIterable<ShownSample>, asked: string[]): CorpusSession {
  const tokenizer = { vocabulary: new Vocabulary({ model: { type: 'BPE', vocab: {} } }) } as unknown as LoadedTokenizer;
  return new CorpusSession({
    samples: Array.isArray(texts) ? texts.map((text, i) => ({ text, file: 'c.txt', line: i + 1 })) : texts,
    loadTokenizers: async () => [tokenizer],
    loadsElsewhere: true,
    workers: 1,
    tokenizing: {
      openPool: async () => fakePool(asked),
      tokenizeHere: async () => {
        throw new Error('not on this thread');
      },
    },
  });
}

function fakePool(asked: string[]) {
  const encode = async (texts: string[], o: { offsets?: boolean } = {}): Promise<RawEncoding[]> => {
    asked.push(`${o.offsets ? 'offsets' : 'count'} ${texts.join(',')}`);
    const evil = texts.find((t) => t.startsWith('evil'));
    if (evil) throw new SampleBudgetError(evil, texts.indexOf(evil), 1000);
    return texts.map((t) => ({ ids: [1], pieces: [t], inserted: [false], offsets: [[0, t.length]] }));
  };
  const fingerprint = async () => {
    asked.push('fingerprint');
    return 'sha256:0';
  };
  return { encode, fingerprint, close: async () => {} } as unknown as TokenizerPool;
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('browse session: what the workers are asked, in order', () => {
  it('tokenizes the sample on screen, and counts only once its tokens are drawn', async () => {
    const asked: string[] = [];
    const s = session(['first', 'second', 'third'], asked);
    s.start();
    await tick();
    s.setVisible([0, 1, 2]);
    expect(s.tokenized(0, 0)).toBeUndefined(); // the first frame asks for sample 1
    s.startLoading();
    await tick();
    expect(asked).toEqual(['offsets first']);
    expect(s.tokenized(0, 0)?.tokens.map((t) => t.text)).toEqual(['first']);
    s.tokensShown(); // the screen drew them
    await tick();
    expect(asked).toEqual(['offsets first', 'count second,third', 'fingerprint']);
    await s.close();
  });

  it('does not count again a sample whose tokenization ran out of time: it shows the error, counted as failed', async () => {
    const asked: string[] = [];
    const s = session(['evil text', 'second'], asked);
    s.start();
    await tick();
    s.setVisible([0, 1]);
    s.tokenized(0, 0);
    s.startLoading();
    await tick();
    expect(s.failure(0, 0)).toMatch(/took over/);
    await tick();
    expect(asked).toEqual(['offsets evil text', 'count second', 'fingerprint']);
    await s.close();
  });

  it('reads the rest of a large corpus in slices: the event loop (keys, frames) gets turns meanwhile', async () => {
    // A file's 1 MiB chunk becomes thousands of samples through promise callbacks alone: read in
    // one go, a key pressed after the first tokens waited ~40 ms per chunk at each step to its frame.
    const total = 300_000;
    async function* samples(): AsyncIterable<ShownSample> {
      for (let i = 0; i < total; i++) yield { text: 's', file: 'c.txt', line: i + 1 };
    }
    const s = session(samples(), []);
    s.start();
    await tick();
    expect(s.samples.length).toBe(200); // a screenful, then it waits for the first tokens
    s.tokensShown();
    const duringRead = await new Promise<number>((r) => setImmediate(() => r(s.samples.length)));
    expect(duringRead).toBeLessThan(total);
    while (!s.readingDone) await tick();
    expect(s.samples.length).toBe(total);
    await s.close();
  });
});
