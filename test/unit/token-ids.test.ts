// Token ids in a tokenizer.json: a damaged one is one line naming the file and the entry, the same
// whether the ids are checked in the parsed file (readTokenizerFiles, every engine) or, for the js
// engine, in the Map its library built of model.vocab after loading (loadTokenizer).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTokenizer, readTokenizerFiles } from '../../src/tokenizers/load.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-ids-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A copy of a fixture tokenizer with `damage` applied to its parsed JSON. */
function damaged(fixture: string, damage: (json: any) => void): string {
  const json = JSON.parse(fs.readFileSync(path.join(FIXTURES, fixture, 'tokenizer.json'), 'utf8'));
  damage(json);
  const file = path.join(tmp, `t${n++}`, 'tokenizer.json');
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

/** The vocabulary's second entry (in the file's order) set to `id`. */
const secondId = (id: unknown) => (json: any) => {
  const token = Object.keys(json.model.vocab)[1]!;
  json.model.vocab[token] = id;
};

const errorOf = async (load: () => unknown): Promise<string> => {
  try {
    await load();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('token ids of a tokenizer.json', () => {
  for (const fixture of ['mini-bpe', 'tokenizers/wordpiece', 'tokenizers/byte-bpe'])
    for (const id of [1e300, -1, 2 ** 30, 1.5, '7', null])
      it(`${fixture}: a vocabulary id of ${JSON.stringify(id)} is the same one-line error through the js engine`, async () => {
        const file = damaged(fixture, secondId(id));
        const checked = await errorOf(() => readTokenizerFiles(file));
        expect(checked).toMatch(/model\.vocab\[".*"\] is .*, not a token id \(a whole number from 0 to 16,777,215\)/);
        expect(await errorOf(() => loadTokenizer(file, 'js'))).toBe(checked);
      });

  it('names the first damaged entry in the file, whether the library wrote an added token over it or not', async () => {
    for (const fixture of ['tokenizers/wordpiece', 'mini-bpe']) {
      const file = damaged(fixture, (json) => {
        const tokens = Object.keys(json.model.vocab);
        json.model.vocab[tokens[tokens.length - 1]!] = -5;
        for (const t of json.added_tokens ?? []) if (t.content in json.model.vocab) json.model.vocab[t.content] = -2;
      });
      const checked = await errorOf(() => readTokenizerFiles(file));
      expect(checked).toMatch(/not a token id/);
      expect(await errorOf(() => loadTokenizer(file, 'js'))).toBe(checked);
    }
  });

  it('an added token id past 2^24 is found before the engine loads', async () => {
    const file = damaged('mini-bpe', (json) => {
      json.added_tokens = [...(json.added_tokens ?? []), { id: 2 ** 30, content: '<huge>', special: true }];
    });
    expect(await errorOf(() => loadTokenizer(file, 'js'))).toMatch(
      /added_tokens\[\d+\] has id 1073741824, past the largest token id tokpeek reads \(16,777,215\)/,
    );
  });

  it('a sound tokenizer loads', async () => {
    expect((await loadTokenizer(path.join(FIXTURES, 'mini-bpe', 'tokenizer.json'), 'js')).engine.name).toBe('js');
  });
});
