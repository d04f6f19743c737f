// The token model of one text as a JSON line, for `show --json` and `tokenize`: one record
// type (ShowRecord, schema show.schema.json), offsets in the unit asked for.

import { type OffsetUnit, inOffsetUnit } from '../core/offset-units.js';
import type { TokenizedSample } from '../core/token-model.js';
import type { ShowRecord } from '../render/json-contracts.js';
import { jsonText } from '../render/json-text.js';
import { type LoadedTokenizer, engineCopyOfLoaded } from '../tokenizers/load.js';

export function tokenRecordLine(
  tokenizer: Pick<LoadedTokenizer, 'name' | 'source' | 'fingerprint' | 'engine' | 'project'>,
  sample: TokenizedSample,
  unit: OffsetUnit,
  source?: ShowRecord['source'],
): string {
  const copy = engineCopyOfLoaded(tokenizer);
  const record = {
    offsets: unit,
    tokenizer: {
      name: tokenizer.name,
      spec: tokenizer.source.spec,
      fingerprint: tokenizer.fingerprint,
      engine: tokenizer.engine.name,
      engineVersion: tokenizer.engine.version,
      ...(copy !== undefined ? { engineCopy: copy } : {}),
    },
    ...(source ? { source } : {}),
    ...inOffsetUnit(sample, unit),
  } satisfies ShowRecord;
  return jsonText(record, 'line');
}
