// Each synthetic edit of a fixture tokenizer, tokenized for real (js engine, in-process),
// is caught and classified; the tokenizer-file comparison names the section that changed.

import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { classifyDrift, type Tokenization } from '../../src/core/snapshot/classify.js';
import { tokenDisplay } from '../../src/core/snapshot/text-escape.js';
import { tokenHunks } from '../../src/core/snapshot/token-diff.js';
import { compareDigests } from '../../src/core/snapshot/tokenizer-changes.js';
import { tokenizerDigest } from '../../src/core/snapshot/tokenizer-digest.js';
import { compareTokenizerFiles } from '../../src/core/snapshot/tokenizer-file-changes.js';
import {
  MINI_BPE,
  WORDPIECE,
  addSpecialToken,
  editedCopy,
  lowercase,
  mergesAsPairs,
  removeMergeProducing,
  swapIds,
  withoutBos,
} from '../support/fixture-tokenizers.js';

const TEXT = 'Call me Ishmael. Some years ago<|sep|>never mind how long precisely';

async function tokenize(
  folder: string,
  text = TEXT,
  engine: 'js' | 'rust' = 'js',
): Promise<Tokenization & { files: any }> {
  const t = await loadTokenizer(folder, engine, {});
  const [raw] = await t.engine.encodeBatch([text], true, { offsets: false });
  const tokens = raw!.ids.map((id, i) =>
    tokenDisplay(t.vocabulary.describe(id, raw!.pieces[i]!, 0, 0, raw!.inserted[i]!)),
  );
  return { tokens, ids: raw!.ids, files: t.files };
}

describe('synthetic edits of the mini-bpe fixture', () => {
  it('the unedited copy matches itself, on both engines', async () => {
    const a = await tokenize(MINI_BPE);
    const b = await tokenize(editedCopy(MINI_BPE));
    const c = await tokenize(MINI_BPE, TEXT, 'rust');
    expect(classifyDrift(a, b)).toEqual([]);
    expect(c.ids).toEqual(a.ids);
    expect(a.tokens[0]).toBe('⟦+<s>⟧');
  });

  it('a removed merge moves token boundaries', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { tokenizer: (t) => removeMergeProducing(t, 'Ġme') }));
    expect(classifyDrift(before, after)).toEqual(['boundaries']);
    const [hunk] = tokenHunks(before, after);
    expect(hunk!.removed.map((t) => t.token)).toEqual(['·me']);
    expect(hunk!.added.map((t) => t.token).join('')).toBe('·me');
    const change = compareTokenizerFiles(before.files, after.files);
    expect(change.sections.map((s) => s.section)).toEqual(['model.merges']);
    expect(change.sections[0]!.counts).toMatchObject({ removed: 1, added: 0 });
  });

  it('an added special token is a special-token change', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { tokenizer: (t) => addSpecialToken(t, '<|sep|>') }));
    expect(after.tokens).toContain('⟦<|sep|>⟧');
    expect(classifyDrift(before, after)).toEqual(['special-tokens']);
    const change = compareTokenizerFiles(before.files, after.files);
    expect(change.sections.map((s) => s.section)).toEqual(['added_tokens']);
    expect(change.sections[0]!.detail).toMatch(/added "<\|sep\|>" \(id \d+, special\)/);
  });

  it('a changed normalizer changes the text the model sees', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { tokenizer: lowercase }));
    expect(classifyDrift(before, after)).toEqual(['normalization']);
    const change = compareTokenizerFiles(before.files, after.files);
    expect(change.sections).toEqual([
      expect.objectContaining({ section: 'normalizer', before: 'none', after: 'Lowercase' }),
    ]);
  });

  it('a renumbered vocabulary is a remap: same tokens, other ids', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { tokenizer: (t) => swapIds(t, 'all', 'Ġme') }));
    expect(after.tokens).toEqual(before.tokens);
    expect(classifyDrift(before, after)).toEqual(['vocab-remap']);
    const change = compareTokenizerFiles(before.files, after.files);
    expect(change.sections[0]).toMatchObject({
      section: 'model.vocab',
      counts: { added: 0, removed: 0, renumbered: 2 },
    });
  });

  it('BOS no longer added, and the length now within max_length', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { tokenizer: withoutBos }));
    expect(classifyDrift(before, after)).toEqual(['special-tokens']);
    expect(classifyDrift(before, after, after.ids.length)).toEqual(['special-tokens', 'max-length']);
    const change = compareTokenizerFiles(before.files, after.files);
    expect(change.sections).toEqual([
      expect.objectContaining({ section: 'post_processor', before: '<s> $A', after: '$A' }),
    ]);
  });

  it('add_bos_token flipped: no id changes with the js engine, reported as a config change with a warning', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { config: (c) => (c.add_bos_token = true) }));
    expect(classifyDrift(before, after)).toEqual([]);
    const change = compareTokenizerFiles(before.files, after.files, { engine: 'js' });
    expect(change.sections).toEqual([
      expect.objectContaining({
        file: 'tokenizer_config.json',
        section: 'add_bos_token',
        before: 'false',
        after: 'true',
      }),
    ]);
    expect(change.warnings.join('\n')).toMatch(
      /js engine ignores this flag.*Python transformers honours it.* and now adds the BOS token/,
    );
    // The header digests say the same without the old files.
    const fromHeaders = compareDigests(tokenizerDigest(before.files), tokenizerDigest(after.files), {
      fingerprintChanged: true,
      engine: 'js',
    });
    expect(fromHeaders.sections).toEqual([
      expect.objectContaining({ section: 'add_bos_token', before: 'false', after: 'true' }),
    ]);
    expect(fromHeaders.warnings).toHaveLength(1);
    // Under the transformers engine the advice says what transformers.js does, not what Python does.
    const underTransformers = compareDigests(tokenizerDigest(before.files), tokenizerDigest(after.files), {
      fingerprintChanged: true,
      engine: 'transformers',
    });
    expect(underTransformers.warnings[0]).toMatch(
      /transformers\.js \(the transformers engine here\) ignores it, so these snapshots do not show it\. Python transformers honours it/,
    );
    expect(underTransformers.warnings[0]).not.toMatch(/samples above show its effect/);
  });

  it('merges rewritten as pairs (the newer format) is an equivalent rewrite, not a change', async () => {
    const before = await tokenize(MINI_BPE);
    const after = await tokenize(editedCopy(MINI_BPE, { tokenizer: mergesAsPairs }));
    expect(after.ids).toEqual(before.ids);
    expect(tokenizerDigest(after.files)).toEqual(tokenizerDigest(before.files));
    const change = compareTokenizerFiles(before.files, after.files);
    expect(change).toMatchObject({ sections: [], equivalentRewrite: true });
  });
});

describe('unknown tokens (WordPiece)', () => {
  it('a word dropped from the vocabulary becomes [UNK]', async () => {
    const text = 'the hello world';
    const before = await tokenize(WORDPIECE, text);
    const after = await tokenize(
      editedCopy(WORDPIECE, {
        tokenizer: (t) => {
          for (const piece of Object.keys(t.model.vocab))
            if (/^(##)?[wh]/.test(piece) && piece !== '[UNK]') delete t.model.vocab[piece];
          for (const piece of ['w', 'h', '##w', '##h']) delete t.model.vocab[piece];
        },
      }),
      text,
    );
    expect(after.tokens.some((d) => d.startsWith('⟦?'))).toBe(true);
    expect(classifyDrift(before, after)).toContain('unknown-tokens');
    expect(classifyDrift(before, after)).not.toContain('normalization');
  });
});
