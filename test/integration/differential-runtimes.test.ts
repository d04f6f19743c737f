// The other runtimes against the Rust reference on the differential corpus: llama.cpp on GGUF
// files built from the bundled tokenizers, and OpenAI's tiktoken on the GPT-4o conversion and
// on a cl100k_base conversion built from tiktoken's ranks.
// Where they give other ids than Rust, the samples are listed in the test output: findings
// about the runtimes, not failures. Where ids agree, tokpeek's token model (offsets computed
// from token bytes, flags from GGUF token types) must equal the reference's exactly: those
// would be tokpeek's own errors.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBundled } from '../../src/tokenizers/bundled.js';
import { loadTokenizer, tokenizeTexts } from '../../src/tokenizers/load.js';
import { visible } from '../../src/core/visible.js';
import { multilingualSamples } from '../support/multilingual-corpus.js';
import { tokenModelRows } from '../support/token-model-rows.js';
import { writeGgufFromHfFolder } from '../support/gguf-from-hf.js';
import { writeTiktokenAsHf } from '../support/tiktoken-to-hf.js';

const SAMPLES = multilingualSamples(3_000, 20261130);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokpeek-runtimes-'));
const findings: string[] = [];

/** [name, engine, spec the engine loads, HF tokenizer the reference loads (default: the bundled name)] */
const CASES: Array<[string, string, () => string, (() => string)?]> = [
  ['llama3', 'llama.cpp', () => gguf('llama3', { pre: 'llama-bpe' })],
  ['qwen3', 'llama.cpp', () => gguf('qwen3', { pre: 'qwen2' })],
  ['mistral', 'llama.cpp', () => gguf('mistral', {})],
  ['gpt4o', 'tiktoken', () => 'gpt4o'],
  // No cl100k conversion ships: built from tiktoken's own ranks, as HF's converter does.
  [
    'cl100k',
    'tiktoken',
    () => writeTiktokenAsHf('cl100k_base', path.join(dir, 'cl100k')),
    () => path.join(dir, 'cl100k'),
  ],
];

function gguf(name: string, options: { pre?: string }): string {
  return writeGgufFromHfFolder(findBundled(name)!.folder(), path.join(dir, `${name}.gguf`), options);
}

describe.each(CASES)('%s: %s vs rust', (name, engine, spec, hf = () => name) => {
  it(`has tokpeek's token model equal to the reference wherever ids agree (${SAMPLES.length} samples)`, async () => {
    const other = await loadTokenizer(spec(), engine === 'tiktoken' ? 'tiktoken' : 'js');
    const ref = await loadTokenizer(hf(), 'rust');
    expect(other.engine.name).toBe(engine);
    const [a, b] = await Promise.all([tokenizeTexts(ref, SAMPLES), tokenizeTexts(other, SAMPLES)]);
    let agreed = 0;
    const modelErrors: string[] = [];
    const malformed: string[] = [];
    SAMPLES.forEach((text, i) => {
      const x = a[i]!;
      const y = b[i]!;
      for (const t of y.tokens)
        if (!(t.start >= 0 && t.start <= t.end && t.end <= text.length))
          malformed.push(`${visible(text)}: ${t.id} [${t.start}, ${t.end})`);
      if (x.tokens.map((t) => t.id).join(' ') !== y.tokens.map((t) => t.id).join(' ')) {
        findings.push(
          `${name} (${engine}): ${visible(text)}\n    rust:   ${x.tokens.map((t) => visible(t.text)).join('|')}\n    ${engine}: ${y.tokens.map((t) => visible(t.text)).join('|')}`,
        );
        return;
      }
      agreed++;
      const mx = tokenModelRows(x);
      const my = tokenModelRows(y);
      if (mx.join('\n') !== my.join('\n'))
        modelErrors.push(`${visible(text)}\n  rust:   ${mx.join(' ')}\n  ${engine}: ${my.join(' ')}`);
    });
    expect(malformed.slice(0, 5)).toEqual([]);
    expect(modelErrors.slice(0, 5)).toEqual([]);
    // A collapse of agreement means a conversion or loading bug here, not rare inputs. (Qwen3's
    // NFC normalizer, which llama.cpp does not apply, alone costs about a fifth of the samples.)
    expect(agreed).toBeGreaterThan(SAMPLES.length * 0.7);
  });
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  // Listed for the reader of the test log: real differences between the runtimes.
  console.log(`\nRuntime id disagreements with the Rust reference: ${findings.length}\n${findings.join('\n')}`);
});
