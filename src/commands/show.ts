// `tokpeek show [TEXT]`: one text, its token boundaries, ids and truncation point.

import fs from 'node:fs';
import type { Io } from '../io.js';
import { readAll, terminalWidth, colorEnabled } from '../io.js';
import { fileKind } from '../contained-path.js';
import { InputError, UsageError, fileError } from '../errors.js';
import type { ShowRecord } from '../render/json-contracts.js';
import { jsonText } from '../render/json-text.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { loadTokenizer, tokenizeIsolated } from '../tokenizers/load.js';
import { renderTokens } from '../render/token-text.js';
import { anatomyOf } from '../core/anatomy.js';
import { visible } from '../render/visible.js';
import { decodeUtf8 } from '../corpus/decode.js';
import { formatBytes } from '../core/quantities.js';
import { DEFAULT_MAX_LINE_BYTES } from '../corpus/read-corpus.js';
import { defineCommand } from './definition.js';
import {
  TRUNCATION_OPTIONS,
  colorOption,
  enginesOption,
  noSpecialTokensOption,
  tokenizerOption,
  wholeNumber,
} from './option-groups.js';

export const show = defineCommand({
  name: 'show',
  usage: ['show [TEXT] [-t SPEC]... [options]'],
  description: 'Prints TEXT (or --file, or standard input: no TEXT, or -) with its token boundaries.',
  positionals: { name: '[TEXT]', max: 1 },
  options: {
    tokenizer: { ...tokenizerOption, help: `${tokenizerOption.help}; repeat to compare` },
    engine: enginesOption,
    file: {
      type: 'string',
      short: 'f',
      value: 'FILE',
      complete: 'file',
      help: 'read the text from FILE (UTF-8, byte for byte: a leading BOM is kept)',
    },
    ids: { type: 'boolean', help: 'print token ids under the tokens' },
    'max-length': {
      ...TRUNCATION_OPTIONS['max-length'],
      // 0 and other lengths below the template's specials are allowed: HF truncates there too.
      parse: wholeNumber(0),
      help: "show where truncation at N tokens cuts (as Rust does, also below the template's special-token count: one word is kept)",
    },
    'truncation-side': TRUNCATION_OPTIONS['truncation-side'],
    'no-special-tokens': noSpecialTokensOption,
    json: { type: 'boolean', help: 'the token model as JSON, one line per tokenizer (schema: show.schema.json)' },
    color: colorOption,
  },
  run: async ({ values, positionals }, io) => {
    if (positionals.length === 1 && values.file) throw new UsageError('give either TEXT or --file, not both');
    const maxLength = values['max-length'];
    const truncationSide = values['truncation-side'];
    const engines = values.engine.length ? values.engine : (['js'] as const);
    // `-` (as TEXT or --file) is standard input, as for report.
    const fromStdin = positionals[0] === '-' || values.file === '-';
    const text = fromStdin
      ? await readStdin(io)
      : (positionals[0] ?? (values.file ? readTextFile(values.file) : await readStdin(io)));

    const color = values.color ?? colorEnabled(io);
    const specs = values.tokenizer.length ? values.tokenizer : [DEFAULT_TOKENIZER];
    const results = [];
    for (const spec of specs)
      for (const engine of engines) {
        const tokenizer = await loadTokenizer(spec, engine, io.env);
        // Like transformers, the side comes from tokenizer_config.json unless asked for.
        const side = truncationSide ?? (anatomyOf(tokenizer.files).config.truncationSide === 'left' ? 'left' : 'right');
        const [sample] = await tokenizeIsolated(tokenizer, [text], {
          addSpecialTokens: !values['no-special-tokens'],
          maxLength,
          truncationSide: side,
        });
        results.push({ tokenizer, sample: sample! });
      }

    if (values.json) {
      // One line per tokenizer × engine (JSONL), the same record for one -t or several.
      for (const { tokenizer, sample } of results) {
        const record = {
          offsets: 'utf16',
          tokenizer: {
            name: tokenizer.name,
            spec: tokenizer.source.spec,
            fingerprint: tokenizer.fingerprint,
            engine: tokenizer.engine.name,
            engineVersion: tokenizer.engine.version,
          },
          ...sample,
        } satisfies ShowRecord;
        io.stdout.write(`${jsonText(record, 'line')}\n`);
      }
      return 0;
    }
    const width = terminalWidth(io);
    for (const [i, { tokenizer, sample }] of results.entries()) {
      if (results.length > 1) {
        const title = `${tokenizer.name} · ${tokenizer.engine.name} · ${tokenizer.fingerprint.slice(7, 19)}`;
        io.stdout.write(
          `${i > 0 ? '\n' : ''}${color ? `\x1b[1m${visible(title, { whitespace: false })}\x1b[22m` : `== ${visible(title, { whitespace: false })}`}\n`,
        );
      }
      io.stdout.write(renderTokens(sample, { color, ids: values.ids, width }) + '\n');
    }
    return 0;
  },
});

function readTextFile(file: string): string {
  let buf: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new InputError(file, `is ${fileKind(stat)}, not a text file`);
    const size = stat.size;
    if (size > DEFAULT_MAX_LINE_BYTES)
      throw new InputError(
        file,
        `is ${formatBytes(size)}, more than show takes (${formatBytes(DEFAULT_MAX_LINE_BYTES)})`,
        undefined,
        'Use `tokpeek report` or `tokpeek browse` for corpora.',
      );
    buf = fs.readFileSync(file);
  } catch (e) {
    throw fileError(file, e);
  }
  return decodeUtf8(buf, file, { keepBom: true });
}

async function readStdin(io: Io): Promise<string> {
  if (io.stdin.isTTY)
    throw new UsageError(
      'show needs a TEXT argument, --file, or text on standard input',
      'Example: tokpeek show "Hello world" -t llama3',
    );
  return decodeUtf8(await readAll(io.stdin, DEFAULT_MAX_LINE_BYTES), '<stdin>', { keepBom: true });
}
