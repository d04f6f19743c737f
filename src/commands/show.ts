// `tokpeek show [TEXT]`: one text, its token boundaries, ids and truncation point.

import fs from 'node:fs';
import { type Io, colorEnabled, readAll, terminalWidth } from '../io.js';
import { fileKind } from '../contained-path.js';
import { InputError, UsageError, fileError } from '../errors.js';
import { tokenRecordLine } from './token-record.js';
import { type Token, type TokenizedSample, engineRan } from '../core/token-model.js';
import { DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { engineCopyOfLoaded, loadTokenizer, tokenizeIsolated } from '../tokenizers/load.js';
import { renderTokens } from '../render/token-text.js';
import { anatomyOf } from '../core/anatomy.js';
import { visible } from '../core/visible.js';
import { BOLD, sgr } from '../render/sgr.js';
import { decodeUtf8 } from '../decode-utf8.js';
import { formatBytes } from '../core/quantities.js';
import { DEFAULT_MAX_LINE_BYTES } from '../corpus/read-corpus.js';
import { defineCommand } from './definition.js';
import {
  TRUNCATION_OPTIONS,
  colorOption,
  enginesOption,
  noSpecialTokensOption,
  offsetsOption,
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
    json: {
      type: 'boolean',
      help: 'the token model as JSON, one line per tokenizer (schema: show.schema.json); for a corpus: `tokpeek tokenize`',
    },
    offsets: offsetsOption,
    count: {
      type: 'boolean',
      help: 'print only the number of tokens (after --max-length); with several -t, one `COUNT<TAB>NAME` line each',
    },
    'ids-only': {
      type: 'boolean',
      help: 'print only the token ids, space-separated (after --max-length); with several -t, one `NAME<TAB>IDS` line each',
    },
    decode: {
      type: 'boolean',
      help: 'the input is token ids (spaces, commas or a JSON array) and the output their text, for one -t; escapes are made visible on a terminal and written as decoded into a pipe',
    },
    color: colorOption,
  },
  run: async ({ values, positionals }, io) => {
    if (positionals.length === 1 && values.file) throw new UsageError('give either TEXT or --file, not both');
    const modes = (['json', 'count', 'ids-only', 'decode'] as const).filter((m) => values[m]);
    if (modes.length > 1) throw new UsageError(`--${modes[0]} and --${modes[1]} do not go together`);
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
    if (values.decode) {
      if (specs.length * engines.length > 1)
        throw new UsageError('--decode takes one tokenizer and one engine: ids mean different text in each');
      const tokenizer = await loadTokenizer(specs[0]!, engines[0]!, io.env);
      const ids = parseIds(text, tokenizer.name, (id) => tokenizer.vocabulary.has(id));
      const decoded = await tokenizer.engine.decode(ids);
      // Into a pipe the text goes byte for byte as decoded (it is the data: `show --ids-only | show
      // --decode` gives the input back); on a terminal its escapes are made inert.
      io.stdout.write(io.stdout.isTTY ? visible(decoded, { whitespace: false }) + '\n' : decoded);
      return 0;
    }
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
      for (const { tokenizer, sample } of results)
        io.stdout.write(`${tokenRecordLine(tokenizer, sample, values.offsets)}\n`);
      return 0;
    }
    if (values.count || values['ids-only']) {
      for (const { tokenizer, sample } of results) {
        const kept = keptTokens(sample);
        const value = values.count ? String(kept.length) : kept.map((t) => t.id).join(' ');
        const name = visible(tokenizer.name, { whitespace: false });
        const engine = engines.length > 1 ? ` · ${tokenizer.engine.name}` : '';
        if (results.length === 1) io.stdout.write(value + '\n');
        else io.stdout.write(values.count ? `${value}\t${name}${engine}\n` : `${name}${engine}\t${value}\n`);
      }
      return 0;
    }
    const width = terminalWidth(io);
    for (const [i, { tokenizer, sample }] of results.entries()) {
      if (results.length > 1) {
        const engine = engineRan(tokenizer.engine.name, tokenizer.engine.version, engineCopyOfLoaded(tokenizer));
        const title = `${tokenizer.name} · ${engine} · ${tokenizer.fingerprint.slice(7, 19)}`;
        io.stdout.write(
          `${i > 0 ? '\n' : ''}${color ? sgr(BOLD, visible(title, { whitespace: false })) : `== ${visible(title, { whitespace: false })}`}\n`,
        );
      }
      io.stdout.write(renderTokens(sample, { color, ids: values.ids, width }) + '\n');
    }
    return 0;
  },
});

/** The tokens the model sees: all of them, or those --max-length keeps. */
function keptTokens(sample: TokenizedSample): Token[] {
  const cut = sample.truncation;
  return cut ? [...sample.tokens.slice(0, cut.droppedFrom), ...sample.tokens.slice(cut.droppedTo)] : sample.tokens;
}

/** Token ids as people paste them: `1 2 3`, `1,2,3`, `[1, 2, 3]`; each must be in the vocabulary. */
function parseIds(text: string, tokenizerName: string, known: (id: number) => boolean): number[] {
  const body = text.trim().replace(/^\[([\s\S]*)\]$/, '$1');
  const words = body.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0)
    throw new UsageError('--decode needs token ids (e.g. echo 128000 9906 | tokpeek show --decode)');
  return words.map((w, i) => {
    if (!/^\d+$/.test(w))
      throw new UsageError(
        `--decode: ${JSON.stringify(visible(w.slice(0, 40), { whitespace: false }))} (item ${i + 1}) is not a token id`,
      );
    const id = Number(w);
    if (!known(id))
      throw new UsageError(
        `--decode: ${id} (item ${i + 1}) is not an id of ${visible(tokenizerName, { whitespace: false })}`,
      );
    return id;
  });
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
