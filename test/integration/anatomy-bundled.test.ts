// The anatomy of the real tokenizer files bundled in src/bundled.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Anatomy, anatomyOf } from '../../src/core/anatomy.js';
import type { TokenizerFiles } from '../../src/core/tokenizer-files.js';
import { renderAnatomy } from '../../src/render/anatomy-text.js';

function real(name: string): TokenizerFiles {
  const dir = `src/bundled/${name}`;
  return {
    tokenizer: JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')),
    config: JSON.parse(readFileSync(`${dir}/tokenizer_config.json`, 'utf8')),
  };
}

describe('bundled tokenizers', () => {
  const byCode = (a: Anatomy) => a.warnings.map((w) => w.code).sort();

  it('llama2', () => {
    const a = anatomyOf(real('mistral'));
    expect(a.model).toMatchObject({
      type: 'BPE',
      vocabSize: 32000,
      addedOutsideModel: 0,
      merges: 58980,
      mergesFormat: 'strings',
      byteFallback: true,
      unkToken: '<unk>',
      fuseUnk: true,
    });
    expect(a.normalizer.summary).toBe('Sequence[Prepend("▁"), Replace(" " → "▁")]');
    expect(a.preTokenizer.summary).toBe('none');
    expect(a.postProcessor).toMatchObject({ single: '<s> $A', pair: '<s> $A <s> $B', addsBos: '<s>', addsEos: null });
    expect(a.config).toMatchObject({
      legacy: true,
      addBosToken: true,
      addEosToken: false,
      modelMaxLength: 1e30,
      modelMaxLengthUnset: true,
      tokenizerClass: 'LlamaTokenizer',
    });
    expect(a.config.tokens.bos).toEqual({ content: '<s>', from: 'tokenizer_config.json', id: 1 });
    expect(a.counts).toMatchObject({ added: 3, special: 3 });
    expect(byCode(a)).toEqual(['legacy-flag', 'max-length-unset', 'spaces-between-special-tokens']);
  });

  it('llama3: no BOS from the post-processor although the config names one', () => {
    const a = anatomyOf(real('llama3'));
    expect(a.model).toMatchObject({
      vocabSize: 128256,
      modelVocabSize: 128000,
      addedOutsideModel: 256,
      merges: 280147,
      mergesFormat: 'strings',
      ignoreMerges: true,
      unkToken: null,
      byteLevel: true,
    });
    expect(a.normalizer.summary).toBe('none');
    expect(a.preTokenizer.summary).toMatch(
      /^Sequence\[Split\(regex '.*…', isolated\), ByteLevel\(add_prefix_space=false\)\]$/,
    );
    expect(a.postProcessor).toMatchObject({ summary: 'ByteLevel', single: '$A', addsBos: null });
    expect(a.decoder.summary).toBe('ByteLevel');
    expect(a.config.tokens.bos?.content).toBe('<|begin_of_text|>');
    expect(a.config.tokens.eos?.content).toBe('<|end_of_text|>');
    expect(a.config.addBosToken).toBeNull();
    expect(a.config.chatTemplate.present).toBe(true);
    expect(byCode(a)).toEqual(['bos-not-inserted', 'clean-up-tokenization-spaces', 'max-length-unset']);
  });

  it('llama3_1: the post-processor adds <|begin_of_text|>; eos is <|eot_id|>', () => {
    const a = anatomyOf(real('llama3.1'));
    expect(a.postProcessor).toMatchObject({
      summary: 'Sequence[ByteLevel, TemplateProcessing]',
      single: '<|begin_of_text|> $A',
      pair: '<|begin_of_text|> $A <|begin_of_text|> $B',
      addsBos: '<|begin_of_text|>',
      addsEos: null,
    });
    expect(a.config.tokens.eos).toEqual({ content: '<|eot_id|>', from: 'tokenizer_config.json', id: 128009 });
    expect(byCode(a)).toEqual(['clean-up-tokenization-spaces', 'max-length-unset']);
  });

  it('qwen3: NFC, merges as pairs, non-special added tokens', () => {
    const a = anatomyOf(real('qwen3'));
    expect(a.model).toMatchObject({
      vocabSize: 151669,
      modelVocabSize: 151643,
      addedOutsideModel: 26,
      merges: 151387,
      mergesFormat: 'pairs',
      ignoreMerges: false,
    });
    expect(a.normalizer.summary).toBe('NFC');
    expect(a.postProcessor).toMatchObject({ single: '$A', addsBos: null });
    expect(a.counts).toMatchObject({ added: 26, special: 14, nonSpecial: 12 });
    expect(a.config).toMatchObject({
      modelMaxLength: 131072,
      modelMaxLengthUnset: false,
      addBosToken: false,
      addPrefixSpace: false,
      splitSpecialTokens: false,
    });
    expect(a.config.tokens.bos).toEqual({ content: null, from: 'tokenizer_config.json', id: null });
    expect(a.config.tokens.eos?.content).toBe('<|im_end|>');
    expect(byCode(a)).toEqual(['merges-pairs']);
  });

  it('gpt4o: no post-processor, ids with a gap', () => {
    const a = anatomyOf(real('gpt4o'));
    expect(a.model).toMatchObject({
      vocabSize: 200000,
      idSpan: 200019,
      addedOutsideModel: 0,
      merges: 199742,
      mergesFormat: 'strings',
    });
    expect(a.preTokenizer.summary).toMatch(
      /^Sequence\[Split\(regex '.*…', removed, inverted\), ByteLevel\(add_prefix_space=false\)\]$/,
    );
    expect(a.postProcessor).toMatchObject({ summary: 'none', single: '$A', pair: '$A $B' });
    expect(a.config.modelMaxLength).toBe(128000);
    expect(byCode(a)).toEqual([]);
    const text = renderAnatomy(
      a,
      { spec: 'gpt4o', kind: 'bundled', path: '/m' },
      { fingerprint: 'sha256:00', engine: 'js', engineVersion: '0.2.0' },
    );
    expect(text).toContain('model       BPE, vocab 200,000, ids 0–200,018, 199,742 merges (strings)\n');
    expect(text).toContain('warnings    none\n');
  });
});
