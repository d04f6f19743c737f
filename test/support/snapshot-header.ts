import type { SnapshotHeader } from '../../src/core/snapshot/format.js';

/** A complete snapshot header for format and store tests. */
export function header(overrides: Partial<SnapshotHeader> = {}): SnapshotHeader {
  return {
    tokpeek: '0.1.0',
    tokenizer: 'llama3.1',
    spec: 'llama3.1',
    source: 'bundled',
    fingerprint: 'sha256:' + 'a'.repeat(64),
    files: [
      ['tokenizer.json', 'd'.repeat(64)],
      ['tokenizer_config.json', 'e'.repeat(64)],
    ],
    engine: 'js',
    engineVersion: '0.2.0',
    options: { addSpecialTokens: true, truncationSide: 'right' },
    corpus: 'hard-cases',
    corpusFiles: [{ path: 'corpora/hard cases.txt', sha256: 'b'.repeat(64) }],
    behaviour: 'sha256:' + 'c'.repeat(64),
    canarySet: 'canaries-v1',
    canaries: [
      ['hello', '0123abcd'],
      ['digits', 'ffff0000'],
    ],
    stages: [
      ['model', 'BPE vocab=3'],
      ['normalizer', 'none'],
    ],
    sections: [['normalizer', '11112222']],
    config: [['add_bos_token', 'true']],
    ...overrides,
  };
}
