// What tokpeek's token model costs over the bare engines, on the 6 MB benchmark corpus.
//   bare js        @huggingface/tokenizers `encode` per line (ids only)
//   tokpeek js     the same engine with tokpeek's offset replay (the token model `show` and the TUI use)
//   bare rust      the Rust binding's `encodeBatch` (it computes offsets natively)
//   tokpeek rust   tokpeek's rust engine (offsets converted to UTF-16, inserted-token mask)

import { Tokenizer as JsTokenizer } from '@huggingface/tokenizers';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { loadTokenizer } from '../../dist/tokenizers/load.js';
import { batched as over, benchLines, time } from './corpus.mjs';

const lines = benchLines(Number(process.env.BENCH_BYTES ?? 6_000_000));
const mb = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0) / 1e6;
const batched = (encode) => over(lines, encode);

console.log(`corpus: ${lines.length} lines, ${mb.toFixed(1)} MB\n`);
console.log('| tokenizer | bare js MB/s | tokpeek js (offsets) | ratio | bare rust MB/s | tokpeek rust | ratio |');
console.log('|---|---|---|---|---|---|---|');
for (const spec of (process.env.BENCH_TOKENIZERS ?? 'gpt4o,llama3.1,mistral,wordpiece-en').split(',')) {
  const js = await loadTokenizer(spec, 'js');
  const rust = await loadTokenizer(spec, 'rust');
  const bareJs = new JsTokenizer(js.files.tokenizer, js.files.config ?? {});
  const bareRust = RustTokenizer.fromFile(
    rust.source.kind === 'file' ? rust.source.path : `${rust.source.path}/tokenizer.json`,
  );
  bareJs.encode(lines[0]); // warm-up
  const a = await time(async () => lines.reduce((n, l) => n + bareJs.encode(l).ids.length, 0));
  const b = await time(() =>
    batched(async (batch) => (await js.engine.encodeBatch(batch, true)).map((e) => e.ids.length)),
  );
  const c = await time(() =>
    batched(async (batch) =>
      (await bareRust.encodeBatch(batch, { addSpecialTokens: true })).map((e) => e.getIds().length),
    ),
  );
  const d = await time(() =>
    batched(async (batch) => (await rust.engine.encodeBatch(batch, true)).map((e) => e.ids.length)),
  );
  if (a.tokens !== b.tokens || c.tokens !== d.tokens)
    throw new Error(`${spec}: token counts differ (${a.tokens} ${b.tokens} ${c.tokens} ${d.tokens})`);
  const rate = (r) => (mb / (r.ms / 1000)).toFixed(2);
  console.log(
    `| ${spec} | ${rate(a)} | ${rate(b)} | ${(b.ms / a.ms).toFixed(2)}× | ${rate(c)} | ${rate(d)} | ${(d.ms / c.ms).toFixed(2)}× |`,
  );
}
console.log('\nratio = tokpeek time / bare time on the same lines (1.00× = no overhead).');
