// `tokpeek show [TEXT]`: one text, its token boundaries, ids and truncation point.

import fs from 'node:fs';
import type { Io } from '../io.js';
import { readAll, terminalWidth, colorEnabled } from '../io.js';
import { fileKind } from '../contained-path.js';
import { InputError, UsageError, fileError } from '../errors.js';
import type { ShowRecord } from '../render/json-contracts.js';
import { jsonText } from '../render/json-text.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { loadTokenizer, tokenizeTexts } from '../tokenizers/load.js';
import { renderTokens } from '../render/token-text.js';
import { anatomyOf } from '../core/anatomy.js';
import { visible } from '../render/visible.js';
import { decodeUtf8 } from '../corpus/decode.js';
import { DEFAULT_MAX_LINE_BYTES, formatBytes } from '../corpus/read-corpus.js';
import { TOKENIZER_OPTIONS, TRUNCATION_OPTIONS, engineOf, parse, positiveInt, sideOf } from './options.js';

const HELP = `Usage: tokpeek show [TEXT] [-t SPEC]... [options]

Prints TEXT (or --file, or standard input) with its token boundaries.

  -t, --tokenizer SPEC       tokenizer (repeat to compare; default ${DEFAULT_TOKENIZER})
  -e, --engine NAME          js | rust | transformers | tiktoken (default js; repeat to compare engines)
  -f, --file FILE            read the text from FILE (UTF-8, byte for byte: a leading BOM is kept)
      --ids                  print token ids under the tokens
      --max-length N         show where truncation at N tokens cuts (as Rust does, also below
                             the template's special-token count: one word is kept)
      --truncation-side S    right or left (default: tokenizer_config.json's, else right)
      --no-special-tokens    do not add the post-processor's special tokens (BOS/EOS/CLS/SEP)
      --json                 the token model as JSON, one line per tokenizer (schema: show.schema.json)
      --color / --no-color   force colours on or off (default: on in a terminal, off with NO_COLOR)`;

export async function show(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('show', args, {
    ...TOKENIZER_OPTIONS,
    file: { type: 'string', short: 'f' },
    ids: { type: 'boolean' },
    ...TRUNCATION_OPTIONS,
    'no-special-tokens': { type: 'boolean' },
    json: { type: 'boolean' },
    color: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`show takes one TEXT argument, got ${positionals.length} (quote the text)`);
  if (positionals.length === 1 && values.file) throw new UsageError('give either TEXT or --file, not both');
  // 0 and other lengths below the template's specials are allowed: HF truncates there too.
  const maxLength = positiveInt('max-length', values['max-length'], 0);
  const truncationSide = sideOf(values['truncation-side']);
  const engines = (values.engine ?? ['js']).map(engineOf);
  const text = positionals[0] ?? (values.file ? readTextFile(values.file) : await readStdin(io));

  const color = values['no-color'] ? false : values.color ? true : colorEnabled(io);
  const specs = values.tokenizer ?? [DEFAULT_TOKENIZER];
  const results = [];
  for (const spec of specs)
    for (const engine of engines) {
      const tokenizer = await loadTokenizer(spec, engine, io.env);
      // Like transformers, the side comes from tokenizer_config.json unless asked for.
      const side = truncationSide ?? (anatomyOf(tokenizer.files).config.truncationSide === 'left' ? 'left' : 'right');
      const [sample] = await tokenizeTexts(tokenizer, [text], {
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
}

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
