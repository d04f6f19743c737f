// `tokpeek info -t SPEC`: the anatomy of a tokenizer and where its files disagree.

import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { jsonText } from '../render/json-text.js';
import { anatomyOf } from '../core/anatomy.js';
import { renderAnatomy } from '../render/anatomy-text.js';
import { visible } from '../render/visible.js';
import { loadTokenizer } from '../tokenizers/load.js';
import { TOKENIZER_OPTIONS, engineOf, parse } from './options.js';

const HELP = `Usage: tokpeek info -t SPEC [--engine NAME] [--json]

Model, normalizer, pre-tokenizer, post-processor template, decoder, special tokens,
max length, padding/truncation side, chat template, fingerprint and source, and
warnings where tokenizer.json and tokenizer_config.json disagree.`;

export async function info(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('info', args, { ...TOKENIZER_OPTIONS, json: { type: 'boolean' } });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const specs = [...(values.tokenizer ?? []), ...positionals];
  if (specs.length === 0)
    throw new UsageError(
      'info needs a tokenizer: tokpeek info -t SPEC',
      'See `tokpeek tokenizers` for the bundled ones.',
    );
  const engine = engineOf(values.engine?.[0]);
  const all = [];
  for (const spec of specs) {
    const tokenizer = await loadTokenizer(spec, engine, io.env);
    const anatomy = anatomyOf(tokenizer.files);
    const extra = {
      fingerprint: tokenizer.fingerprint,
      engine: tokenizer.engine.name,
      engineVersion: tokenizer.engine.label,
      // How report, snapshot and check encode with this tokenizer (ids without offsets).
      bulkPath: tokenizer.engine.bulkPath ?? {
        path: 'engine' as const,
        reason: 'this engine encodes every text itself',
      },
    };
    if (values.json) all.push({ name: tokenizer.name, source: tokenizer.source, ...extra, anatomy });
    else {
      // Token contents come from the files: never let them drive the terminal.
      if (all.length > 0) io.stdout.write('\n');
      all.push(tokenizer.name);
      io.stdout.write(visible(renderAnatomy(anatomy, tokenizer.source, extra), { whitespace: false }) + '\n');
    }
  }
  if (values.json) io.stdout.write(jsonText(all.length === 1 ? all[0] : all));
  return 0;
}
