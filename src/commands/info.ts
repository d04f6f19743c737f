// `tokpeek info -t SPEC`: the anatomy of a tokenizer and where its files disagree.

import type { Io } from '../io.js';
import { TokpeekError, UsageError } from '../errors.js';
import { jsonText } from '../render/json-text.js';
import type { GgufInfoRecord, TokenizerInfoRecord } from '../render/json-contracts.js';
import { anatomyOf } from '../core/anatomy.js';
import { renderAnatomy } from '../render/anatomy-text.js';
import { visible } from '../core/visible.js';
import type { EngineName } from '../core/token-model.js';
import { CANARIES } from '../core/snapshot/canaries.js';
import { compareGgufWithHf } from '../gguf/compare.js';
import { type GgufInfo, renderGgufInfo } from '../render/gguf-info-text.js';
import {
  type LoadedTokenizer,
  engineCopyOfLoaded,
  loadTokenizer,
  readTokenizerFiles,
  resolveSpec,
  tokenizeTexts,
} from '../tokenizers/load.js';
import { filesFingerprint } from '../core/tokenizer-files.js';
import { LLAMA_CPP_REFUSES } from '../engines/llama-cpp.js';
import { defineCommand } from './definition.js';
import { engineOption, jsonOption, tokenizerOption } from './option-groups.js';

export const info = defineCommand({
  name: 'info',
  usage: ['info -t SPEC [--engine NAME] [--json]', 'info -t model.gguf [--against SPEC] [--json]'],
  description: `Model, normalizer, pre-tokenizer, post-processor template, decoder, special tokens,
max length, padding/truncation side, chat template, fingerprint and source, and
warnings where tokenizer.json and tokenizer_config.json disagree. SPEC may also be given
as arguments.

For a GGUF file: its tokenizer metadata as llama.cpp reads it (model type,
tokenizer.ggml.pre, token types, special ids, add-BOS/EOS flags, chat template) and
what llama.cpp warned about while loading it.`,
  positionals: { name: 'SPEC...' },
  options: {
    tokenizer: { ...tokenizerOption, help: 'tokenizer to describe; repeatable' },
    engine: engineOption,
    json: { ...jsonOption, help: 'print JSON: one line per tokenizer (schema src/schemas/info.schema.json)' },
    against: {
      type: 'string',
      value: 'SPEC',
      help: 'the HF tokenizer a GGUF was converted from: warn where they disagree (vocabulary size or token strings, merges, a pre-tokenizer type that splits differently or is missing, BOS/EOS flags, normalization, chat template) and compare the canary strings',
    },
  },
  run: async ({ values, positionals }, io) => {
    const specs = [...values.tokenizer, ...positionals];
    if (specs.length === 0)
      throw new UsageError(
        'info needs a tokenizer: tokpeek info -t SPEC',
        'See `tokpeek tokenizers` for the bundled ones.',
      );
    const engine = values.engine ?? 'js';
    // Text: one block per tokenizer, a blank line between. JSON: one line per tokenizer (JSON
    // Lines, as show --json), so one -t and several give the same shape.
    let described = 0;
    const separate = () => {
      if (described++ > 0) io.stdout.write('\n');
    };
    for (const spec of specs) {
      const { name, source } = resolveSpec(spec, io.env);
      if (source.kind === 'gguf') {
        const info = await ggufInfo(spec, values.against, engine, io);
        if (values.json) io.stdout.write(jsonText(ggufInfoJson(name, info), 'line') + '\n');
        else {
          separate();
          io.stdout.write(visible(renderGgufInfo(info), { whitespace: false }) + '\n');
        }
        continue;
      }
      if (values.against !== undefined)
        throw new UsageError(
          '--against compares a GGUF file with an HF tokenizer: tokpeek info -t model.gguf --against SPEC',
        );
      const tokenizer = await loadTokenizer(spec, engine, io.env);
      const anatomy = anatomyOf(tokenizer.files);
      const copy = engineCopyOfLoaded(tokenizer);
      const extra = {
        fingerprint: tokenizer.fingerprint,
        engine: tokenizer.engine.name,
        engineVersion: tokenizer.engine.label,
        ...(copy !== undefined ? { engineCopy: copy } : {}),
        // How report, snapshot and check encode with this tokenizer (ids without offsets).
        bulkPath: tokenizer.engine.bulkPath ?? {
          path: 'engine' as const,
          reason: 'this engine encodes every text itself',
        },
      };
      if (values.json) {
        const record = {
          name: tokenizer.name,
          source: tokenizer.source,
          ...extra,
          anatomy,
        } satisfies TokenizerInfoRecord;
        io.stdout.write(jsonText(record, 'line') + '\n');
      } else {
        // Token contents come from the files: never let them drive the terminal.
        separate();
        io.stdout.write(visible(renderAnatomy(anatomy, tokenizer.source, extra), { whitespace: false }) + '\n');
      }
    }
    return 0;
  },
});

/**
 * A GGUF's metadata, llama.cpp's load warnings, and with `against` where it departs from that
 * HF tokenizer. A file llama.cpp refuses (a pre-tokenizer type it does not know…) is still
 * described, with the refusal as a warning: that is what `info` is asked for.
 */
async function ggufInfo(spec: string, against: string | undefined, engine: EngineName, io: Io): Promise<GgufInfo> {
  let tokenizer: LoadedTokenizer | undefined;
  let refusal: string | undefined;
  try {
    tokenizer = await loadTokenizer(spec, engine, io.env);
  } catch (e) {
    // loadTokenizer reports an engine that cannot load this file as EngineUnavailableError.
    if (!(e instanceof TokpeekError && e.message.includes(LLAMA_CPP_REFUSES))) throw e;
    refusal = e.message;
  }
  const { source, tokenizerPath } = resolveSpec(spec, io.env);
  const files = tokenizer?.files ?? readTokenizerFiles(tokenizerPath);
  const gguf = files.gguf!;
  const log = [...(tokenizer?.engine.loadLog ?? [])];
  const refused = refusal ? [{ code: 'llama-cpp-load', level: 'warning' as const, message: refusal }] : [];
  const info: GgufInfo = {
    gguf,
    source,
    fingerprint: tokenizer?.fingerprint ?? filesFingerprint(files),
    engineVersion: tokenizer?.engine.label ?? 'not loaded',
    warnings: [
      ...refused,
      ...log.map((message) => ({ code: 'llama-cpp-log', level: 'warning' as const, message: `llama.cpp: ${message}` })),
    ],
  };
  if (against === undefined) return info;
  const hf = await loadTokenizer(against, engine, io.env);
  if (hf.files.gguf)
    throw new UsageError(
      '--against takes the HF tokenizer (a bundled name, folder, tokenizer.json or org/name), not a GGUF',
    );
  info.warnings = [...refused, ...compareGgufWithHf(gguf, hf.files, log, tokenizer?.engine.runtimeSpecialTokens)];
  if (!tokenizer) return info;
  const texts = CANARIES.map(([, text]) => text);
  const [a, b] = await Promise.all([tokenizeTexts(tokenizer, texts), tokenizeTexts(hf, texts)]);
  const differing = CANARIES.filter(
    (_, i) => a[i]!.tokens.map((t) => t.id).join() !== b[i]!.tokens.map((t) => t.id).join(),
  ).map(([name]) => name);
  info.against = { spec: against, canaries: { total: CANARIES.length, differing } };
  return info;
}

/** The JSON form: the metadata without the vocabulary-sized arrays. */
function ggufInfoJson(name: string, info: GgufInfo): GgufInfoRecord {
  const { tokens, types, scores, merges, ...rest } = info.gguf;
  return {
    name,
    source: info.source,
    fingerprint: info.fingerprint,
    engine: 'llama.cpp',
    engineVersion: info.engineVersion,
    gguf: { ...rest, vocabSize: tokens.length, merges: merges?.length ?? null, scores: scores !== undefined },
    warnings: info.warnings,
    ...(info.against ? { against: info.against } : {}),
  };
}
