// `tokpeek` / `tokpeek browse [CORPUS...]`: the samples of a corpus under one or two tokenizers.
// Without a terminal it prints the same samples non-interactively.

import type { Io } from '../io.js';
import { terminalWidth, useColor } from '../io.js';
import { collectSamples, type CorpusFormat } from '../corpus/read-corpus.js';
import { defaultCorpora } from '../corpus/bundled-corpora.js';
import { type LoadedTokenizer, loadTokenizer, tokenizeTexts } from '../tokenizers/load.js';
import { renderTokens } from '../render/token-text.js';
import { visible } from '../render/visible.js';
import { TOKENIZER_OPTIONS, engineOf, parse, positiveInt, sideOf } from './options.js';
import { UsageError } from '../errors.js';

const OVERVIEW_TOKENIZERS = ['llama3.1', 'mistral', 'wordpiece-en'];

const HELP = `Usage: tokpeek [browse] [CORPUS...] [-t SPEC [-t SPEC2]] [options]

Shows corpus samples token by token. CORPUS files are .txt (a sample per line) or
.jsonl (--field names the text field); default: the bundled corpora.

  -t, --tokenizer SPEC       tokenizer (twice to compare; default: one of each family)
  -e, --engine NAME          js | rust | transformers (twice to compare engines)
      --field PATH           JSONL text field (default text)
      --max-length N         truncation point to show
      --truncation-side S    right (default) or left
      --limit N              samples to print without a terminal (default 12)`;

export async function browse(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('browse', args, {
    ...TOKENIZER_OPTIONS,
    field: { type: 'string' },
    format: { type: 'string' },
    'max-length': { type: 'string' },
    'truncation-side': { type: 'string' },
    limit: { type: 'string' },
  });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  if (values.format !== undefined && values.format !== 'txt' && values.format !== 'jsonl') throw new UsageError(`--format must be txt or jsonl, not "${values.format}"`);
  const files = positionals.length ? positionals : defaultCorpora();
  const limit = positiveInt('limit', values.limit) ?? 12;
  const maxLength = positiveInt('max-length', values['max-length']);
  const truncationSide = sideOf(values['truncation-side']);
  const samples = await collectSamples(files, { field: values.field, format: values.format as CorpusFormat | undefined }, limit);
  const specs = values.tokenizer ?? OVERVIEW_TOKENIZERS;
  const engines = (values.engine ?? ['js']).map(engineOf);
  const color = useColor(io);
  const width = terminalWidth(io);
  const loaded: LoadedTokenizer[] = [];
  for (const spec of specs) for (const engine of engines) loaded.push(await loadTokenizer(spec, engine, io.env));
  const results = await Promise.all(loaded.map((t) => tokenizeTexts(t, samples.map((s) => s.text), { maxLength, truncationSide })));
  const bold = (s: string) => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[22m` : s);
  samples.forEach((sample, i) => {
    io.stdout.write(`${i > 0 ? '\n' : ''}${bold(visible(`${sample.file}:${sample.line}`, { whitespace: false }))}\n`);
    loaded.forEach((t, k) => {
      io.stdout.write(dim(visible(`${t.name} (${t.engine.name})`, { whitespace: false })) + '\n');
      io.stdout.write(renderTokens(results[k]![i]!, { color, width }) + '\n');
    });
  });
  return 0;
}
