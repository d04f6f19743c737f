// Loaded into a tokpeek process (NODE_OPTIONS=--import) by test/integration/report-memory.test.ts:
// says on stderr whether the main thread still holds the parsed tokenizer.json (the object, its
// vocabulary, its merges) while the report streams. It keeps weak references to the first
// JSON.parse result that has a model with merges; when the main thread has parsed
// TOKPEEK_PROBE_AT records (JSONL lines), it runs V8's full collection and writes
// `tokpeek-probe: tokenizer.json released` or `... retained (what)`, and the size of the main
// thread's young generation (`tokpeek-probe: young generation N MiB`).

import v8 from 'node:v8';
import vm from 'node:vm';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const at = Number(process.env.TOKPEEK_PROBE_AT ?? 100);
  const parse = JSON.parse;
  let refs;
  let records = 0;
  const check = () => {
    v8.setFlagsFromString('--expose-gc');
    vm.runInNewContext('gc')();
    const held = Object.entries(refs ?? {}).filter(([, r]) => r.deref() !== undefined);
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
    process.stderr.write(
      `tokpeek-probe: ${!refs ? 'no tokenizer.json parsed' : held.length ? `tokenizer.json retained (${held.map(([k]) => k).join(', ')})` : 'tokenizer.json released'}\n` +
        `tokpeek-probe: young generation ${Math.round(young / 2 ** 20)} MiB\n`,
    );
  };
  JSON.parse = function (text, reviver) {
    const value = parse.call(this, text, reviver);
    if (!refs && Array.isArray(value?.model?.merges))
      refs = {
        object: new WeakRef(value),
        vocab: new WeakRef(value.model.vocab),
        merges: new WeakRef(value.model.merges),
      };
    else if (value && typeof value === 'object' && 'text' in value && ++records === at) setTimeout(check, 0);
    return value;
  };
}
