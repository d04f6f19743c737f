// The background count's encodings: ids only, each sample with its own special-token setting.

import type { ShownSample } from '../../corpus/shown-samples.js';
import type { RawEncoding } from '../../core/token-model.js';
import type { TokenizerPool } from '../../tokenizers/pool.js';

/** Ids of a batch of samples; a rendered chat holds its template's special tokens, so none are added to it. */
export async function encodeCounts(
  pool: Pick<TokenizerPool, 'encode'>,
  samples: ShownSample[],
): Promise<RawEncoding[]> {
  const chat = samples.map((s) => s.rendered?.addSpecialTokens === false);
  if (!chat.includes(true)) return pool.encode(samples.map((s) => s.text));
  const at = (rendered: boolean) => samples.flatMap((_, i) => (chat[i] === rendered ? [i] : []));
  const [plain, rendered] = [at(false), at(true)];
  const [a, b] = await Promise.all([
    plain.length ? pool.encode(plain.map((i) => samples[i]!.text)) : [],
    pool.encode(
      rendered.map((i) => samples[i]!.text),
      { addSpecialTokens: false },
    ),
  ]);
  const out = new Array<RawEncoding>(samples.length);
  plain.forEach((i, j) => (out[i] = a[j]!));
  rendered.forEach((i, j) => (out[i] = b[j]!));
  return out;
}
