// `tokpeek tokenizers`: the bundled tokenizers, what they are and where their files come from.

import { anatomyOf } from '../core/anatomy.js';
import { groupDigits } from '../render/anatomy-text.js';
import { BUNDLED, DEFAULT_TOKENIZER } from '../tokenizers/bundled.js';
import { readTokenizerFiles } from '../tokenizers/load.js';
import { defineCommand } from './definition.js';
import { jsonOption } from './option-groups.js';
import type { TokenizerList } from '../render/json-contracts.js';
import { jsonText } from '../render/json-text.js';
import path from 'node:path';

export const tokenizers = defineCommand({
  name: 'tokenizers',
  usage: ['tokenizers [--json]'],
  description: 'Lists the tokenizers that work offline after npm install; use their names with -t.',
  options: { json: jsonOption },
  run: async ({ values }, io) => {
    const rows: TokenizerList = BUNDLED.map((b) => {
      const folder = b.folder();
      const a = anatomyOf(readTokenizerFiles(path.join(folder, 'tokenizer.json')));
      const special = a.addedTokens.filter((t) => t.special).map((t) => t.content);
      return {
        name: b.name,
        family: b.family,
        vocabSize: a.model.vocabSize,
        specialTokens: special,
        template: a.postProcessor.single,
        source: folder,
        description: b.description,
        default: b.name === DEFAULT_TOKENIZER,
      };
    });
    if (values.json) {
      io.stdout.write(jsonText(rows));
      return 0;
    }
    const nameWidth = Math.max(...rows.map((r) => r.name.length)) + 2;
    for (const r of rows) {
      const shown =
        r.specialTokens.slice(0, 4).join(' ') + (r.specialTokens.length > 4 ? ` (+${r.specialTokens.length - 4})` : '');
      io.stdout.write(
        `${(r.name + (r.default ? '*' : '')).padEnd(nameWidth)}${r.family} · vocab ${groupDigits(r.vocabSize)} · template ${r.template}\n`,
      );
      io.stdout.write(`${''.padEnd(nameWidth)}special: ${shown || 'none'}\n`);
      io.stdout.write(`${''.padEnd(nameWidth)}${r.description}\n`);
      io.stdout.write(`${''.padEnd(nameWidth)}${r.source}\n`);
    }
    io.stdout.write(
      `\n* default. Use any of these with -t NAME; a folder, a tokenizer.json path or org/name[@revision] from the Hugging Face cache work too.\n`,
    );
    return 0;
  },
});
