// PoolOptions.whileStarting: work for the opening thread while the workers load (report hashes
// the fingerprint and lets go of the parsed tokenizer.json there), run once, before open() resolves.
import { describe, expect, it } from 'vitest';
import { lazyTokenizer, loadTokenizer } from '../../src/tokenizers/load.js';
import { TokenizerPool } from '../../src/tokenizers/pool.js';

describe('a pool opened with work for the meanwhile', () => {
  it('runs it once, before open() resolves, and then encodes as without it', async () => {
    const tok = lazyTokenizer('mistral', 'js');
    let opened = false;
    const calls: boolean[] = [];
    const opening = TokenizerPool.open(tok, {
      workers: 2,
      offsets: false,
      whileStarting: () => {
        calls.push(opened);
        void tok.fingerprint;
        tok.releaseModel?.();
      },
    });
    const pool = await opening.then((p) => {
      opened = true;
      return p;
    });
    try {
      expect(calls).toEqual([false]);
      const whole = await loadTokenizer('mistral', 'js');
      // Hashed before the parsed file was let go of, and the table's vocabulary took its place.
      expect(tok.fingerprint).toBe(whole.fingerprint);
      expect(tok.vocabulary.pieceOf(22557)).toBe(whole.vocabulary.pieceOf(22557));
      const texts = ['Hello world', '<s> [INST] 日本語 🤗 </s>'];
      const [a, b] = await pool.encode(texts);
      const expected = await whole.engine.encodeBatch(texts, true, { offsets: false });
      expect([a!.ids, b!.ids]).toEqual(expected.map((e) => e.ids));
    } finally {
      await pool.close();
    }
  });

  it('leaves no listener of its own on the workers', async () => {
    const events = ['online', 'message', 'error', 'exit'] as const;
    const counts = async (whileStarting?: () => void) => {
      const pool = await TokenizerPool.open(lazyTokenizer('mistral', 'js'), { workers: 1, whileStarting });
      const [worker] = (pool as unknown as { workers: import('node:worker_threads').Worker[] }).workers;
      const n = events.map((e) => worker!.listenerCount(e));
      await pool.close();
      return n;
    };
    expect(await counts(() => {})).toEqual(await counts());
  });

  it('runs it with no workers too, and a failure there fails open()', async () => {
    let ran = 0;
    const none = await TokenizerPool.open(lazyTokenizer('mistral', 'js'), {
      workers: 0,
      whileStarting: () => void ran++,
    });
    expect(ran).toBe(1);
    await none.close();
    const failing = TokenizerPool.open(lazyTokenizer('mistral', 'js'), {
      workers: 1,
      whileStarting: () => {
        throw new Error('meanwhile failed');
      },
    });
    await expect(failing).rejects.toThrow('meanwhile failed');
  });
});
