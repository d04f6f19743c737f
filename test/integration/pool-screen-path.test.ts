// What the browse screen takes from a js tokenizer's pool instead of reading the tokenizer files
// on its own thread: the fingerprint (hashed in the worker) and the tokens described from the
// vocabulary profile and the pieces the worker sends. Both must equal the whole-file answers.
import { afterAll, describe, expect, it } from 'vitest';
import { toSample } from '../../src/core/tokenized-sample.js';
import { lazyTokenizer, loadTokenizer } from '../../src/tokenizers/load.js';
import { TokenizerPool } from '../../src/tokenizers/pool.js';
import { tokenFlags } from '../../src/core/report/token-flags.js';
import { IdFlags } from '../../src/ui/browse/hazards.js';
import { realLines } from '../support/multilingual-corpus.js';

const pools: TokenizerPool[] = [];
afterAll(async () => Promise.all(pools.map((p) => p.close())));

describe.each(['llama3.1', 'mistral', 'wordpiece-en'])('the screen path over a %s pool', (spec) => {
  it('gives the fingerprint, token descriptions and per-id flags that the tokenizer files give', async () => {
    const pool = await TokenizerPool.open(lazyTokenizer(spec, 'js'), {
      workers: 1,
      offsets: false,
      roundTrip: true,
      pieces: true,
    });
    pools.push(pool);
    const texts = ['The quick brown fox.', '<s> [CLS] <|eot_id|> 日本語 🤗 \u0000 café', ...realLines(40)];
    const raw = await pool.encode(texts, { offsets: true });
    const whole = await loadTokenizer(spec, 'js');
    expect(await pool.fingerprint()).toBe(whole.fingerprint);
    const expected = await whole.engine.encodeBatch(texts, true, { offsets: true });
    texts.forEach((text, i) =>
      expect(toSample(text, raw[i]!, pool.vocabulary!)).toEqual(toSample(text, expected[i]!, whole.vocabulary)),
    );
    // Report's table over the whole vocabulary, and the screen's, learned id by id from the pieces.
    const table = tokenFlags(whole.vocabulary, []);
    const learned = new IdFlags(pool.vocabulary!);
    for (const e of raw) e.ids.forEach((id, t) => expect(learned.of(id, e.pieces[t]!)).toBe(table[id] ?? 0));
    const special = whole.vocabulary.added.values().next().value!;
    expect(learned.of(special.id, special.content)).toBe(table[special.id] ?? 0);
  });
});

describe("a screen's workers stopped while they load", () => {
  it('stop at once: open() fails and close() returns without waiting for the load', async () => {
    const { startScreenWorkers } = await import('../../src/commands/browse-workers.js');
    const { processIo } = await import('../../src/io.js');
    const workers = startScreenWorkers([{ spec: 'llama3.1', engine: 'js' }], processIo());
    const pool = [...workers.early!.values()][0]!;
    // A later check of the command failed: it stops the workers before they are ready.
    await workers.close();
    await expect(pool).rejects.toThrow('stopped before it was ready');
  });
});
