import { describe, it, expect } from 'vitest';
import { anatomyOf, setupOf } from '../../src/core/anatomy.js';
import { tokenContent } from '../../src/core/anatomy/config.js';
import { shortRegex, summarize } from '../../src/core/anatomy/summaries.js';
import { renderAnatomy, groupDigits } from '../../src/render/anatomy-text.js';
import type { TokenizerFiles } from '../../src/core/tokenizer-files.js';

// --- fixtures --------------------------------------------------------------------------------

const BOS = { SpecialToken: { id: '<s>', type_id: 0 } };
const EOS = { SpecialToken: { id: '</s>', type_id: 0 } };
const A = { Sequence: { id: 'A', type_id: 0 } };
const B = { Sequence: { id: 'B', type_id: 1 } };

function added(id: number, content: string, special = true) {
  return { id, content, special, normalized: false, lstrip: false, rstrip: false, single_word: false };
}

/** A tiny Llama-style BPE tokenizer.json; override any top-level field. */
function tok(over: Record<string, any> = {}, model: Record<string, any> = {}): Record<string, any> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [added(0, '<unk>'), added(1, '<s>'), added(2, '</s>')],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: '▁' },
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [BOS, A],
      pair: [BOS, A, BOS, B],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab: { '<unk>': 0, '<s>': 1, '</s>': 2, '▁': 3, a: 4, b: 5, '▁a': 6 },
      merges: ['▁ a'],
      ...model,
    },
    ...over,
  };
}

const byteLevelPre = {
  type: 'Sequence',
  pretokenizers: [
    {
      type: 'Split',
      pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}" },
      behavior: 'Isolated',
      invert: false,
    },
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
  ],
};

function codes(files: TokenizerFiles): string[] {
  return anatomyOf(files).warnings.map((w) => w.code);
}

// --- model -----------------------------------------------------------------------------------

describe('model', () => {
  it('reads BPE facts and counts added tokens outside the model vocabulary', () => {
    const a = anatomyOf({
      tokenizer: tok({ added_tokens: [added(0, '<unk>'), added(7, '<x>'), added(8, '<y>', false)] }),
    });
    expect(a.model).toMatchObject({
      type: 'BPE',
      modelVocabSize: 7,
      addedOutsideModel: 2,
      vocabSize: 9,
      idSpan: 9,
      merges: 1,
      mergesFormat: 'strings',
      byteFallback: true,
      unkToken: '<unk>',
      fuseUnk: true,
      ignoreMerges: false,
      dropout: null,
    });
    expect(a.counts).toEqual({ added: 3, special: 2, nonSpecial: 1, addedOutsideModel: 2 });
    expect(a.addedTokens[2]).toEqual({
      id: 8,
      content: '<y>',
      special: false,
      normalized: false,
      lstrip: false,
      rstrip: false,
      single_word: false,
    });
  });

  it('recognises merges stored as pairs', () => {
    const a = anatomyOf({ tokenizer: tok({}, { merges: [['▁', 'a']] }) });
    expect(a.model.mergesFormat).toBe('pairs');
  });

  it('reads Unigram unk from unk_id and WordPiece defaults', () => {
    const uni = anatomyOf({
      tokenizer: tok(
        {},
        {
          type: 'Unigram',
          vocab: [
            ['<unk>', 0],
            ['▁a', -1],
          ],
          unk_id: 0,
          merges: undefined,
        },
      ),
    });
    expect(uni.model).toMatchObject({ type: 'Unigram', unkToken: '<unk>', modelVocabSize: 2, merges: null });
    const wp = anatomyOf({
      tokenizer: {
        model: { type: 'WordPiece', unk_token: '[UNK]', max_input_chars_per_word: 100, vocab: { '[UNK]': 0, a: 1 } },
        added_tokens: [],
      },
    });
    expect(wp.model).toMatchObject({
      type: 'WordPiece',
      continuingSubwordPrefix: '##',
      maxInputCharsPerWord: 100,
      vocabSize: 2,
    });
  });
});

// --- summaries -------------------------------------------------------------------------------

describe('summaries', () => {
  it('summarises normalizers, pre-tokenizers and decoders on one line', () => {
    const a = anatomyOf({ tokenizer: tok({ pre_tokenizer: byteLevelPre }) });
    expect(a.normalizer.summary).toBe('Sequence[Prepend("▁"), Replace(" " → "▁")]');
    expect(a.preTokenizer.summary).toBe(
      "Sequence[Split(regex '(?i:'s|'t|'re|'ve|'m|'ll…', isolated), ByteLevel(add_prefix_space=false)]",
    );
    expect(a.decoder.summary).toBe('Sequence[Replace("▁" → " "), ByteFallback, Fuse]');
    expect(a.normalizer.raw).toEqual(tok().normalizer);
    expect(summarize(null)).toBe('none');
    expect(summarize({ type: 'NFC' })).toBe('NFC');
    expect(
      summarize({ type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true }, 'decoder'),
    ).toBe('ByteLevel');
    expect(summarize({ type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false })).toBe(
      'Metaspace("▁", prepend=first, no split)',
    );
    expect(summarize({ type: 'Split', pattern: { String: '\n' }, behavior: 'MergedWithPrevious', invert: true })).toBe(
      'Split("\\n", merged_with_previous, inverted)',
    );
    expect(summarize({ type: 'SomethingNew', flag: true, n: 3, nested: {} })).toBe('SomethingNew(flag=true, n=3)');
  });

  it('shortens long regexes and escapes control characters', () => {
    expect(shortRegex('abc')).toBe("'abc'");
    expect(shortRegex('x'.repeat(30))).toBe(`'${'x'.repeat(24)}…'`);
    expect(shortRegex('a\nb')).toBe("'a\\nb'");
  });

  it('replaces a Precompiled charsmap by its size in raw', () => {
    const a = anatomyOf({ tokenizer: tok({ normalizer: { type: 'Precompiled', precompiled_charsmap: 'QUJD' } }) });
    expect(a.normalizer.summary).toBe('Precompiled(charsmap, 4 base64 chars)');
    expect(a.normalizer.raw).toEqual({ type: 'Precompiled', precompiled_charsmap: '<4 base64 chars>' });
  });
});

// --- post-processor templates ----------------------------------------------------------------

describe('post-processor templates', () => {
  it('TemplateProcessing', () => {
    const pp = anatomyOf({
      tokenizer: tok({
        post_processor: {
          type: 'TemplateProcessing',
          single: [BOS, A, EOS],
          pair: [BOS, A, EOS, B, EOS],
          special_tokens: {
            '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] },
            '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] },
          },
        },
      }),
    }).postProcessor;
    expect(pp).toMatchObject({
      single: '<s> $A </s>',
      pair: '<s> $A </s> $B </s>',
      startTokens: ['<s>'],
      endTokens: ['</s>'],
      addsBos: '<s>',
      addsEos: '</s>',
    });
  });

  it('BertProcessing', () => {
    const pp = anatomyOf({
      tokenizer: tok({ post_processor: { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] } }),
    }).postProcessor;
    expect(pp).toMatchObject({
      single: '[CLS] $A [SEP]',
      pair: '[CLS] $A [SEP] $B [SEP]',
      addsBos: '[CLS]',
      addsEos: '[SEP]',
      summary: 'BertProcessing',
    });
  });

  it('RobertaProcessing', () => {
    const pp = anatomyOf({
      tokenizer: tok({
        post_processor: {
          type: 'RobertaProcessing',
          sep: ['</s>', 2],
          cls: ['<s>', 0],
          trim_offsets: true,
          add_prefix_space: true,
        },
      }),
    }).postProcessor;
    expect(pp).toMatchObject({
      single: '<s> $A </s>',
      pair: '<s> $A </s> </s> $B </s>',
      addsBos: '<s>',
      addsEos: '</s>',
    });
  });

  it('Sequence of ByteLevel and TemplateProcessing', () => {
    const pp = anatomyOf({
      tokenizer: tok({
        post_processor: {
          type: 'Sequence',
          processors: [
            { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
            {
              type: 'TemplateProcessing',
              single: [BOS, A],
              pair: [BOS, A, BOS, B],
              special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
            },
          ],
        },
      }),
    }).postProcessor;
    expect(pp).toMatchObject({
      single: '<s> $A',
      pair: '<s> $A <s> $B',
      startTokens: ['<s>'],
      endTokens: [],
      addsBos: '<s>',
      addsEos: null,
    });
    expect(pp.summary).toBe('Sequence[ByteLevel, TemplateProcessing]');
  });

  it('ByteLevel alone and null insert nothing', () => {
    for (const post_processor of [
      null,
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    ]) {
      const pp = anatomyOf({ tokenizer: tok({ post_processor }) }).postProcessor;
      expect(pp).toMatchObject({
        single: '$A',
        pair: '$A $B',
        startTokens: [],
        endTokens: [],
        addsBos: null,
        addsEos: null,
      });
    }
    expect(anatomyOf({ tokenizer: tok({ post_processor: null }) }).postProcessor.summary).toBe('none');
  });

  it('expands a template special token into its tokens', () => {
    const pp = anatomyOf({
      tokenizer: tok({
        post_processor: {
          type: 'TemplateProcessing',
          single: [{ SpecialToken: { id: 'X', type_id: 0 } }, A],
          pair: [],
          special_tokens: { X: { id: 'X', ids: [1, 2], tokens: ['<s>', '</s>'] } },
        },
      }),
    }).postProcessor;
    expect(pp.single).toBe('X $A');
    expect(pp.startTokens).toEqual(['<s>', '</s>']);
  });
});

// --- config ----------------------------------------------------------------------------------

describe('config', () => {
  it('normalises token values and fills gaps from special_tokens_map.json', () => {
    const a = anatomyOf({
      tokenizer: tok(),
      config: { bos_token: { content: '<s>', lstrip: false }, eos_token: '</s>', pad_token: null },
      specialTokensMap: { unk_token: { content: '<unk>' }, eos_token: '</s>', bos_token: '<s>' },
    });
    expect(a.config.tokens).toEqual({
      bos: { content: '<s>', from: 'tokenizer_config.json', id: 1 },
      eos: { content: '</s>', from: 'tokenizer_config.json', id: 2 },
      unk: { content: '<unk>', from: 'special_tokens_map.json', id: 0 },
      pad: { content: null, from: 'tokenizer_config.json', id: null },
    });
    expect(tokenContent({ content: 'x' })).toBe('x');
    expect(tokenContent(3)).toBeNull();
  });

  it('setupOf gives what anatomyOf gives of config, post-processor and normaliser', () => {
    const variants: TokenizerFiles[] = [
      {
        tokenizer: tok(),
        config: {
          bos_token: { content: '<s>', lstrip: false },
          eos_token: '</s>',
          pad_token: '<x>',
          model_max_length: 77,
        },
        specialTokensMap: { unk_token: { content: '<unk>' }, eos_token: '</s>', bos_token: '<s>' },
      },
      { tokenizer: tok({ normalizer: null, post_processor: null }), config: { eos_token: '▁a', unk_token: 'b' } },
      {
        tokenizer: tok(
          {},
          {
            type: 'Unigram',
            vocab: [
              ['<unk>', 0],
              ['▁a', -1],
              ['b', -2],
            ],
            unk_id: 0,
          },
        ),
        config: { eos_token: '▁a', pad_token: 'b' },
      },
      { tokenizer: {} },
    ];
    for (const files of variants) {
      const a = anatomyOf(files);
      const s = setupOf(files);
      expect(s.config).toEqual(a.config);
      expect(s.postProcessor).toEqual(a.postProcessor);
      expect(s.normalizer.summary).toBe(a.normalizer.summary);
    }
  });

  it('defaults padding/truncation sides and reads chat templates', () => {
    const a = anatomyOf({
      tokenizer: tok(),
      config: {
        padding_side: 'left',
        chat_template: [
          { name: 'default', template: '' },
          { name: 'tool_use', template: '' },
        ],
      },
    });
    expect(a.config).toMatchObject({
      paddingSide: 'left',
      paddingSideDefaulted: false,
      truncationSide: 'right',
      truncationSideDefaulted: true,
    });
    expect(a.config.chatTemplate).toEqual({ present: true, names: ['default', 'tool_use'] });
    expect(anatomyOf({ tokenizer: tok(), config: { chat_template: '{{ x }}' } }).config.chatTemplate).toEqual({
      present: true,
      names: ['default'],
    });
    expect(anatomyOf({ tokenizer: tok() }).config).toMatchObject({
      present: false,
      chatTemplate: { present: false, names: [] },
    });
  });

  it('flags sentinel model_max_length values', () => {
    expect(anatomyOf({ tokenizer: tok(), config: { model_max_length: 1e30 } }).config).toMatchObject({
      modelMaxLength: 1e30,
      modelMaxLengthUnset: true,
    });
    expect(anatomyOf({ tokenizer: tok(), config: { model_max_length: 4096 } }).config).toMatchObject({
      modelMaxLength: 4096,
      modelMaxLengthUnset: false,
    });
  });

  it('is JSON-serialisable', () => {
    const a = anatomyOf({ tokenizer: tok(), config: { bos_token: '<s>', add_bos_token: true } });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

// --- warnings --------------------------------------------------------------------------------

describe('warnings', () => {
  const noBosPP = {
    post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
  };
  const eosPP = {
    post_processor: {
      type: 'TemplateProcessing',
      single: [BOS, A, EOS],
      pair: [BOS, A, EOS, B, EOS],
      special_tokens: {
        '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] },
        '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] },
      },
    },
  };

  it('(a) add_bos_token true but the post-processor adds no BOS, and the reverse', () => {
    expect(codes({ tokenizer: tok(noBosPP), config: { add_bos_token: true, bos_token: '<s>' } })).toContain(
      'add-bos-not-applied',
    );
    expect(codes({ tokenizer: tok(), config: { add_bos_token: true, bos_token: '<s>' } })).not.toContain(
      'add-bos-not-applied',
    );
    expect(codes({ tokenizer: tok(), config: { add_bos_token: false } })).toContain('bos-added-despite-config');
    expect(codes({ tokenizer: tok(noBosPP), config: { add_bos_token: false } })).not.toContain(
      'bos-added-despite-config',
    );
    const msg =
      anatomyOf({ tokenizer: tok(noBosPP), config: { add_bos_token: true, bos_token: '<s>' } }).warnings[0]?.message ??
      '';
    expect(msg).toMatch(/tokenizer_config\.json.*add_bos_token: true.*post-processor.*"<s>"/);
  });

  it('(a) add_eos_token both ways', () => {
    expect(codes({ tokenizer: tok(), config: { add_eos_token: true } })).toContain('add-eos-not-applied');
    expect(codes({ tokenizer: tok(eosPP), config: { add_eos_token: true } })).not.toContain('add-eos-not-applied');
    expect(codes({ tokenizer: tok(eosPP), config: { add_eos_token: false } })).toContain('eos-added-despite-config');
    expect(codes({ tokenizer: tok(), config: { add_eos_token: false } })).not.toContain('eos-added-despite-config');
  });

  it('(b) bos/eos differing from the post-processor', () => {
    const vocab = { '<unk>': 0, '<s>': 1, '</s>': 2, '<bos>': 3, '<eos>': 4 };
    expect(codes({ tokenizer: tok(eosPP, { vocab }), config: { bos_token: '<bos>', eos_token: '<eos>' } })).toEqual(
      expect.arrayContaining(['bos-mismatch', 'eos-mismatch']),
    );
    const ok = codes({ tokenizer: tok(eosPP), config: { bos_token: '<s>', eos_token: '</s>' } });
    expect(ok).not.toContain('bos-mismatch');
    expect(ok).not.toContain('eos-mismatch');
  });

  it('(b) bos named but inserted by nothing (Llama 3 style)', () => {
    expect(codes({ tokenizer: tok(noBosPP), config: { bos_token: '<s>', eos_token: '</s>' } })).toContain(
      'bos-not-inserted',
    );
    // GPT-2 style: one <|endoftext|> for every role is not a BOS the model expects.
    expect(codes({ tokenizer: tok(noBosPP), config: { bos_token: '</s>', eos_token: '</s>' } })).not.toContain(
      'bos-not-inserted',
    );
    expect(codes({ tokenizer: tok(noBosPP), config: { bos_token: '<s>', add_bos_token: false } })).not.toContain(
      'bos-not-inserted',
    );
  });

  it('(b) tokenizer_config.json and special_tokens_map.json disagreeing', () => {
    expect(
      codes({ tokenizer: tok(), config: { eos_token: '</s>' }, specialTokensMap: { eos_token: { content: '<s>' } } }),
    ).toContain('special-tokens-map-mismatch');
    expect(
      codes({ tokenizer: tok(), config: { eos_token: '</s>' }, specialTokensMap: { eos_token: { content: '</s>' } } }),
    ).not.toContain('special-tokens-map-mismatch');
  });

  it('(c) sentinel model_max_length', () => {
    const w = anatomyOf({ tokenizer: tok(), config: { model_max_length: 1e30 } }).warnings.find(
      (x) => x.code === 'max-length-unset',
    );
    expect(w?.message).toContain('1e30');
    expect(w?.level).toBe('info');
    expect(codes({ tokenizer: tok(), config: { model_max_length: 2048 } })).not.toContain('max-length-unset');
  });

  it('(d) legacy for LlamaTokenizer, agreeing or not with tokenizer.json', () => {
    expect(codes({ tokenizer: tok(), config: { tokenizer_class: 'LlamaTokenizer', legacy: true } })).toContain(
      'legacy-flag',
    );
    expect(codes({ tokenizer: tok(), config: { tokenizer_class: 'LlamaTokenizerFast', legacy: false } })).toContain(
      'legacy-mismatch',
    );
    const metaFirst = tok({
      normalizer: null,
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
    });
    expect(codes({ tokenizer: metaFirst, config: { tokenizer_class: 'LlamaTokenizerFast', legacy: false } })).toContain(
      'legacy-flag',
    );
    expect(codes({ tokenizer: metaFirst, config: { tokenizer_class: 'LlamaTokenizerFast', legacy: true } })).toContain(
      'legacy-mismatch',
    );
    expect(codes({ tokenizer: tok(), config: { tokenizer_class: 'GPT2Tokenizer', legacy: true } })).not.toContain(
      'legacy-flag',
    );
  });

  it('(d) add_prefix_space differing from the pre-tokenizer', () => {
    expect(codes({ tokenizer: tok({ pre_tokenizer: byteLevelPre }), config: { add_prefix_space: true } })).toContain(
      'add-prefix-space-mismatch',
    );
    expect(
      codes({ tokenizer: tok({ pre_tokenizer: byteLevelPre }), config: { add_prefix_space: false } }),
    ).not.toContain('add-prefix-space-mismatch');
    // The Prepend("▁") normalizer adds one.
    expect(codes({ tokenizer: tok(), config: { add_prefix_space: false } })).toContain('add-prefix-space-mismatch');
    expect(codes({ tokenizer: tok(), config: { add_prefix_space: true } })).not.toContain('add-prefix-space-mismatch');
  });

  it('(d) do_lower_case differing from the normalizer', () => {
    expect(codes({ tokenizer: tok(), config: { do_lower_case: true } })).toContain('do-lower-case-mismatch');
    const bert = tok({
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase: true,
      },
    });
    expect(codes({ tokenizer: bert, config: { do_lower_case: true } })).not.toContain('do-lower-case-mismatch');
    expect(codes({ tokenizer: bert, config: { do_lower_case: false } })).toContain('do-lower-case-mismatch');
  });

  it('(d) spaces_between_special_tokens, split_special_tokens, clean_up_tokenization_spaces', () => {
    expect(codes({ tokenizer: tok(), config: { spaces_between_special_tokens: false } })).toContain(
      'spaces-between-special-tokens',
    );
    expect(codes({ tokenizer: tok(), config: {} })).not.toContain('spaces-between-special-tokens');
    expect(codes({ tokenizer: tok(), config: { split_special_tokens: true } })).toContain('split-special-tokens');
    expect(codes({ tokenizer: tok(), config: { split_special_tokens: false } })).not.toContain('split-special-tokens');
    expect(codes({ tokenizer: tok(), config: { clean_up_tokenization_spaces: true } })).toContain(
      'clean-up-tokenization-spaces',
    );
    expect(codes({ tokenizer: tok(), config: {} })).toContain('clean-up-tokenization-spaces'); // the JS engine defaults it to true
    expect(codes({ tokenizer: tok(), config: { clean_up_tokenization_spaces: false } })).not.toContain(
      'clean-up-tokenization-spaces',
    );
  });

  it('(e) named tokens missing from the vocabulary', () => {
    const w = anatomyOf({ tokenizer: tok(), config: { pad_token: '<pad>', bos_token: '<s>' } }).warnings.filter(
      (x) => x.code === 'token-not-in-vocab',
    );
    expect(w).toHaveLength(1);
    expect(w[0]?.message).toContain('pad_token "<pad>"');
    expect(codes({ tokenizer: tok(), specialTokensMap: { unk_token: '<nope>' } })).toContain('token-not-in-vocab');
  });

  it('(f) no unk and no byte fallback, only for non-byte-level models', () => {
    expect(codes({ tokenizer: tok({}, { unk_token: null, byte_fallback: false }) })).toContain(
      'no-unk-no-byte-fallback',
    );
    expect(codes({ tokenizer: tok({}, { unk_token: null, byte_fallback: true }) })).not.toContain(
      'no-unk-no-byte-fallback',
    );
    expect(codes({ tokenizer: tok({}, { unk_token: '<unk>', byte_fallback: false }) })).not.toContain(
      'no-unk-no-byte-fallback',
    );
    expect(
      codes({ tokenizer: tok({ pre_tokenizer: byteLevelPre }, { unk_token: null, byte_fallback: false }) }),
    ).not.toContain('no-unk-no-byte-fallback');
  });

  it('(g) merges in the pairs format, as information', () => {
    const w = anatomyOf({ tokenizer: tok({}, { merges: [['▁', 'a']] }) }).warnings.find(
      (x) => x.code === 'merges-pairs',
    );
    expect(w?.level).toBe('info');
    expect(codes({ tokenizer: tok() })).not.toContain('merges-pairs');
  });

  it('a consistent tokenizer has no warnings', () => {
    expect(
      anatomyOf({
        tokenizer: tok(),
        config: {
          add_bos_token: true,
          add_eos_token: false,
          bos_token: '<s>',
          eos_token: '</s>',
          unk_token: '<unk>',
          model_max_length: 4096,
          clean_up_tokenization_spaces: false,
        },
      }).warnings,
    ).toEqual([]);
  });
});

// --- rendering -------------------------------------------------------------------------------

describe('renderAnatomy', () => {
  it('renders an aligned plain-text block', () => {
    const a = anatomyOf({
      tokenizer: tok({}, { merges: [['▁', 'a']] }),
      config: { model_max_length: 1e30, bos_token: '<s>' },
    });
    const text = renderAnatomy(
      a,
      { spec: 'x', kind: 'folder', path: '/tmp/x' },
      { fingerprint: 'sha256:ab12', engine: 'js', engineVersion: '0.2.0' },
    );
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('tokenizer   x (folder) — /tmp/x');
    expect(text).toContain('fingerprint sha256:ab12\n');
    expect(text).toContain('engine      js (@huggingface/tokenizers 0.2.0)\n');
    expect(text).toContain('model       BPE, vocab 7, 1 merges (pairs), unk <unk>, byte_fallback, fuse_unk\n');
    expect(text).toContain('template    <s> $A');
    expect(text).toContain('max length  unset (model_max_length 1e30 is a sentinel)\n');
    expect(text).toContain('padding     right (default) · truncation right (default)\n');
    expect(text).toMatch(/\nwarnings\n( {2}i .*\n)* {2}i tokenizer\.json stores merges as pairs .* \[merges-pairs\]\n/);
    expect(text).not.toMatch(/\x1b\[/);
  });

  it('shows at most 8 special tokens and counts the rest', () => {
    const many = Array.from({ length: 20 }, (_, i) => added(10 + i, `<t${i}>`));
    const text = renderAnatomy(
      anatomyOf({ tokenizer: tok({ added_tokens: many }) }),
      { spec: 'x', kind: 'file', path: '/x' },
      { fingerprint: 'f', engine: 'rust', engineVersion: '0.23.2' },
    );
    expect(text).toContain(
      'special     <t0>=10 <t1>=11 <t2>=12 <t3>=13 <t4>=14 <t5>=15 <t6>=16 <t7>=17 … (+12 more)\n',
    );
    expect(text).toContain('engine      rust (tokenizers 0.23.2)');
  });

  it('groups digits without locale', () => {
    expect(groupDigits(128256)).toBe('128,256');
    expect(groupDigits(999)).toBe('999');
  });
});

describe('tokens only tokenizer_config.json names (Python transformers adds them at load time)', () => {
  it('warns for added_tokens_decoder, additional_special_tokens and extra_special_tokens entries tokenizer.json lacks', () => {
    const config = {
      added_tokens_decoder: {
        '1': { content: '<s>', special: true },
        '32000': { content: '<|im_start|>', special: true },
      },
      additional_special_tokens: ['<s>', '<tool>'],
      extra_special_tokens: { image_token: '<image>' },
    };
    const a = anatomyOf({ tokenizer: tok(), config });
    const w = a.warnings.find((x) => x.code === 'config-only-tokens');
    expect(w?.message).toMatch(
      /names 3 tokens that tokenizer\.json lacks: "<\|im_start\|>" \(added_tokens_decoder id 32000\), "<tool>" \(additional_special_tokens\), "<image>" \(extra_special_tokens\)\. Python transformers adds them/,
    );
    expect(codes({ tokenizer: tok(), config: { additional_special_tokens: ['<s>', '</s>'] } })).not.toContain(
      'config-only-tokens',
    );
  });
});
