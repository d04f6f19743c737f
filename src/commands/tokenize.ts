// `tokpeek tokenize CORPUS...`: the token model of every sample as one JSON line, the record
// `show --json` prints for one text (show.schema.json) plus where the sample comes from. One
// process, streaming: samples are read, tokenized by worker threads a bounded number of
// batches ahead, and written in corpus order, so memory stays flat on any corpus size.

import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { printLine } from '../io.js';
import { expandInputs } from '../corpus/files.js';
import { STDIN } from '../corpus/open-input.js';
import { shownSamples, type ShownSample } from '../corpus/shown-samples.js';
import { anatomyOf } from '../core/anatomy.js';
import { toSample } from '../core/tokenized-sample.js';
import { plural } from '../core/quantities.js';
import { UsageError } from '../errors.js';
import { eachEncoded } from '../tokenizers/encode-stream.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { lazyTokenizer } from '../tokenizers/load.js';
import { defaultWorkers } from '../tokenizers/pool-options.js';
import { TokenizerPool } from '../tokenizers/pool.js';
import type { EngineName } from '../core/token-model.js';
import type { ShowRecord } from '../render/json-contracts.js';
import { chatRendererFor } from '../tokenizers/chat-renderer.js';
import { tokenRecordLine } from './token-record.js';
import { defineCommand } from './definition.js';
import {
  CORPUS_OPTIONS,
  corpusReadOptions,
  TRUNCATION_OPTIONS,
  chatTemplateOption,
  enginesOption,
  noSpecialTokensOption,
  offsetsOption,
  tokenizerOption,
  workersOption,
} from './option-groups.js';

/** Corpus bytes per worker thread: a small corpus is not worth starting many. */
const BYTES_PER_WORKER = 256 * 1024;

export const tokenize = defineCommand({
  name: 'tokenize',
  usage: ['tokenize CORPUS... [-t SPEC]... [-e NAME]... [--offsets UNIT] [options]'],
  description: `Prints the token model of every sample of CORPUS as JSON Lines: one line per sample (per
tokenizer and engine), the record \`show --json\` prints for one text (schema:
show.schema.json) with \`source\` (file, line) added. Samples are read as \`report\` reads
them: every file format and record shape, chat records rendered through the chat template
(\`text\` is then the rendered conversation). Streams: memory stays flat on any corpus.

CORPUS: files (.txt a sample per line, .jsonl, .json, .csv, .tsv, .parquet; .gz, .br, .zst
and .bz2 compressed), folders, globs, or - for standard input.`,
  positionals: { name: 'CORPUS...', complete: 'file' },
  options: {
    tokenizer: { ...tokenizerOption, help: `${tokenizerOption.help}; repeat for one pass each` },
    engine: enginesOption,
    ...CORPUS_OPTIONS,
    'chat-template': chatTemplateOption,
    ...TRUNCATION_OPTIONS,
    'no-special-tokens': noSpecialTokensOption,
    offsets: offsetsOption,
    workers: { ...workersOption, defaultHelp: 'one per 256 KiB of corpus, up to the cores' },
  },
  epilogue: `Records that fit no shape are left out (as report rejects them) and counted on stderr.
Example: tokpeek tokenize data.jsonl -t llama3.1 | jq -c '[.source.line, (.tokens | length)]'`,
  run: async ({ values, positionals }, io) => {
    if (positionals.length === 0)
      throw new UsageError('tokenize needs a CORPUS', 'Example: tokpeek tokenize corpus.jsonl -t llama3.1');
    const specs = values.tokenizer.length ? values.tokenizer : [DEFAULT_TOKENIZER];
    const engines: EngineName[] = values.engine.length ? values.engine : ['js'];
    const passes = specs.flatMap((spec) => engines.map((engine) => ({ spec, engine })));
    if (passes.length > 1 && positionals.includes(STDIN))
      throw new UsageError(
        `standard input can be read once, and ${passes.length} tokenizer × engine passes were asked for`,
        'Give one -t and one -e, or save the input to a file.',
      );
    const files = await expandInputs(positionals, io.cwd, (s) =>
      printLine(io.stderr, `tokpeek: skipped ${s.file}: ${s.reason}`),
    );
    const bytes = files.reduce((n, f) => n + (f === STDIN ? 0 : fs.statSync(path.resolve(io.cwd, f)).size), 0);
    const workers = values.workers ?? Math.min(defaultWorkers(), Math.max(1, Math.ceil(bytes / BYTES_PER_WORKER)));
    const read = corpusReadOptions(values);
    for (const { spec, engine } of passes) {
      const tok = lazyTokenizer(spec, engine, io.env);
      const addSpecial = !values['no-special-tokens'];
      const opening = TokenizerPool.open(tok, { workers, offsets: true, addSpecialTokens: addSpecial });
      opening.catch(() => {}); // awaited below
      let skipped = 0;
      let first = '';
      try {
        // Like transformers (and show), the side comes from tokenizer_config.json unless asked for.
        const side =
          values['truncation-side'] ?? (anatomyOf(tok.files).config.truncationSide === 'left' ? 'left' : 'right');
        const renderer = chatRendererFor(tok.files, { choice: values['chat-template'], cwd: io.cwd });
        const samples = shownSamples(files, read, {
          renderer,
          onSkip: (s, why) => {
            skipped++;
            first ||= `${s.unit === 'row' ? `${s.file} row ${s.line}` : `${s.file}:${s.line}`}: ${why}`;
          },
        });
        const pool = await opening;
        // A rendered chat carries its own special tokens, as apply_chat_template's output does.
        const stream = pool.encodeStream(
          samples,
          (s) => s.text,
          (s) => ({ addSpecialTokens: addSpecial && (s.rendered?.addSpecialTokens ?? true) }),
        );
        for await (const { item, encoding } of eachEncoded(stream)) {
          const sample = toSample(item.text, encoding, tok.vocabulary, {
            maxLength: values['max-length'],
            truncationSide: side,
          });
          const line = tokenRecordLine(tok, sample, values.offsets, sourceOf(item));
          if (!io.stdout.write(`${line}\n`)) await once(io.stdout, 'drain');
        }
      } finally {
        await opening.then(
          (pool) => pool.close(),
          () => {},
        );
      }
      if (skipped)
        printLine(
          io.stderr,
          `tokpeek: ${plural(skipped, 'record')} left out (report counts them as rejected); the first: ${first}`,
        );
    }
    return 0;
  },
});

function sourceOf(s: ShownSample): NonNullable<ShowRecord['source']> {
  return {
    file: s.file,
    line: s.line,
    ...(s.unit ? { unit: s.unit } : {}),
    ...(s.shape && s.shape !== 'text' ? { shape: s.shape } : {}),
    ...(s.variant ? { variant: s.variant } : {}),
  };
}
